/**
 * sorted_set_ordering: sorted-set ranges come back ordered by (score, member), reversed for
 * the REV forms, and match the model. The order check reads the target's raw WITHSCORES reply,
 * so a misordering is named as such even before the model comparison.
 */
import type { Reply } from '../../redlite/reply.ts';
import { claims, mismatchMessage } from './mismatch.ts';
import type { OpChecker } from './types.ts';

const READS = new Set([
  'ZRANGE',
  'ZREVRANGE',
  'ZRANGEBYSCORE',
  'ZPOPMIN',
  'ZPOPMAX',
  'ZRANK',
  'ZREVRANK',
  'ZSCORE',
  'ZCARD',
  'ZCOUNT',
]);

/** The reads whose raw replies this checker inspects for order. */
export const SORTED_SET_STRUCTURAL_COMMANDS: readonly string[] = [...READS];

const REVERSED = new Set(['ZREVRANGE', 'ZPOPMAX']);

function hasFlag(argv: readonly unknown[], flag: string): boolean {
  return argv.some((arg, i) => i > 0 && typeof arg === 'string' && arg.toUpperCase() === flag);
}

/** Redis writes infinite scores as inf and -inf, which Number() does not read. */
function parseScore(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

/** The first (member, score) pair out of order, or null. Only for score-carrying replies. */
function misordered(reply: Reply, reversed: boolean): string | null {
  if (reply.type !== 'array' || reply.value === null) return null;
  let previous: { member: Buffer; score: number } | null = null;
  for (let i = 0; i + 1 < reply.value.length; i += 2) {
    const member = reply.value[i];
    const scoreReply = reply.value[i + 1];
    if (
      member?.type !== 'bulk' ||
      member.value === null ||
      scoreReply?.type !== 'bulk' ||
      scoreReply.value === null
    ) {
      return null;
    }
    const score = parseScore(scoreReply.value.toString('latin1'));
    if (Number.isNaN(score)) return null;
    if (previous !== null) {
      const order =
        previous.score === score
          ? Buffer.compare(previous.member, member.value)
          : previous.score < score
            ? -1
            : 1;
      if ((reversed ? -order : order) > 0)
        return `${member.value.toString('latin1')} (${score}) after ${previous.member.toString('latin1')} (${previous.score})`;
    }
    previous = { member: member.value, score };
  }
  return null;
}

export const sortedSetOrdering: OpChecker = {
  invariant: 'sorted_set_ordering',
  check: (op) => {
    if (!READS.has(op.command)) return null;
    const argv = op.event.argv;
    const scored = op.command === 'ZPOPMIN' || op.command === 'ZPOPMAX' || hasFlag(argv, 'WITHSCORES');
    if (scored && !hasFlag(argv, 'BYLEX')) {
      const wrong = misordered(op.actual, REVERSED.has(op.command) || hasFlag(argv, 'REV'));
      if (wrong !== null) return `${op.command} out of order: ${wrong}`;
    }
    return claims(op, READS) ? mismatchMessage(op) : null;
  },
};
