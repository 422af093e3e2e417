/**
 * The earliest time at which a TTL or PTTL read could have answered what it did: case 3 of the
 * candidate-time rule (time-candidates.ts). Such a reply never rises as time passes (the
 * remaining time runs down, then -2 once the key is gone), so a binary search over the window
 * finds the earliest time whose reply is at most the observed one; the caller then checks it is
 * equal. It covers the search only; applying the command is the caller's.
 */
import type { TimeWindow } from './time-candidates.ts';

/**
 * The earliest time in `window` at which `replyAt` is at most `observed`, or null when there is
 * none or a reply is not an integer. `replyAt` must never rise with time.
 */
export function earliestTimeAtMost(
  window: TimeWindow,
  observed: bigint,
  replyAt: (atMs: number) => bigint | null,
): number | null {
  let loMs = window.loMs;
  let hiMs = window.hiMs;
  const last = replyAt(hiMs);
  if (last === null || last > observed) return null;
  // Each round halves [loMs, hiMs], so the loop runs at most log2 of the window's width times.
  while (loMs < hiMs) {
    const midMs = Math.floor((loMs + hiMs) / 2);
    const value = replyAt(midMs);
    if (value === null) return null;
    if (value <= observed) hiMs = midMs;
    else loMs = midMs + 1;
  }
  return loMs;
}
