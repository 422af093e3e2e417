/**
 * The properties' oracles, each fed replies by hand: every one stays quiet on correct replies
 * and names its invariant's breach on a wrong one, so a property can fail for the right
 * reason. Also Redis's range clamping, which two oracles share.
 */
import { describe, expect, it } from 'vitest';
import { array, bulk, integer, NIL, NIL_ARRAY, OK, type Reply } from '../../../redlite/reply.ts';
import { expireRemovesKey } from '../../../sim/properties/oracles/expire-removes-key.ts';
import { hashFieldsUnique } from '../../../sim/properties/oracles/hash-fields-unique.ts';
import { incrMonotonic } from '../../../sim/properties/oracles/incr-monotonic.ts';
import { listOrderPreserved } from '../../../sim/properties/oracles/list-order-preserved.ts';
import { setGetRoundtrip } from '../../../sim/properties/oracles/set-get-roundtrip.ts';
import { sortedSetOrdering } from '../../../sim/properties/oracles/sorted-set-ordering.ts';
import { ttlMonotonicDecrease } from '../../../sim/properties/oracles/ttl-monotonic-decrease.ts';
import { type Oracle, rangeSlice, resolveIndex } from '../../../sim/properties/oracles/types.ts';

type Line = [argv: string, reply: Reply, nowMs?: number];

/** Feeds the lines in order; returns the message of the first breach, or null. */
function feed(oracle: Oracle, lines: readonly Line[]): string | null {
  for (const [argv, reply, nowMs = 0] of lines) {
    const message = oracle.observe(argv.split(' '), reply, nowMs);
    if (message !== null) return message;
  }
  return null;
}

const bulks = (...items: string[]): Reply => array(items.map((item) => bulk(item)));

describe('range clamping as Redis does it', () => {
  const items = ['a', 'b', 'c', 'd'];
  it.each([
    [0, -1, ['a', 'b', 'c', 'd']],
    [1, 2, ['b', 'c']],
    [-2, -1, ['c', 'd']],
    [-10, 1, ['a', 'b']],
    [2, 100, ['c', 'd']],
    [3, 1, []],
    [5, 6, []],
    [0, -5, []],
  ])('LRANGE %i %i', (start, stop, expected) => {
    expect(rangeSlice(items, start, stop)).toEqual(expected);
  });

  it('resolves negative indexes from the end', () => {
    expect(resolveIndex(-1, 4)).toBe(3);
    expect(resolveIndex(4, 4)).toBeNull();
    expect(resolveIndex(-5, 4)).toBeNull();
  });
});

describe('set_get_roundtrip', () => {
  it('follows SET and APPEND, and names a stale read', () => {
    const good: Line[] = [
      ['SET k0 ab', OK],
      ['APPEND k0 é', integer(4)],
      ['GET k0', bulk('abé')],
      ['STRLEN k0', integer(4)],
      ['GET k1', NIL],
    ];
    expect(feed(setGetRoundtrip(), good)).toBeNull();
    expect(
      feed(setGetRoundtrip(), [
        ['SET k0 ab', OK],
        ['GET k0', bulk('a')],
      ]),
    ).toMatch(/GET k0 returned "a", but the writes left "ab"/);
    expect(
      feed(setGetRoundtrip(), [
        ['SET k0 ab', OK],
        ['STRLEN k0', integer(3)],
      ]),
    ).toMatch(/left 2 bytes/);
  });
});

describe('incr_monotonic', () => {
  it('accepts moves by exactly the delta and names any other', () => {
    const good: Line[] = [
      ['INCR k0', integer(1)],
      ['INCRBY k0 10', integer(11)],
      ['DECRBY k0 -4', integer(15)],
      ['DECR k0', integer(14)],
      ['INCRBYFLOAT k0 0.5', bulk('14.5')],
      ['INCR k0', { type: 'error', value: 'ERR value is not an integer or out of range' }],
    ];
    expect(feed(incrMonotonic(), good)).toBeNull();
    expect(feed(incrMonotonic(), [['INCR k7', integer(2)]])).toBe(
      'INCR k7 moved the counter from 0 to 2 (by 2), not by 1',
    );
    expect(feed(incrMonotonic(), [['INCRBYFLOAT k0 1.5', bulk('2.5')]])).toMatch(
      /moved 0 to 2.5, expected about 1.5/,
    );
  });
});

describe('list_order_preserved', () => {
  it('follows pushes and pops from both ends', () => {
    const good: Line[] = [
      ['LPUSH l a b', integer(2)],
      ['RPUSH l c', integer(3)],
      ['LRANGE l 0 -1', bulks('b', 'a', 'c')],
      ['LINDEX l -1', bulk('c')],
      ['RPOP l 2', bulks('c', 'a')],
      ['LPOP l', bulk('b')],
      ['LPOP l', NIL],
      ['LPOP l 2', NIL_ARRAY],
    ];
    expect(feed(listOrderPreserved(), good)).toBeNull();
  });

  it('names elements out of push order', () => {
    expect(
      feed(listOrderPreserved(), [
        ['RPUSH l a b', integer(2)],
        ['LRANGE l 0 -1', bulks('b', 'a')],
      ]),
    ).toMatch(/LRANGE l 0 -1 returned \["b", "a"\], but the pushes and pops leave \["a","b"\]/);
    expect(
      feed(listOrderPreserved(), [
        ['RPUSH l a b', integer(2)],
        ['LPOP l', bulk('b')],
      ]),
    ).toMatch(/held "a"/);
  });
});

describe('hash_fields_unique', () => {
  it('follows the writes and names a field listed twice', () => {
    const good: Line[] = [
      ['HSET h f0 x f1 y f0 z', integer(2)],
      ['HGETALL h', bulks('f1', 'y', 'f0', 'z')],
      ['HDEL h f1 f9', integer(1)],
      ['HEXISTS h f1', integer(0)],
      ['HGET h f0', bulk('z')],
    ];
    expect(feed(hashFieldsUnique(), good)).toBeNull();
    expect(
      feed(hashFieldsUnique(), [
        ['HSET h f0 x', integer(1)],
        ['HGETALL h', bulks('f0', 'x', 'f0', 'x')],
      ]),
    ).toBe('HGETALL h listed field "f0" twice');
    expect(feed(hashFieldsUnique(), [['HSET h f0 x', integer(0)]])).toMatch(/added 1 new field/);
  });
});

describe('sorted_set_ordering', () => {
  it('accepts (score, member) order and names any other', () => {
    const good: Line[] = [
      ['ZADD z 2 m1 1 m2 1 m0 +inf m3', integer(4)],
      ['ZRANGE z 0 -1 WITHSCORES', bulks('m0', '1', 'm2', '1', 'm1', '2', 'm3', 'inf')],
      ['ZRANGEBYSCORE z (1 +inf', bulks('m1', 'm3')],
      ['ZSCORE z m3', bulk('inf')],
      ['ZREM z m3', integer(1)],
      ['ZRANGE z -1 -1', bulks('m1')],
    ];
    expect(feed(sortedSetOrdering(), good)).toBeNull();
    expect(
      feed(sortedSetOrdering(), [
        ['ZADD z 1 a 2 b', integer(2)],
        ['ZRANGE z 0 -1', bulks('b', 'a')],
      ]),
    ).toMatch(/ZRANGE z 0 -1 returned \["b", "a"\], but \(score, member\) order gives/);
    expect(
      feed(sortedSetOrdering(), [
        ['ZADD z 1 a', integer(1)],
        ['ZADD z 5 a', integer(0)],
        ['ZSCORE z a', bulk('1')],
      ]),
    ).toMatch(/left 5/);
  });
});

describe('expire_removes_key', () => {
  it('names a key read after its deadline, and nothing before it', () => {
    const good: Line[] = [
      ['SET k0 v PX 100', OK, 0],
      ['GET k0', bulk('v'), 100],
      ['GET k0', NIL, 101],
      ['TTL k0', integer(-2), 200],
      ['SET k1 v', OK, 0],
      ['EXPIRE k1 0', integer(1), 0],
      ['GET k1', NIL, 1],
    ];
    expect(feed(expireRemovesKey(), good)).toBeNull();
    expect(
      feed(expireRemovesKey(), [
        ['SET k0 v EX 1', OK, 0],
        ['GET k0', bulk('v'), 1500],
      ]),
    ).toBe('GET k0 replied "v" 500 ms after k0 expired');
    expect(
      feed(expireRemovesKey(), [
        ['SET k0 v EX 1', OK, 0],
        ['PERSIST k0', integer(1), 1001],
      ]),
    ).toMatch(/after k0 expired/);
  });
});

describe('ttl_monotonic_decrease', () => {
  it('accepts a TTL running down and names one that grows, appears or vanishes without a write', () => {
    const good: Line[] = [
      ['SET k0 v EX 10', OK, 0],
      ['PTTL k0', integer(10_000), 0],
      ['PTTL k0', integer(9_000), 1000],
      ['TTL k0', integer(9), 1400],
      ['EXPIRE k0 100', integer(1), 1500],
      ['PTTL k0', integer(100_000), 1500],
    ];
    expect(feed(ttlMonotonicDecrease(), good)).toBeNull();
    expect(
      feed(ttlMonotonicDecrease(), [
        ['PTTL k0', integer(5000), 0],
        ['PTTL k0', integer(5000), 10],
      ]),
    ).toMatch(/the deadline moved 10 ms later/);
    expect(
      feed(ttlMonotonicDecrease(), [
        ['TTL k0', integer(-1), 0],
        ['TTL k0', integer(3), 10],
      ]),
    ).toMatch(/a deadline appeared from nowhere/);
    expect(
      feed(ttlMonotonicDecrease(), [
        ['TTL k0', integer(3), 0],
        ['TTL k0', integer(-1), 10],
      ]),
    ).toMatch(/vanished/);
  });
});
