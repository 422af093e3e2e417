/**
 * watch_aborts_on_change: an EXEC after a change to a watched key is aborted (the nil array),
 * and one without a change is not. The model's sessions say which it must be: they mark a
 * watcher dirty after any command whose step changed the key (written, deleted, renamed,
 * flushed) and at EXEC compare the key with its state when watched, which catches expiry.
 *
 * Leaves out the queued commands' replies when both sides ran the transaction
 * (reply_matches_model), and EXECABORT after a queueing error (also a plain reply comparison).
 */
import type { Reply } from '../../redlite/reply.ts';

export const WATCH_ABORTS_ON_CHANGE = 'watch_aborts_on_change';

function isNilArray(reply: Reply): boolean {
  return reply.type === 'array' && reply.value === null;
}

/** Null unless exactly one side aborted the EXEC for a watched key. */
export function watchVerdict(actual: Reply, expected: Reply): string | null {
  const actualAborted = isNilArray(actual);
  const expectedAborted = isNilArray(expected);
  if (actualAborted === expectedAborted) return null;
  if (expectedAborted) return 'EXEC ran although a watched key had changed since WATCH';
  if (expected.type === 'array') return 'EXEC was aborted although no watched key had changed';
  return null;
}
