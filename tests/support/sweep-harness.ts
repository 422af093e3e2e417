/**
 * Helpers for the sweep's tests: absolute paths of the stand-in runners, a temp folder per
 * test, a sweep run with captured output, and a tiny vopr parser holding only the sweep and
 * merge commands (so their flags and exit codes are tested the way bin/vopr parses them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import yargs from 'yargs';
import { mergeCommand } from '../../sim/cli/commands/merge.ts';
import { type SweepFlags, sweepHandler, withSweepOptions } from '../../sim/cli/commands/sweep.ts';
import { EXIT_USAGE, setCliContext, UsageError } from '../../sim/cli/context.ts';
import { ConfigError } from '../../sim/config/ConfigError.ts';
import { InputError } from '../../sim/error-kinds.ts';
import { type RawSweepOptions, sweepOptionsFrom } from '../../sim/sweep/options.ts';
import { runSweep, type SweepDeps, type SweepRun } from '../../sim/sweep/run-sweep.ts';
import type { SeedOutcome } from '../../sim/sweep/seed-outcome.ts';
import { type CliRun, capturingContext } from './cli-capture.ts';

export type { CliRun };

export function runnerPath(
  name:
    | 'stand-in'
    | 'dying-runner'
    | 'hanging-runner'
    | 'broken-runner'
    | 'flaky-runner'
    | 'canary-runner'
    | 'oom-liar-runner',
): string {
  return fileURLToPath(new URL(`./sweep-${name}.ts`, import.meta.url));
}

export function realRunnerPath(): string {
  return fileURLToPath(new URL('../../sim/run.ts', import.meta.url));
}

const madeDirs: string[] = [];
// Every test file that makes folders here removes them when it ends, so `npm test` leaves none.
afterAll(() => {
  for (const dir of madeDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder under the OS temp folder, removed when the test file ends. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `sweep-${label}-`));
  madeDirs.push(dir);
  return dir;
}

export interface CapturedSweep extends SweepRun {
  lines: string[];
  status: string[];
  outcomes: SeedOutcome[];
}

export async function sweepWith(
  runnerModule: string,
  raw: RawSweepOptions,
  env: Record<string, string> = {},
  extra: Pick<SweepDeps, 'shrink' | 'pacer' | 'cores'> = {},
  onOutcome: (outcome: SeedOutcome) => void = () => {},
): Promise<CapturedSweep> {
  const lines: string[] = [];
  const status: string[] = [];
  const outcomes: SeedOutcome[] = [];
  const run = await runSweep(sweepOptionsFrom(raw, env), {
    runnerModule,
    output: { line: (text) => lines.push(text), status: (text) => status.push(text) },
    tty: null,
    progressPeriodMs: 200,
    throughputPeriodMs: 100,
    onOutcome: (outcome) => {
      outcomes.push(outcome);
      onOutcome(outcome);
    },
    ...extra,
  });
  return { ...run, lines, status, outcomes };
}

/** The same test bin/vopr's runCli applies: these errors print one line and exit 2. */
function isInputError(error: unknown): error is Error {
  return error instanceof InputError || error instanceof ConfigError;
}

/** Parses `args` as bin/vopr would, with the sweep's runner swapped for `runnerModule`. */
export async function vopr(args: string[], runnerModule: string): Promise<CliRun> {
  const { context, out, err } = capturingContext(0n);
  setCliContext(context);
  let usage: string | null = null;
  const parser = yargs(args)
    .strict()
    .exitProcess(false)
    // Throwing from fail() matters: yargs 18 otherwise goes on to run the command's handler
    // after a strict-mode error such as an unknown flag.
    .fail((message: string | null, error: Error | undefined) => {
      if (error !== undefined && !isInputError(error)) throw error;
      throw error ?? new UsageError(message ?? 'invalid arguments');
    })
    .command({
      command: 'sweep',
      describe: 'sweep',
      builder: (y) => withSweepOptions(y),
      handler: (flags) => sweepHandler(flags as SweepFlags, runnerModule),
    })
    .command(mergeCommand);
  try {
    await parser.parseAsync();
  } catch (error) {
    if (!isInputError(error)) throw error;
    usage = error.message;
  }
  if (usage !== null) {
    err.push(`vopr: ${String(usage).split('\n')[0]}`);
    return { code: EXIT_USAGE, out, err };
  }
  return { code: context.exitCode, out, err };
}

/**
 * The runner the shard test sweeps: the real simulator. (The stand-in is used for what the
 * simulator cannot do on purpose: die, hang, run out of memory, be nondeterministic.)
 */
export const SHARD_TEST_RUNNER = realRunnerPath();
