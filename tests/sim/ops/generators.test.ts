/**
 * The command generators: coverage of the command set, determinism (same seed, same argv
 * stream), mostly-valid output at edgeRate 0, a rich spread of edge errors at edgeRate 1, the
 * TTL floor, and the shared test context's value profile and option validation. Replies are
 * judged by the model, which the differential tests hold to real Redis.
 */
import { describe, expect, it } from 'vitest';
import type { Arg } from '../../../redlite/reply.ts';
import { Model } from '../../../sim/model/index.ts';
import {
  createFamilyWorkload,
  createTestOpContext,
  drawValue,
  OPS,
  OpContextOptionError,
  opByName,
  UnknownOpError,
} from '../../../sim/ops/index.ts';
import { Rng } from '../../../sim/random/index.ts';

const COMMANDS =
  `SET GET GETDEL SETNX SETEX PSETEX MGET MSET INCR DECR INCRBY DECRBY INCRBYFLOAT APPEND STRLEN
GETRANGE SETRANGE DEL EXISTS TYPE EXPIRE PEXPIRE EXPIREAT PEXPIREAT TTL PTTL PERSIST RENAME RENAMENX KEYS SCAN
DBSIZE FLUSHDB PING ECHO LPUSH RPUSH LPUSHX RPUSHX LPOP RPOP LLEN LRANGE LINDEX LSET LINSERT LREM LTRIM HSET
HMSET HGET HMGET HGETALL HDEL HEXISTS HLEN HKEYS HVALS HINCRBY HINCRBYFLOAT HSETNX SADD SREM SMEMBERS SISMEMBER
SCARD SPOP SMOVE SINTER SUNION SDIFF ZADD ZREM ZSCORE ZINCRBY ZCARD ZCOUNT ZRANK ZREVRANK ZRANGE ZRANGEBYSCORE
ZREVRANGE ZREMRANGEBYRANK ZREMRANGEBYSCORE ZPOPMIN ZPOPMAX`.split(/\s+/);

const NOW_MS = 1_700_000_000_000;

function stream(seed: bigint, count: number, edgeRate: number): Arg[][] {
  const workload = createFamilyWorkload({ seed, nowMs: NOW_MS, edgeRate, sharedKeyRate: 0 });
  return Array.from({ length: count }, () => workload.next());
}

function errorsOf(argvs: Arg[][]): string[] {
  const model = new Model({ clock: { now: () => NOW_MS } });
  const errors: string[] = [];
  for (const argv of argvs) {
    const reply = model.exec(argv);
    if (reply.type === 'error') errors.push(reply.value);
  }
  return errors;
}

describe('OPS', () => {
  it('has exactly one spec per command, each generating its own command', () => {
    expect(OPS.map((spec) => spec.name).sort()).toEqual([...COMMANDS].sort());
    const ctx = createTestOpContext({
      rng: new Rng(1n),
      keyCount: 4,
      nowMs: NOW_MS,
      edgeRate: 0.5,
      expiryRate: 0.5,
    });
    for (const spec of OPS) {
      for (let i = 0; i < 20; i++) expect(String(spec.generate(ctx)[0]).toUpperCase()).toBe(spec.name);
    }
  });

  it('marks reads and writes', () => {
    expect(opByName('get').write).toBe(false);
    expect(opByName('ZRANGE').write).toBe(false);
    expect(opByName('SPOP').write).toBe(true);
    expect(opByName('FLUSHDB').family).toBe('server');
    expect(() => opByName('NOPE')).toThrow(UnknownOpError);
  });
});

describe('generation', () => {
  it('is a pure function of the seed', () => {
    const encode = (argvs: Arg[][]) =>
      argvs.map((argv) => argv.map((arg) => Buffer.from(arg).toString('hex')).join(' '));
    expect(encode(stream(42n, 500, 0.2))).toEqual(encode(stream(42n, 500, 0.2)));
    expect(encode(stream(42n, 500, 0.2))).not.toEqual(encode(stream(43n, 500, 0.2)));
  });

  it('at edgeRate 0 emits no malformed commands', () => {
    // Errors that stored data can cause (INCR on text, LSET past the end, WRONGTYPE) are fine
    // here; errors only a malformed argv can cause are not.
    const errors = errorsOf(stream(7n, 20_000, 0));
    const malformed = errors.filter((text) =>
      /syntax|wrong number|Unsupported|same time|invalid expire|min or max|must be positive|cursor/.test(
        text,
      ),
    );
    expect(malformed).toEqual([]);
  });

  it('at edgeRate 1 reaches the whole spread of edge errors', () => {
    const errors = new Set(errorsOf(stream(8n, 20_000, 1)).map((text) => text.replace(/'[^']*'/g, "'_'")));
    for (const expected of [
      'ERR syntax error',
      "ERR wrong number of arguments for '_' command",
      'ERR value is not an integer or out of range',
      'ERR value is not a valid float',
      'ERR min or max is not a float',
      'ERR increment or decrement would overflow',
      'ERR value is out of range, must be positive',
      "ERR invalid expire time in '_' command",
      'ERR XX and NX options at the same time are not compatible',
      'ERR GT, LT, and/or NX options at the same time are not compatible',
      'ERR NX and XX, GT or LT options at the same time are not compatible',
      'ERR increment would produce NaN or Infinity',
      'ERR invalid cursor',
    ]) {
      expect(errors, expected).toContain(expected);
    }
  });

  it('keeps SCAN complete in one call and respects the TTL floor', () => {
    const ctx = createTestOpContext({
      rng: new Rng(3n),
      keyCount: 8,
      nowMs: NOW_MS,
      edgeRate: 0,
      expiryRate: 1,
      ttlMsMin: 600_000,
    });
    for (let i = 0; i < 300; i++) {
      const scan = opByName('SCAN').generate(ctx).map(String);
      expect(Number(scan[scan.indexOf('COUNT') + 1])).toBeGreaterThanOrEqual(10_000);
      const set = opByName('SET').generate(ctx).map(String);
      const unit = set.findIndex((arg) => ['EX', 'PX', 'EXAT', 'PXAT'].includes(arg));
      if (unit < 0) continue;
      const amount = Number(set[unit + 1]);
      const name = set[unit];
      if (name === 'EX') expect(amount * 1000).toBeGreaterThanOrEqual(600_000);
      if (name === 'PX') expect(amount).toBeGreaterThanOrEqual(600_000);
    }
  });
});

describe('test context', () => {
  it('draws values across the profile: empty, text, binary, large', () => {
    const rng = new Rng(11n);
    const values = Array.from({ length: 3000 }, () => drawValue(rng));
    expect(values.some((value) => value.length === 0)).toBe(true);
    expect(values.some((value) => !Buffer.from(value.toString('utf8')).equals(value))).toBe(true);
    expect(values.some((value) => /^-?\d+$/.test(value.toString()))).toBe(true);
    expect(values.some((value) => value.length > 1024)).toBe(true);
    expect(Math.max(...values.map((value) => value.length))).toBeLessThanOrEqual(64 * 1024);
  });

  it('validates its options, naming the bad one', () => {
    const make = (keyCount: number, edgeRate: number) => () =>
      createTestOpContext({ rng: new Rng(1n), keyCount, nowMs: 0, edgeRate, expiryRate: 0 });
    expect(make(0, 0)).toThrow(OpContextOptionError);
    expect(make(4, 1.5)).toThrow(/edgeRate=1.5/);
  });
});
