/**
 * ttl_monotonic_decrease: without a write, a key's TTL only runs down. A TTL read whose reply
 * puts the deadline later than the last write left it (or gives a deadline to a key that had
 * none) is named here; other TTL mismatches fall to reply_matches_model. TTL in seconds is
 * rounded by Redis, so it gets one second of slack.
 */
import { isKeyName } from '../clients/key-names.ts';
import { formatReply } from '../format-reply.ts';
import type { OpChecker } from './types.ts';

/** The TTL reads, by the unit of their reply. */
const TTL_READS_UNIT_MS = new Map<string, number>([
  ['PTTL', 1],
  ['TTL', 1000],
]);

export const ttlMonotonicDecrease: OpChecker = {
  invariant: 'ttl_monotonic_decrease',
  check: (op) => {
    if (op.equal) return null;
    const unitMs = TTL_READS_UNIT_MS.get(op.command);
    const key = op.event.argv[1];
    if (unitMs === undefined || key === undefined || !isKeyName(key) || op.actual.type !== 'integer')
      return null;
    const value = Number(op.actual.value);
    if (value < 0) return null;
    const deadlineMs = op.nowMs + value * unitMs;
    const known = op.expiry.deadlineMs(key);
    const slackMs = unitMs === 1 ? 0 : 1000;
    if (known !== undefined && deadlineMs <= known + slackMs) return null;
    const was = known === undefined ? 'had no deadline' : `had its deadline at ${known}`;
    return `${op.command} ${key} replied ${formatReply(op.actual)} (deadline ${deadlineMs}), but the key ${was} and no write touched it`;
  },
};
