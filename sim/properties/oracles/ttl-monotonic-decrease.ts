/**
 * The ttl_monotonic_decrease oracle: without a write to a key, its TTL only runs down. Each
 * TTL or PTTL read implies a deadline (now plus the TTL); until the next write to that key
 * (SET, EXPIRE, PERSIST), a later read may not imply a later deadline, nor give a deadline to
 * a key that read as having none, nor lose the one it had. TTL is rounded to whole seconds, so a read involving TTL
 * gets one second of slack; PTTL against PTTL gets none.
 */
import type { Reply } from '../../../redlite/reply.ts';
import type { Oracle } from './types.ts';

const WRITES = new Set(['SET', 'EXPIRE', 'PERSIST']);
const SECOND_MS = 1000;

interface Reading {
  /** The implied deadline in virtual ms, or null when the read said "no deadline". */
  readonly deadlineMs: number | null;
  readonly slackMs: number;
  readonly atMs: number;
  readonly text: string;
}

export function ttlMonotonicDecrease(): Oracle {
  const last = new Map<string, Reading>();
  return {
    observe(argv: readonly string[], reply: Reply, nowMs: number): string | null {
      const [name = '', key = ''] = argv;
      if (WRITES.has(name)) {
        last.delete(key);
        return null;
      }
      if ((name !== 'TTL' && name !== 'PTTL') || reply.type !== 'integer') return null;
      const value = Number(reply.value);
      if (value === -2) {
        last.delete(key);
        return null;
      }
      const unitMs = name === 'TTL' ? SECOND_MS : 1;
      const reading: Reading = {
        deadlineMs: value === -1 ? null : nowMs + value * unitMs,
        slackMs: name === 'TTL' ? SECOND_MS : 0,
        atMs: nowMs,
        text: `${name} ${key} = ${value}`,
      };
      const before = last.get(key);
      last.set(key, reading);
      if (before === undefined) return null;
      const where = `${reading.text} at +${nowMs - before.atMs} ms after ${before.text}, with no write between`;
      if (reading.deadlineMs === null) {
        return before.deadlineMs === null ? null : `${where}: the deadline vanished`;
      }
      if (before.deadlineMs === null) return `${where}: a deadline appeared from nowhere`;
      if (reading.deadlineMs <= before.deadlineMs + Math.max(reading.slackMs, before.slackMs)) return null;
      return `${where}: the deadline moved ${reading.deadlineMs - before.deadlineMs} ms later`;
    },
  };
}
