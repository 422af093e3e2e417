/**
 * `vopr full` as a function: each part of the profile (sim/full/profiles.ts) runs as its own
 * `bin/vopr` process, one after another, so each is exactly the command a user would type
 * and a failing part replays with that line. A part passes on exit code 0 and fails on any
 * other; its JSON result (the last line, for the commands that print one) supplies the summary.
 * The oracle part is skipped, with the reason, when no Redis is available. The result is one
 * suite report whose checks are the parts.
 *
 * A stop the pacer asks for (a signal at the CLI) is passed on to the running part, which
 * keeps its own work and exits 130 or 143; no later part starts, and each part not run is a
 * skipped check that says what stopped it. Parts run in their own process group, so a Ctrl-C
 * at a terminal reaches the part once, through us, and not twice.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onPath } from '../oracle/local-servers.ts';
import { type Pacer, UNPACED } from '../pacing.ts';
import { shellWord } from '../replay-command.ts';
import { buildSuiteReport, failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { repoRoot } from '../sweep/paths.ts';
import { tickEvery } from '../sweep/wall-timers.ts';
import { startStopwatch } from '../wall-clock.ts';
import { type FullPart, type FullProfile, fullParts } from './profiles.ts';

/** Output lines of a failing part shown in its details. */
const TAIL_LINES = 12;

export interface FullOptions {
  readonly profile: FullProfile;
  /** A Redis for the oracle; null starts redis-server from PATH when there is one. */
  readonly redisUrl: string | null;
}

export interface FullDeps {
  /** The vopr executable (tests use a stand-in); bin/vopr by default. */
  readonly vopr?: string;
  /** Whether redis-server is on PATH; asked of the shell by default. */
  readonly redisOnPath?: () => boolean;
  /** Asked now and then whether to stop (the CLI's pacer: a signal); never stops without one. */
  readonly pacer?: Pacer;
}

export interface FullRun {
  readonly report: SuiteReport;
  /** The signal that stopped the run (its running part told, no later part started), or null. */
  readonly stoppedBy: string | null;
}

/** How often a running part's stop is asked for: a signal reaches the part well within a second. */
const STOP_POLL_MS = 100;

interface ChildOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runChild(
  vopr: string,
  args: readonly string[],
  stopReason: () => string | null,
): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(vopr, [...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
      detached: true,
    });
    let told = false;
    const stopPolling = tickEvery(STOP_POLL_MS, () => {
      const reason = stopReason();
      if (reason === null || told) return;
      told = true;
      child.kill(reason as NodeJS.Signals);
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error) => {
      stopPolling();
      reject(error);
    });
    child.once('close', (code) => {
      stopPolling();
      resolve({ code, stdout, stderr });
    });
  });
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The part's JSON result, or null when it printed none (a crash, a bad flag). */
function jsonResult(stdout: string): Record<string, unknown> | null {
  const last = lines(stdout).at(-1);
  if (last === undefined) return null;
  try {
    const value = JSON.parse(last) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function summaryOf(outcome: ChildOutcome, result: Record<string, unknown> | null): string {
  const totals = result?.totals as Record<string, number> | undefined;
  if (totals !== undefined) {
    const skippedText = totals.skipped ? `, ${totals.skipped} skipped` : '';
    const seeds = totals.seeds === undefined ? '' : ` of ${totals.seeds} seeds`;
    return `${totals.passed} passed, ${totals.failed} failed${skippedText}${seeds}`;
  }
  return lines(outcome.stdout).at(-1) ?? `exit ${outcome.code}`;
}

function commandLine(args: readonly string[]): string {
  return ['bin/vopr', ...args].map(shellWord).join(' ');
}

async function runPart(
  part: FullPart,
  options: FullOptions,
  vopr: string,
  pacer: Pacer,
): Promise<CheckResult> {
  const stopwatch = startStopwatch();
  const args = [...part.args];
  if (part.needsRedis && options.redisUrl !== null) args.push('--redis', options.redisUrl);
  const outcome = await runChild(vopr, part.json ? [...args, '--json'] : args, () => pacer.stopReason());
  const result = part.json ? jsonResult(outcome.stdout) : null;
  const summary = summaryOf(outcome, result);
  const figures = { exit_code: outcome.code ?? -1 };
  if (outcome.code === 0) return passed(part.name, summary, figures, stopwatch.elapsedMs());
  const stoppedBy = pacer.stopReason();
  if (stoppedBy !== null) {
    return skipped(part.name, `stopped by ${stoppedBy} while running (exit ${outcome.code}): ${summary}`);
  }
  const failing = ((result?.checks as CheckResult[] | undefined) ?? []).filter(
    (check) => check.status === 'fail',
  );
  const details =
    failing.length > 0
      ? failing.flatMap((check) => [
          `${check.name}: ${check.failure?.message ?? check.summary}`,
          ...(check.failure?.replay ? [`  replay: ${check.failure.replay}`] : []),
        ])
      : [...lines(outcome.stdout), ...lines(outcome.stderr)].slice(-TAIL_LINES);
  return failed(part.name, summary, figures, stopwatch.elapsedMs(), {
    message: `exit code ${outcome.code}`,
    details,
    replay: commandLine(args),
  });
}

function partResult(
  part: FullPart,
  options: FullOptions,
  deps: Required<FullDeps>,
): Promise<CheckResult> | CheckResult {
  const stoppedBy = deps.pacer.stopReason();
  if (stoppedBy !== null) return skipped(part.name, `not run: stopped by ${stoppedBy}`);
  if (part.needsRedis && options.redisUrl === null && !deps.redisOnPath()) {
    return skipped(part.name, 'no Redis: redis-server is not on PATH and --redis was not given');
  }
  return runPart(part, options, deps.vopr, deps.pacer);
}

export async function runFull(
  options: FullOptions,
  observer: SuiteObserver = {},
  deps: FullDeps = {},
): Promise<FullRun> {
  const stopwatch = startStopwatch();
  const resolved: Required<FullDeps> = {
    vopr: deps.vopr ?? join(repoRoot(), 'bin', 'vopr'),
    redisOnPath: deps.redisOnPath ?? (() => onPath('redis-server') !== null),
    pacer: deps.pacer ?? UNPACED,
  };
  const parts = fullParts(options.profile);
  const checks: CheckResult[] = [];
  resolved.pacer.begin?.();
  try {
    for (const part of parts) {
      observer.progress?.(checks.length, parts.length, part.name);
      const result = await partResult(part, options, resolved);
      checks.push(result);
      observer.checkDone?.(result);
    }
  } finally {
    resolved.pacer.end?.();
  }
  observer.progress?.(checks.length, parts.length, 'done');
  const stoppedBy = resolved.pacer.stopReason();
  const report = buildSuiteReport({
    command: 'full',
    seed: null,
    options: { profile: options.profile, redis: options.redisUrl ?? 'redis-server from PATH' },
    wallMs: stopwatch.elapsedMs(),
    checks,
    data: {
      parts: parts.map((part) => ({ name: part.name, command: commandLine(part.args) })),
      complete: stoppedBy === null,
      stopped_by: stoppedBy,
    },
  });
  return { report, stoppedBy };
}
