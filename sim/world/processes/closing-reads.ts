/**
 * The closing reads of a world with several processes: after its last event, every key its
 * history named is read back whole (TYPE, then the value by its type, then PTTL). They go into
 * the history like any op, so a write lost to a race (a late delete, a stale read-modify-write)
 * shows even when no client read the key again. It covers the reads; running and recording
 * them is the caller's.
 */
import type { Arg, Reply } from '../../../redlite/reply.ts';

/** The whole value of a key by its TYPE reply. */
const VALUE_READS: Readonly<Record<string, (key: Buffer) => Arg[]>> = {
  string: (key) => ['GET', key],
  list: (key) => ['LRANGE', key, '0', '-1'],
  hash: (key) => ['HGETALL', key],
  set: (key) => ['SMEMBERS', key],
  zset: (key) => ['ZRANGE', key, '0', '-1', 'WITHSCORES'],
};

/** Reads each key (latin1 spelled, as the history's keys are) through `read`. */
export function closingReads(keys: readonly string[], read: (argv: readonly Arg[]) => Reply): void {
  for (const text of keys) {
    const key = Buffer.from(text, 'latin1');
    const type = read(['TYPE', key]);
    const value = type.type === 'simple' ? VALUE_READS[type.value] : undefined;
    if (value === undefined) continue;
    read(value(key));
    read(['PTTL', key]);
  }
}
