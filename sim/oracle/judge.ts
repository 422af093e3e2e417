/**
 * How the oracle decides that Redis and redlite agree on one command, the way the existing
 * differential tests do (tests/e2e/differential-redis.test.ts):
 * - replies are compared as canonical RESP2 bytes after normalizeReply, which sorts the replies
 *   whose order Redis leaves unspecified (SMEMBERS, HGETALL, KEYS, ...);
 * - error replies are compared by their first word (`ERR`, `WRONGTYPE`): redlite's wording of
 *   the rest may differ from Redis's;
 * - TTL and PTTL agree within two seconds, because each side reads its own wall clock.
 * SPOP's random choice is judged for validity instead (sim/oracle/run-oracle.ts).
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { commandName } from '../format-reply.ts';
import { canonicalBytes } from '../model/index.ts';

/** TTL and PTTL may differ by this much: the sides read the clock at different moments. */
export const TTL_TOLERANCE_MS = 2000;

/** An error reply cut to its first word (`ERR`, `WRONGTYPE`); any other reply as it is. */
export function firstWordOfError(reply: Reply): Reply {
  return reply.type === 'error' ? { type: 'error', value: reply.value.split(' ')[0] ?? '' } : reply;
}

/** Whether both replies are TTL or PTTL answers within TTL_TOLERANCE_MS of each other. */
export function ttlClose(argv: readonly Arg[], a: Reply, b: Reply): boolean {
  const name = commandName(argv);
  if (name !== 'TTL' && name !== 'PTTL') return false;
  if (a.type !== 'integer' || b.type !== 'integer') return false;
  const x = Number(a.value);
  const y = Number(b.value);
  if (x < 0 || y < 0) return x === y;
  return Math.abs(x - y) <= (name === 'PTTL' ? TTL_TOLERANCE_MS : TTL_TOLERANCE_MS / 1000);
}

/** Whether `actual` (redlite) agrees with `expected` (Redis) on `argv`. */
export function repliesAgree(argv: readonly Arg[], expected: Reply, actual: Reply): boolean {
  const e = firstWordOfError(expected);
  const a = firstWordOfError(actual);
  return canonicalBytes(argv, e).equals(canonicalBytes(argv, a)) || ttlClose(argv, e, a);
}
