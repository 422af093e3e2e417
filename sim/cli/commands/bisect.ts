/**
 * `vopr bisect <trace>`: finds the first event after which redlite's state differs from the
 * model's (a binary search over prefixes, each ending in a full state comparison), and prints
 * that event, its neighbours and the state diff. For a reply mismatch at event i it says
 * whether the state had already diverged before i; for a power loss that lost acknowledged
 * writes it names them and their keys. Exit 1 when the trace fails (the usual case), 0 when it
 * passes (nothing to bisect), 2 for unusable input, 130/143 when a signal stops it.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatArg } from '../../format-reply.ts';
import { finishPaced, RunInterruptedError } from '../../pacing.ts';
import { BisectNotFailingError, type BisectResult, bisectSteps } from '../../trace-tools/bisect.ts';
import { loadTrace } from '../../trace-tools/load-trace.ts';
import { bisectLines } from '../../trace-tools/report-lines.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  reportInterrupted,
  UsageError,
} from '../context.ts';

interface BisectFlags {
  file?: string | undefined;
  json?: boolean | undefined;
}

async function handler(flags: ArgumentsCamelCase<BisectFlags>): Promise<void> {
  const context = cliContext();
  if (flags.file === undefined) throw new UsageError('bisect needs a trace file');
  const trace = loadTrace(flags.file);
  let result: BisectResult;
  try {
    result = await finishPaced(bisectSteps(trace.header.config, trace.events), cliPacer());
  } catch (error) {
    if (error instanceof BisectNotFailingError) {
      context.out(error.message);
      context.exitCode = EXIT_PASS;
      return;
    }
    if (error instanceof RunInterruptedError) {
      reportInterrupted(error.reason, 'bisect stopped before it found the diverging event');
      return;
    }
    throw error;
  }
  if (flags.json === true) {
    const diverged = result.divergedAt === null ? null : trace.events[result.divergedAt]?.event.index;
    context.out(
      JSON.stringify({
        failure: result.failure,
        diverged_event_index: diverged ?? null,
        diverged_before_failure: result.divergedBeforeFailure,
        state_diff: result.stateDiff?.message ?? null,
        lost_writes: result.lost?.writes.map((write) => write.index) ?? null,
        lost_keys: result.lost?.keys.map(formatArg) ?? null,
        probes: result.probes.length,
      }),
    );
  } else {
    for (const line of bisectLines(result, trace.header.config.epochMs)) context.out(line);
  }
  context.exitCode = EXIT_FAILURE_FOUND;
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
