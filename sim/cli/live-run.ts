/**
 * `vopr --seed N --target T`: the run command's live form (sim/live/run-live.ts). It adds the
 * live-only options (--history, --history-format, --check-budget-ms), prints what the seed chose
 * and that the run does not replay, the checker's report and a summary with the throughput, and
 * sets the exit code as `vopr check-history` does: 0 linearizable, 1 not linearizable, 4
 * undecided within the budget; 2 for bad input, 3 when the tool could not do its job.
 *
 * A run that does not pass keeps its history even without --history (a live run cannot be
 * replayed, so the history is the only record): it goes to `live-<seed>.history.jsonl`.
 */
import type { Argv } from 'yargs';
import { liveTargetOf } from '../config/target-kind.ts';
import { reportJson, reportLines } from '../linearizability/index.ts';
import {
  HISTORY_FORMATS,
  HistoryExportError,
  type HistoryFormat,
  writeHistory,
} from '../live/history-output.ts';
import type { LiveTarget } from '../live/live-target.ts';
import { targetText } from '../live/live-target.ts';
import { type LiveRun, type LiveRunOptions, runLive } from '../live/run-live.ts';
import { formatSeed } from '../random/index.ts';
import type { RunOptions } from '../run-types.ts';
import { CHECK_BUDGET_MS_DEFAULT, EXIT_UNDECIDED } from './commands/check-history.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  EXIT_USAGE,
  reportInterrupted,
  UsageError,
} from './context.ts';

export interface LiveFlags {
  history?: string | undefined;
  'history-format'?: string | undefined;
  'check-budget-ms'?: number | undefined;
}

export function withLiveOptions<T>(yargs: Argv<T>): Argv<T & LiveFlags> {
  return yargs
    .option('history', {
      type: 'string',
      describe: 'with --target: write the history of the live run to this file',
    })
    .option('history-format', {
      type: 'string',
      describe: `with --history: ${HISTORY_FORMATS.join(' (default) or ')} (Jepsen's form)`,
    })
    .option('check-budget-ms', {
      type: 'number',
      describe: `with --target: wall ms the checker may spend per key partition (default ${CHECK_BUDGET_MS_DEFAULT})`,
    }) as Argv<T & LiveFlags>;
}

/** Refuses --target where a command replays or shrinks a simulated world: a live run does neither. */
export function refuseLiveTarget(options: RunOptions, command: string): void {
  if (liveTargetOf(options.target) !== null)
    throw new UsageError(
      `--target runs a seed live, which ${command} cannot do: use vopr --seed N --target ...`,
    );
}

/** Refuses the live-only options on a simulated run, where they would silently do nothing. */
export function refuseLiveOptions(flags: LiveFlags): void {
  for (const name of ['history', 'history-format', 'check-budget-ms'] as const)
    if (flags[name] !== undefined) throw new UsageError(`--${name} needs --target (a live run)`);
}

function historyFormat(flags: LiveFlags): HistoryFormat {
  const format = flags['history-format'] ?? 'jsonl';
  if (!(HISTORY_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `invalid --history-format: ${JSON.stringify(format)} (expected ${HISTORY_FORMATS.join(' or ')})`,
    );
  if (flags['history-format'] !== undefined && flags.history === undefined)
    throw new UsageError('--history-format needs --history FILE');
  return format as HistoryFormat;
}

function checkBudgetMs(flags: LiveFlags): number {
  const budget = flags['check-budget-ms'] ?? CHECK_BUDGET_MS_DEFAULT;
  if (!(Number.isSafeInteger(budget) && budget > 0))
    throw new UsageError(`invalid --check-budget-ms: ${String(budget)} (expected a positive integer)`);
  return budget;
}

function headerLines(run: LiveRun, target: LiveTarget): string[] {
  const config = run.config;
  const kills = run.choices.killAtOps;
  return [
    `live run: seed ${config.seed} against ${targetText(target)}${run.setting === null ? '' : ` (${run.setting})`}`,
    `  scenario ${config.scenario}  ops ${config.opsMax}  clients ${config.clients}  ` +
      `kills ${kills.length === 0 ? 'none' : `at ops ${kills.join(', ')}`}`,
    '  wall clock: this run does not replay; the seed fixes the workload, not the interleaving',
  ];
}

function summaryLine(run: LiveRun): string {
  const ops = run.history.ops;
  const cutOff = ops.filter((op) => op.status === 'unknown').length;
  const atRisk = run.atRiskIds.length === 0 ? '' : `, ${run.atRiskIds.length} inside a loss window`;
  const opsPerSecond = Math.round(ops.length / Math.max(run.runWallMs / 1000, 1e-3));
  const prefix = run.prefixOps === null ? '' : ` (decided on a prefix of ${run.prefixOps} operations)`;
  const kills = `${run.kills.length} kill${run.kills.length === 1 ? '' : 's'}`;
  const checked = run.checkStopped
    ? `the check stopped by ${run.stoppedBy ?? 'a signal'} after ${Math.round(run.checkWallMs)} ms`
    : `checked in ${Math.round(run.checkWallMs)} ms`;
  const verdict = run.checkStopped ? 'no verdict' : run.report.verdict;
  return (
    `${verdict}${prefix}: ${ops.length} operations (${cutOff} never returned${atRisk}) in ` +
    `${Math.round(run.runWallMs)} ms of wall time (${opsPerSecond} ops/s), ${kills}; ${checked}`
  );
}

function lossesText(run: LiveRun): string {
  const losses = (run.history.losses ?? []).length;
  if (losses === 0) return 'no loss allowed';
  return `${losses} kill${losses === 1 ? '' : 's'} judged as a lost suffix of writes, ${run.atRiskIds.length} operations returned inside a loss window`;
}

function exitCodeOf(run: LiveRun): number {
  if (run.report.verdict === 'linearizable') return EXIT_PASS;
  return run.report.verdict === 'not-linearizable' ? EXIT_FAILURE_FOUND : EXIT_UNDECIDED;
}

/**
 * Writes the history where asked (or, for a run that did not pass, to a default file); returns
 * the path written and one line saying so, or null when nothing was written.
 */
function keepHistory(
  run: LiveRun,
  options: LiveRunOptions,
  flags: LiveFlags,
): { path: string; line: string } | null {
  const format = historyFormat(flags);
  const path =
    flags.history ??
    (run.report.verdict === 'linearizable' ? null : `live-${formatSeed(options.seed)}.history.jsonl`);
  if (path === null) return null;
  try {
    return { path, line: writeHistory(run, options, path, flags.history === undefined ? 'jsonl' : format) };
  } catch (error) {
    if (!(error instanceof HistoryExportError)) throw error;
    const fallback = `${path}.jsonl`;
    cliContext().err(`vopr: ${error.message}`);
    if (cliContext().exitCode === EXIT_PASS) cliContext().exitCode = EXIT_USAGE;
    return { path: fallback, line: writeHistory(run, options, fallback, 'jsonl') };
  }
}

export async function runLiveCommand(
  flags: LiveFlags & { json?: boolean | undefined },
  options: RunOptions,
  target: LiveTarget,
) {
  const context = cliContext();
  historyFormat(flags);
  const { seed, tracePath, keepFiles, ...rest } = options;
  const { target: _live, logLevel: _silent, ...world } = rest;
  if (tracePath !== undefined)
    throw new UsageError('--trace records simulated runs; a live run writes --history');
  if (keepFiles === true)
    throw new UsageError('--keep-files keeps a simulated world; a live server keeps no folder');
  // Several redlite processes on one file exist only in a simulated world: a live target is one
  // server, whose clients are connections (--clients), so the flag would silently do nothing.
  if (world.processes !== undefined)
    throw new UsageError(
      '--processes simulates several redlite processes on one file; a live target is one server: use --clients',
    );
  const pacer = cliPacer();
  const liveOptions: LiveRunOptions = {
    seed,
    target,
    world,
    checkBudgetMs: checkBudgetMs(flags),
    stopReason: () => pacer.stopReason(),
    pacer,
  };
  // Begun, the pacer lets a signal stop the run (clients stop, the server is stopped and its
  // folder removed) rather than end the process with a server left running.
  pacer.begin?.();
  let run: LiveRun;
  let stoppedBy: string | null;
  try {
    run = await runLive(liveOptions);
    stoppedBy = run.stoppedBy ?? pacer.stopReason();
  } finally {
    pacer.end?.();
  }
  context.exitCode = exitCodeOf(run);
  const json = flags.json === true;
  if (!json) {
    for (const line of headerLines(run, target)) context.out(line);
    if (!run.checkStopped) for (const line of reportLines(run.report)) context.out(line);
    if (run.promise !== null) context.out(`durability: ${run.promise.text}; ${lossesText(run)}`);
    context.out(summaryLine(run));
  }
  const written = keepHistory(run, liveOptions, flags);
  if (json) {
    context.out(
      JSON.stringify({
        seed: formatSeed(seed),
        target: targetText(target),
        scenario: run.config.scenario,
        clients: run.config.clients,
        setting: run.setting,
        kills: run.kills.length,
        losses: (run.history.losses ?? []).length,
        at_risk: run.atRiskIds.length,
        operations: run.history.ops.length,
        run_wall_ms: Math.round(run.runWallMs),
        check_wall_ms: Math.round(run.checkWallMs),
        prefix_ops: run.prefixOps,
        replayable: false,
        stopped_by: stoppedBy,
        check_stopped: run.checkStopped,
        history_file: written?.path ?? null,
        ...reportJson(run.report),
      }),
    );
  } else if (written !== null) context.out(written.line);
  if (stoppedBy !== null) {
    const ops = `stopped after ${run.history.ops.length} operations`;
    reportInterrupted(stoppedBy, written === null ? ops : `${ops}; history written to ${written.path}`);
  }
}
