/**
 * `vopr bisect <trace>`: finds the first event after which redlite's state differs from the
 * model's (a binary search over prefixes, each ending in a full state comparison), and prints
 * that event, its neighbours and the state diff. For a reply mismatch at event i it says
 * whether the state had already diverged before i. Exit 1 when the trace fails (the usual
 * case), 0 when it passes (nothing to bisect), 2 for unusable input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { BisectNotFailingError, bisectTrace } from '../../trace-tools/bisect.ts';
import { loadTrace, TraceInputError } from '../../trace-tools/load-trace.ts';
import { bisectLines } from '../../trace-tools/report-lines.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';

interface BisectFlags {
  file?: string | undefined;
  json?: boolean | undefined;
}

function handler(flags: ArgumentsCamelCase<BisectFlags>): void {
  const context = cliContext();
  if (flags.file === undefined) throw new UsageError('bisect needs a trace file');
  let trace: ReturnType<typeof loadTrace>;
  try {
    trace = loadTrace(flags.file);
  } catch (error) {
    if (error instanceof TraceInputError) throw new UsageError(error.message);
    throw error;
  }
  try {
    const result = bisectTrace(trace.header.config, trace.events);
    if (flags.json === true) {
      const diverged = result.divergedAt === null ? null : trace.events[result.divergedAt]?.event.index;
      context.out(
        JSON.stringify({
          failure: result.failure,
          diverged_event_index: diverged ?? null,
          diverged_before_failure: result.divergedBeforeFailure,
          state_diff: result.stateDiff?.message ?? null,
          probes: result.probes.length,
        }),
      );
    } else {
      for (const line of bisectLines(result, trace.header.config.epochMs)) context.out(line);
    }
    context.exitCode = EXIT_FAILURE_FOUND;
  } catch (error) {
    if (!(error instanceof BisectNotFailingError)) throw error;
    context.out(error.message);
    context.exitCode = EXIT_PASS;
  }
}

export const bisectCommand: CommandModule<object, BisectFlags> = {
  command: 'bisect <file>',
  describe: "find the first event after which redlite's state differs from the model's",
  builder: (yargs: Argv) =>
    yargs.positional('file', { type: 'string', describe: 'a failing trace file' }).option('json', {
      type: 'boolean',
      describe: 'print the result as one JSON object',
    }) as Argv<BisectFlags>,
  handler,
};
