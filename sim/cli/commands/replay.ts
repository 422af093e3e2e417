/**
 * `vopr replay <trace>` re-executes a trace file's events and says whether the recorded outcome
 * came back; `vopr replay --seed N [world flags]` re-runs a seed. The exit code is the run's
 * own result (0 pass, 1 fail), so `git bisect run bin/vopr replay <trace>` finds the commit
 * that introduced (or fixed) a failure; unusable input, an incomplete trace (no outcome line)
 * included, is exit 2; a `--trace` that cannot be written is exit 3 after the report. A signal
 * stops the replay (exit 130/143), writing the events replayed so far when `--trace` was given.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { outputFromFlags } from '../../config/flag-options.ts';
import { definedOnly } from '../../defined-only.ts';
import { failureLines } from '../../failure-lines.ts';
import { OutputWriteError } from '../../output-file.ts';
import { finishPaced } from '../../pacing.ts';
import { runWorldPaced } from '../../run.ts';
import { loadTrace } from '../../trace-tools/load-trace.ts';
import { replaySteps } from '../../trace-tools/replay.ts';
import {
  UPSTREAM_TEST_TYPES,
  upstreamTestProblem,
  upstreamWorldFlags,
} from '../../trace-tools/upstream-seeds.ts';
import { writeExecutionTrace } from '../../trace-tools/write-execution.ts';
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
import { incompleteLine, summaryLine } from '../print-result.ts';
import { flagThatTraceFixes, type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface ReplayFlags extends WorldFlags {
  file?: string | undefined;
  test?: string | undefined;
}

/** Upstream's `--test simulate|chaos`: that test's world flags, under any given explicitly. */
function withUpstreamTest(flags: ReplayFlags): ReplayFlags {
  if (flags.test === undefined) return flags;
  const problem = upstreamTestProblem(flags.test, flags.seed === undefined ? 0n : BigInt(flags.seed));
  if (problem !== null) throw new UsageError(`--test: ${problem}`);
  return { ...Object.fromEntries(upstreamWorldFlags(flags.test)), ...flags } as ReplayFlags;
}

/** Writes the replay's trace; a failed write is returned, to print after the report. */
function writeReplayTrace(path: string | undefined, write: () => void): OutputWriteError | null {
  if (path === undefined) return null;
  try {
    write();
    return null;
  } catch (error) {
    if (error instanceof OutputWriteError) return error;
    throw error;
  }
}

/** The exit code and closing lines shared by both forms: interruption first, then a write error. */
function finish(
  passed: boolean,
  stoppedBy: string | null,
  tracePath: string | undefined,
  writeError: OutputWriteError | null,
): void {
  const context = cliContext();
  context.exitCode = passed ? EXIT_PASS : EXIT_FAILURE_FOUND;
  if (stoppedBy !== null) {
    const kept =
      tracePath === undefined || writeError !== null
        ? 'nothing was written'
        : `the events replayed so far are in ${tracePath}`;
    reportInterrupted(stoppedBy, kept);
  }
  if (writeError !== null) {
    context.err(`vopr: ${writeError.message}`);
    context.exitCode = EXIT_TOOL_ERROR;
  }
}

async function replayFile(path: string, flags: ReplayFlags): Promise<void> {
  const context = cliContext();
  const fixed = flagThatTraceFixes(flags);
  if (fixed !== null) throw new UsageError(`a trace file fixes its own world: drop ${fixed}`);
  const trace = loadTrace(path);
  const options = outputFromFlags(flags);
  const report = await finishPaced(
    replaySteps(trace, definedOnly({ logLevel: options.logLevel })),
    cliPacer(),
  );
  const execution = report.execution;
  const failure = execution.failure;
  const writeError = writeReplayTrace(options.tracePath, () =>
    writeExecutionTrace(options.tracePath as string, execution),
  );
  const interrupted = failure === null && execution.stoppedBy !== null;
  if (flags.json === true) {
    context.out(
      JSON.stringify({
        seed: trace.header.seed,
        result: interrupted ? 'interrupted' : failure === null ? 'pass' : 'fail',
        verdict: report.verdict,
        summary: report.summary,
        events: execution.events,
        trace_hash: report.traceHash,
        recorded_hash: report.recorded?.trace_hash ?? null,
        failure,
      }),
    );
  } else {
    const recorded = trace.header.tool;
    context.out(
      `replaying ${path}: seed ${trace.header.seed}, ${trace.events.length} events, recorded by ${recorded.name} ${recorded.version}${recorded.commit === null ? '' : ` (${recorded.commit.slice(0, 12)})`}`,
    );
    if (failure !== null) for (const line of failureLines(failure)) context.out(line);
    context.out(
      interrupted
        ? `interrupted after ${execution.events} of ${trace.events.length} events; no failure so far`
        : report.summary,
    );
    if (options.tracePath !== undefined && writeError === null)
      context.out(`trace of this replay written to ${options.tracePath}`);
  }
  finish(failure === null, interrupted ? execution.stoppedBy : null, options.tracePath, writeError);
}

async function replaySeed(flags: ReplayFlags): Promise<void> {
  const context = cliContext();
  if (flags.seed === undefined) throw new UsageError('replay needs a trace file or --seed N');
  const { options } = worldOptionsFrom(withUpstreamTest(flags), () => 0n);
  refuseLiveTarget(options, 'replay');
  const run = await runWorldPaced(
    { ...options, logLevel: options.logLevel ?? 'silent', tailOnly: true },
    cliPacer(),
  );
  const result = run.result;
  const interrupted = result.complete === false && result.stopped_by !== 'virtualMsMax';
  if (flags.json === true)
    context.out(JSON.stringify(interrupted ? { ...result, result: 'interrupted' } : result));
  else {
    if (result.failure !== null) for (const line of failureLines(result.failure)) context.out(line);
    context.out(summaryLine(result));
    const incomplete = incompleteLine(result, run.config.virtualMsMax);
    if (incomplete !== null) context.out(incomplete);
    if (options.tracePath !== undefined && run.traceError === null)
      context.out(`trace written to ${options.tracePath}`);
  }
  finish(
    result.result === 'pass',
    interrupted ? (result.stopped_by ?? null) : null,
    options.tracePath,
    run.traceError,
  );
}

async function handler(flags: ArgumentsCamelCase<ReplayFlags>): Promise<void> {
  if (flags.file !== undefined) await replayFile(flags.file, flags);
  else await replaySeed(flags);
}

export const replayCommand: CommandModule<object, ReplayFlags> = {
  command: 'replay [file]',
  describe:
    'replay a trace file (or a seed) and report whether its outcome reproduces; exit 0 pass, 1 fail, 2 unusable trace',
  builder: (yargs: Argv) =>
    withWorldOptions(yargs)
      .positional('file', {
        type: 'string',
        describe: 'a trace file written with --trace',
      })
      .option('test', {
        type: 'string',
        describe: `upstream's form, with --seed: the test the seed came from (${UPSTREAM_TEST_TYPES.join(', ')}); simulate and chaos are worlds`,
      }) as Argv<ReplayFlags>,
  handler,
};
