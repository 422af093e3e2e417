/**
 * ttl_monotonic_decrease: without a write, a key's TTL only runs down. A TTL read whose reply
 * puts the deadline later than the last write left it (or gives a deadline to a key that had
 * none) is named here; other TTL mismatches fall to reply_matches_model. TTL in seconds is
 * rounded by Redis, so it gets one second of slack.
 */
import { isKeyName } from '../clients/key-names.ts';
import { formatReply } from '../format-reply.ts';
import type { OpChecker } from './types.ts';

const TTL_READS = new Map<string, { unitMs: number; absolute: boolean }>([
  ['PTTL', { unitMs: 1, absolute: false }],
  ['TTL', { unitMs: 1000, absolute: false }],
  ['PEXPIRETIME', { unitMs: 1, absolute: true }],
  ['EXPIRETIME', { unitMs: 1000, absolute: true }],
]);

export const ttlMonotonicDecrease: OpChecker = {
  invariant: 'ttl_monotonic_decrease',
  check: (op) => {
    if (op.equal) return null;
    const read = TTL_READS.get(op.command);
    const key = op.event.argv[1];
    if (read === undefined || key === undefined || !isKeyName(key) || op.actual.type !== 'integer')
      return null;
    const value = Number(op.actual.value);
    if (value < 0) return null;
    const deadlineMs = read.absolute ? value * read.unitMs : op.nowMs + value * read.unitMs;
    const known = op.expiry.deadlineMs(key);
    const slackMs = read.unitMs === 1 ? 0 : 1000;
    if (known !== undefined && deadlineMs <= known + slackMs) return null;
    const was = known === undefined ? 'had no deadline' : `had its deadline at ${known}`;
    return `${op.command} ${key} replied ${formatReply(op.actual)} (deadline ${deadlineMs}), but the key ${was} and no write touched it`;
  },
};
