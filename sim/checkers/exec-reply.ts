/**
 * How an EXEC's reply compares with the model's: element by element, each normalized as the
 * queued command it answers (an SMEMBERS inside a transaction is as unordered as outside).
 * Leaves out judging what differs (exec-atomic.ts, watch-aborts-on-change.ts, the reply checks).
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { type Normalize, sameReply } from './same-reply.ts';

export function sameExecReply(
  queued: readonly (readonly Arg[])[],
  actual: Reply,
  expected: Reply,
  normalize: Normalize,
): boolean {
  if (
    actual.type !== 'array' ||
    expected.type !== 'array' ||
    actual.value === null ||
    expected.value === null
  ) {
    return sameReply(['EXEC'], actual, expected, normalize);
  }
  if (actual.value.length !== expected.value.length) return false;
  return actual.value.every((item, i) =>
    sameReply(queued[i] ?? ['EXEC'], item, expected.value![i]!, normalize),
  );
}
