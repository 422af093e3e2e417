/**
 * `vopr replay <trace>` re-executes a trace file's events and says whether the recorded outcome
 * came back; `vopr replay --seed N [world flags]` re-runs a seed. The exit code is the run's
 * own result (0 pass, 1 fail), so `git bisect run bin/vopr replay <trace>` finds the commit
 * that introduced (or fixed) a failure; unusable input is exit 2.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { outputFromFlags } from '../../config/flag-options.ts';
import { definedOnly } from '../../defined-only.ts';
import { failureLines } from '../../failure-lines.ts';
import { runWorld } from '../../run.ts';
import { loadTrace, TraceInputError } from '../../trace-tools/load-trace.ts';
import { replayTrace } from '../../trace-tools/replay.ts';
import { writeExecutionTrace } from '../../trace-tools/write-execution.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';
import { summaryLine } from '../print-result.ts';
import { flagThatTraceFixes, type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface ReplayFlags extends WorldFlags {
  file?: string | undefined;
}

function replayFile(path: string, flags: ReplayFlags): void {
  const context = cliContext();
  const fixed = flagThatTraceFixes(flags);
  if (fixed !== null) throw new UsageError(`a trace file fixes its own world: drop ${fixed}`);
  let trace: ReturnType<typeof loadTrace>;
  try {
    trace = loadTrace(path);
  } catch (error) {
    if (error instanceof TraceInputError) throw new UsageError(error.message);
    throw error;
  }
  const options = outputFromFlags(flags);
  const report = replayTrace(trace, definedOnly({ logLevel: options.logLevel }));
  const failure = report.execution.failure;
  if (options.tracePath !== undefined) writeExecutionTrace(options.tracePath, report.execution);
  if (flags.json === true) {
    context.out(
      JSON.stringify({
        seed: trace.header.seed,
        result: failure === null ? 'pass' : 'fail',
        verdict: report.verdict,
        summary: report.summary,
        events: report.execution.events,
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
    context.out(report.summary);
    if (options.tracePath !== undefined) context.out(`trace of this replay written to ${options.tracePath}`);
  }
  context.exitCode = failure === null ? EXIT_PASS : EXIT_FAILURE_FOUND;
}

function replaySeed(flags: ReplayFlags): void {
  const context = cliContext();
  if (flags.seed === undefined) throw new UsageError('replay needs a trace file or --seed N');
  const { options } = worldOptionsFrom(flags, () => 0n);
  const run = runWorld({ ...options, logLevel: options.logLevel ?? 'silent' });
  if (flags.json === true) context.out(JSON.stringify(run.result));
  else {
    if (run.result.failure !== null) for (const line of failureLines(run.result.failure)) context.out(line);
    context.out(summaryLine(run.result));
    if (options.tracePath !== undefined) context.out(`trace written to ${options.tracePath}`);
  }
  context.exitCode = run.result.result === 'pass' ? EXIT_PASS : EXIT_FAILURE_FOUND;
}

function handler(flags: ArgumentsCamelCase<ReplayFlags>): void {
  if (flags.file !== undefined) replayFile(flags.file, flags);
  else replaySeed(flags);
}

export const replayCommand: CommandModule<object, ReplayFlags> = {
  command: 'replay [file]',
  describe: 'replay a trace file (or a seed) and report whether its outcome reproduces; exit 0 pass, 1 fail',
  builder: (yargs: Argv) =>
    withWorldOptions(yargs).positional('file', {
      type: 'string',
      describe: 'a trace file written with --trace',
    }) as Argv<ReplayFlags>,
  handler,
};
