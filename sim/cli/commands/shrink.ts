/**
 * `vopr shrink <trace | --seed N> -o <min-trace>`: delta-debugs a failing run down to a small
 * trace that fails with the same invariant, within `--runs` runs and `--time` of wall time,
 * and prints the original and minimized event counts, the runs used and the time taken.
 * `--emit-test <file>` also writes a vitest file for the minimized trace: by default it asserts
 * the failure is gone (it fails until the bug is fixed); with `--expect <invariant>`, for a
 * demonstrated finding, it asserts the finding still reproduces. `--json` ends with one JSON
 * object. Missing folders of -o and --emit-test are created.
 *
 * Exit codes: 1 when the failure was shrunk (a failure was found), 0 when the run passes
 * (nothing to shrink), 2 for bad input (a budget that allowed no shrink run included), 3 when
 * an output could not be written. SIGINT or SIGTERM stops the shrink: the smallest failing
 * trace found so far is written to -o, and the command says so and exits 130 or 143.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { WorldConfig } from '../../config/WorldConfig.ts';
import { DurationError, formatDurationMs, parseDurationMs } from '../../duration.ts';
import type { SimEvent } from '../../events.ts';
import { eventReportLine, failureLines } from '../../failure-lines.ts';
import { OutputWriteError, writeOutputFile } from '../../output-file.ts';
import { finishPaced, RunInterruptedError } from '../../pacing.ts';
import { runWorldPaced } from '../../run.ts';
import { ShrinkBudget } from '../../trace-tools/budget.ts';
import { emitTest } from '../../trace-tools/emit-test.ts';
import { loadTrace } from '../../trace-tools/load-trace.ts';
import { shrinkLines } from '../../trace-tools/report-lines.ts';
import { NotFailingError, shrinkTraceSteps, type TraceShrinkResult } from '../../trace-tools/shrink-trace.ts';
import { writeExecutionTrace } from '../../trace-tools/write-execution.ts';
import { wallNowMs } from '../../wall-clock.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  EXIT_TOOL_ERROR,
  reportInterrupted,
  UsageError,
} from '../context.ts';
import { refuseLiveTarget } from '../live-run.ts';
import { flagThatTraceFixes, type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface ShrinkFlags extends WorldFlags {
  file?: string | undefined;
  out?: string | undefined;
  runs?: number | undefined;
  time?: string | undefined;
  'emit-test'?: string | undefined;
  expect?: string | undefined;
}

export const SHRINK_RUNS_DEFAULT = 5000;
export const SHRINK_SECONDS_DEFAULT = 120;
/** Where the repository root is, for the imports of an emitted test. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The run to shrink, with the invariant it failed when recorded (null if it passed). */
type FailingRun =
  | { config: WorldConfig; events: SimEvent[]; invariant: string | null }
  | { interruptedBy: string };

async function failingRun(flags: ShrinkFlags): Promise<FailingRun> {
  if (flags.file !== undefined) {
    const fixed = flagThatTraceFixes(flags);
    if (fixed !== null) throw new UsageError(`a trace file fixes its own world: drop ${fixed}`);
    const trace = loadTrace(flags.file);
    return {
      config: trace.header.config,
      events: trace.events.map((entry) => entry.event),
      invariant: trace.outcome.failure?.invariant ?? null,
    };
  }
  if (flags.seed === undefined) throw new UsageError('shrink needs a trace file or --seed N');
  const { options } = worldOptionsFrom(flags, () => 0n);
  refuseLiveTarget(options, 'shrink');
  const run = await runWorldPaced({ ...options, logLevel: 'silent' }, cliPacer());
  if (run.execution.stoppedBy !== null) return { interruptedBy: run.execution.stoppedBy };
  return {
    config: run.config,
    events: run.execution.recorder.events.map((entry) => entry.event),
    invariant: run.result.failure?.invariant ?? null,
  };
}

function runsLimit(value: number | undefined): number {
  if (value === undefined) return SHRINK_RUNS_DEFAULT;
  if (!(Number.isFinite(value) && value >= 1))
    throw new UsageError(`invalid --runs: ${value} (expected a whole number of runs, at least 1)`);
  return Math.floor(value);
}

function timeLimitMs(text: string | undefined): number {
  if (text === undefined) return SHRINK_SECONDS_DEFAULT * 1000;
  try {
    return parseDurationMs('--time', text);
  } catch (error) {
    if (error instanceof DurationError) throw new UsageError(error.message);
    throw error;
  }
}

/** Writes one output; a failure is kept to print after the report. */
function tryWrite(errors: OutputWriteError[], write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    errors.push(error);
    return false;
  }
}

function emittedTestText(
  flags: ShrinkFlags,
  config: WorldConfig,
  result: TraceShrinkResult,
  testPath: string,
) {
  const rootFromTest =
    relative(dirname(resolve(testPath)), REPO_ROOT)
      .split('\\')
      .join('/') || '.';
  return emitTest({
    config: config as unknown as Record<string, unknown>,
    seed: config.seed,
    scenario: config.scenario,
    events: result.outcome.events,
    failure: result.minimized.failure ?? result.original,
    rootFromTest,
    replayCommand: `bin/vopr replay ${flags.out}`,
    ...(flags.expect === undefined ? {} : { expectInvariant: flags.expect }),
  });
}

async function handler(flags: ArgumentsCamelCase<ShrinkFlags>): Promise<void> {
  const context = cliContext();
  const out = flags.out;
  if (out === undefined || out === '') throw new UsageError('shrink needs -o <min-trace>');
  const runsMax = runsLimit(flags.runs);
  const wallMsMax = timeLimitMs(flags.time);
  const json = flags.json === true;
  const found = await failingRun(flags);
  if ('interruptedBy' in found) {
    reportInterrupted(found.interruptedBy, 'stopped before the failing run ended; nothing was written');
    return;
  }
  const { config, events } = found;
  if (flags.expect !== undefined && found.invariant !== null && found.invariant !== flags.expect)
    throw new UsageError(`--expect ${flags.expect}: the run fails with ${found.invariant} instead`);
  const budget = new ShrinkBudget({ runsMax, wallMsMax }, wallNowMs);
  let result: TraceShrinkResult;
  try {
    result = await finishPaced(shrinkTraceSteps(config, events, budget), cliPacer());
  } catch (error) {
    if (error instanceof NotFailingError) {
      context.out(
        json ? JSON.stringify({ seed: config.seed, result: 'pass', message: error.message }) : error.message,
      );
      context.exitCode = EXIT_PASS;
      return;
    }
    if (error instanceof RunInterruptedError) {
      reportInterrupted(error.reason, 'stopped while checking the original failure; nothing was written');
      return;
    }
    throw error;
  }
  if (flags.expect !== undefined && flags.expect !== result.original.invariant)
    throw new UsageError(`--expect ${flags.expect}: the run fails with ${result.original.invariant} instead`);
  if (result.interruptedBy === null && budget.runs === 0 && result.outcome.budgetExhausted)
    throw new UsageError(
      `--time ${flags.time ?? SHRINK_SECONDS_DEFAULT} allowed no shrink run (checking the original failure took ${formatDurationMs(budget.elapsedMs())}): give more time`,
    );
  const failure = result.minimized.failure;
  if (!json) {
    context.out(
      `shrinking seed ${config.seed}: ${result.original.invariant} at event ${result.original.event_index}`,
    );
    for (const line of shrinkLines(result.outcome)) context.out(line);
    context.out(`minimized trace (${result.minimized.events} events):`);
    for (const entry of result.minimized.recorder.events)
      context.out(`  ${eventReportLine(entry, config.epochMs)}`);
    if (failure !== null) for (const line of failureLines(failure)) context.out(line);
  }
  const errors: OutputWriteError[] = [];
  const wroteTrace = tryWrite(errors, () => writeExecutionTrace(out, result.minimized));
  const testPath = flags['emit-test'];
  const wroteTest =
    testPath !== undefined &&
    tryWrite(errors, () =>
      writeOutputFile(testPath, emittedTestText(flags, config, result, testPath), 'test'),
    );
  if (!json) {
    const smallest =
      result.interruptedBy === null ? 'minimized trace' : 'smallest failing trace found so far';
    if (wroteTrace) context.out(`${smallest} written to ${out}; replay it with: bin/vopr replay ${out}`);
    if (wroteTest)
      context.out(
        flags.expect === undefined
          ? `regression test written to ${testPath} (it fails until the bug is fixed)`
          : `regression test written to ${testPath} (it passes while the ${flags.expect} finding reproduces)`,
      );
  } else {
    context.out(
      JSON.stringify({
        seed: config.seed,
        result: 'fail',
        invariant: result.original.invariant,
        original_events: result.outcome.originalCount,
        minimized_events: result.minimized.events,
        runs: result.outcome.runs,
        elapsed_ms: Math.round(result.outcome.elapsedMs),
        budget_exhausted: result.outcome.budgetExhausted,
        interrupted: result.interruptedBy,
        trace: wroteTrace ? out : null,
        test: wroteTest ? testPath : null,
        failure,
      }),
    );
  }
  context.exitCode = EXIT_FAILURE_FOUND;
  if (result.interruptedBy !== null)
    reportInterrupted(
      result.interruptedBy,
      wroteTrace ? `the smallest failing trace found so far is in ${out}` : 'nothing was written',
    );
  for (const error of errors) context.err(`vopr: ${error.message}`);
  if (errors.length > 0) context.exitCode = EXIT_TOOL_ERROR;
}

export const shrinkCommand: CommandModule<object, ShrinkFlags> = {
  command: 'shrink [file]',
  describe: 'shrink a failing trace (or seed) to a minimal trace that fails with the same invariant',
  builder: (yargs: Argv) =>
    withWorldOptions(yargs)
      .positional('file', { type: 'string', describe: 'a failing trace file' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the minimized trace here' })
      .option('runs', { type: 'number', describe: `most runs to spend (default ${SHRINK_RUNS_DEFAULT})` })
      .option('time', {
        type: 'string',
        describe: `most wall time to spend: 90s, 10m or plain seconds (default ${SHRINK_SECONDS_DEFAULT})`,
      })
      .option('emit-test', {
        type: 'string',
        describe: 'also write a vitest regression test for the minimized trace',
      })
      .option('expect', {
        type: 'string',
        describe: 'the invariant of a demonstrated finding: the emitted test asserts it still reproduces',
      }) as Argv<ShrinkFlags>,
  handler,
};
