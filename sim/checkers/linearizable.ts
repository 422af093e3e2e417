/**
 * linearizable: in a world of several processes, whose operations overlap in virtual time,
 * some order of the operations, each placed inside its own invoke-to-return interval, explains
 * every reply (the search is sim/linearizability). Single-process worlds keep the exact
 * per-reply comparison with the model, which is cheaper and stricter.
 *
 * It judges the history the world recorded (sim/world/processes/ProcessGroup.ts), closing
 * reads included, with a step and a byte budget per partition so a world's verdict is a function
 * of its events alone and its memory stays bounded. A partition left undecided by the budget is `unknown`: logged, never a pass
 * reported as proof and never a failure, since nothing was found wrong. An op that answered
 * `ERR database is locked` is recorded as `fail` (redlite documents that such a command changed
 * nothing, redlite/options.ts), so the search leaves it out.
 */

import { commandName, formatArg, formatReply } from '../format-reply.ts';
import {
  type CheckReport,
  checkHistorySteps,
  type History,
  type HistoryOp,
  reportLines,
} from '../linearizability/index.ts';
import type { Steps } from '../pacing.ts';
import type { RunFailure } from '../run-types.ts';

export const LINEARIZABLE = 'linearizable';

/**
 * Model steps one key partition may take in a world. Most partitions of a world are small (a
 * few keys, a few hundred ops), and well inside this; the bound keeps a pathological one finite.
 * A keyspace-wide op joins every key into one partition: seed 42 with four processes (702 keys,
 * 1,746 ops) is decided in about 1.8 M steps.
 */
export const WORLD_PARTITION_STEPS_MAX = 2_000_000;

/**
 * Bytes of states and cache keys one key partition may remember in a world (an estimate from
 * string lengths, so the verdict stays a function of the history), so that the check never takes
 * gigabytes however wide a partition grows. Seed 42's partition above remembers about 110 MB.
 */
export const WORLD_PARTITION_CACHE_BYTES_MAX = 256 * 1024 * 1024;

/** Report lines carried in a failure's message: the verdict, the explanation, the time line. */
const MESSAGE_LINES_MAX = 40;

export interface LinearizableVerdict {
  readonly report: CheckReport;
  readonly failure: RunFailure | null;
}

/**
 * Checks `history`; `eventOf` names the event an op came from (for the failure's event index),
 * or null for the world's closing reads, which take `closingIndex`. Paced (sim/pacing.ts): the
 * search pauses, so a host can stop a long check (RunInterruptedError).
 */
export function* judgeLinearizable(
  history: History,
  eventOf: (op: HistoryOp) => number | null,
  closingIndex: number,
): Steps<LinearizableVerdict> {
  const report = yield* checkHistorySteps(history, {
    limits: { stepsMax: WORLD_PARTITION_STEPS_MAX, cacheBytesMax: WORLD_PARTITION_CACHE_BYTES_MAX },
  });
  if (report.verdict !== 'not-linearizable' || report.failure === null) return { report, failure: null };
  const blocked = report.failure.blocked;
  const lines = reportLines(report);
  const argv = blocked.commands[0] ?? [];
  const failure: RunFailure = {
    invariant: LINEARIZABLE,
    event_index: eventOf(blocked) ?? closingIndex,
    message: lines.slice(0, MESSAGE_LINES_MAX).join('\n'),
    command: commandName(argv),
    argv: argv.map(formatArg),
    expected: 'a reply that some order of the overlapping ops explains',
    actual: blocked.reply === null ? '(no reply)' : formatReply(blocked.reply),
  };
  return { report, failure };
}
