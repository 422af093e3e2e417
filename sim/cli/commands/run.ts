/**
 * `vopr run` (also the default command, `vopr --seed N`): runs one world and reports it. The
 * human form prints the config first, progress on a terminal, then a summary or a failure
 * report; `--json` ends with one JSON object. Exit codes: 0 pass, 1 failure found, 2 bad input,
 * 3 the trace could not be written (after the report), 130/143 interrupted.
 *
 * The world runs paced, so SIGINT or SIGTERM stops it: the trace so far is written with an
 * `interrupted` outcome, the report says how far it got, and the world's folder is removed.
 * It keeps only the last events in memory and streams the trace, so a run of millions of ops
 * holds bounded memory.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareRuns, RUN_DETERMINISTIC } from '../../checkers/run-deterministic.ts';
import { liveTargetOf } from '../../config/target-kind.ts';
import { TAIL_EVENTS } from '../../execute-events.ts';
import { formatSeed } from '../../random/index.ts';
import { configFor, runWorldPaced, type SeedRunOptions, type WorldRun } from '../../run.ts';
import { type RunResult, STOPPED_BY_HALT } from '../../run-types.ts';
import { startStopwatch } from '../../wall-clock.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  EXIT_TOOL_ERROR,
  reportInterrupted,
  UsageError,
} from '../context.ts';
import { logChoice } from '../human-log.ts';
import { type LiveFlags, refuseLiveOptions, runLiveCommand, withLiveOptions } from '../live-run.ts';
import { configLines } from '../print-config.ts';
import { failureReportLines, incompleteLine, summaryLine } from '../print-result.ts';
import { type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface RunFlags extends WorldFlags, LiveFlags {
  'check-determinism'?: boolean | undefined;
}

function progress(opsMax: number): ((ops: number) => void) | undefined {
  const context = cliContext();
  if (!context.isTty) return undefined;
  const stopwatch = startStopwatch();
  return (ops) => {
    const rate = Math.round(ops / Math.max(stopwatch.elapsedMs() / 1000, 1e-3));
    context.status(`  ${ops}/${opsMax} ops  ${rate} ops/s`);
  };
}

/** Stopped by a signal, as opposed to complete or out of virtual time. */
function isInterrupted(result: RunResult): boolean {
  return (
    result.complete === false && result.stopped_by !== 'virtualMsMax' && result.stopped_by !== STOPPED_BY_HALT
  );
}

/** With --check-determinism, runs the world again and fails the result if the hashes differ. */
async function checkedForDeterminism(
  run: WorldRun,
  options: SeedRunOptions,
  json: boolean,
): Promise<RunResult> {
  const context = cliContext();
  const result = run.result;
  if (result.failure !== null || isInterrupted(result)) return result;
  const { tracePath, logSink, onProgress, ...world } = options;
  const again = await runWorldPaced({ ...world, logLevel: 'silent' }, cliPacer());
  if (again.execution.stoppedBy !== null)
    return { ...result, complete: false, stopped_by: again.execution.stoppedBy };
  const difference = compareRuns(result, again.result);
  if (difference !== null) {
    return {
      ...result,
      result: 'fail',
      failure: { invariant: RUN_DETERMINISTIC, event_index: result.events, message: difference },
    };
  }
  if (!json) context.out(`determinism: both runs gave trace ${result.trace_hash.slice(0, 16)}`);
  return result;
}

async function handler(flags: ArgumentsCamelCase<RunFlags>): Promise<void> {
  const context = cliContext();
  const { options, seedDrawn } = worldOptionsFrom(flags, () => context.drawSeed());
  const json = flags.json === true;
  if (seedDrawn) context.out(`seed ${formatSeed(options.seed)}`);
  const liveTarget = liveTargetOf(options.target);
  if (liveTarget !== null) {
    if (flags['check-determinism'] === true)
      throw new UsageError('--check-determinism needs a simulated run: a live run does not replay');
    return runLiveCommand(flags, options, liveTarget);
  }
  refuseLiveOptions(flags);
  const config = configFor(options);
  const log = logChoice(
    options.logLevel,
    context.isTty,
    json ? 'error' : 'info',
    context.err,
    config.epochMs,
  );
  const runOptions: SeedRunOptions = { ...options, ...log, tailOnly: true };
  if (!json) for (const line of configLines(config)) context.out(line);
  const onProgress = json ? undefined : progress(config.opsMax);
  const run = await runWorldPaced(
    onProgress === undefined ? runOptions : { ...runOptions, onProgress },
    cliPacer(),
  );
  if (onProgress !== undefined) context.status('');
  const result =
    flags['check-determinism'] === true ? await checkedForDeterminism(run, runOptions, json) : run.result;
  const interrupted = isInterrupted(result);
  if (json) {
    context.out(JSON.stringify(interrupted ? { ...result, result: 'interrupted' } : result));
  } else {
    for (const line of failureReportLines(result, run.execution.recorder.tail(TAIL_EVENTS), config.epochMs))
      context.out(line);
    context.out(summaryLine(result));
    const incomplete = incompleteLine(result, config.virtualMsMax);
    if (incomplete !== null) context.out(incomplete);
    if (options.tracePath !== undefined && run.traceError === null)
      context.out(`trace written to ${options.tracePath}`);
    if (run.execution.keptFolder !== null) context.out(`files kept in ${run.execution.keptFolder}`);
  }
  context.exitCode = result.result === 'pass' ? EXIT_PASS : EXIT_FAILURE_FOUND;
  if (interrupted) {
    const kept =
      options.tracePath === undefined || run.traceError !== null
        ? `stopped after ${result.ops} ops`
        : `trace so far written to ${options.tracePath}`;
    reportInterrupted(result.stopped_by ?? 'a signal', kept);
  }
  if (run.traceError !== null) {
    context.err(`vopr: ${run.traceError.message}`);
    context.exitCode = EXIT_TOOL_ERROR;
  }
}

export const runCommand: CommandModule<object, RunFlags> = {
  command: ['run', '$0'],
  describe: 'run one seeded world against redlite and check every reply (the default command)',
  builder: (yargs: Argv) =>
    withLiveOptions(withWorldOptions(yargs)).option('check-determinism', {
      type: 'boolean',
      describe: 'run the world twice and fail if the trace hashes differ',
    }) as Argv<RunFlags>,
  handler,
};
