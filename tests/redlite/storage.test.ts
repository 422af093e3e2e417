/**
 * redlite's storage rules seen from outside: list positions rebalance when LINSERT runs out of
 * integer gaps; every write to a key bumps keys.version (EXPIRE, PEXPIRE and PERSIST too) and
 * reads do not; expiry is lazy and active (expireCycle) on the injected clock; DBSIZE, KEYS
 * and SCAN ignore expired keys; SCAN's cursor walks every key exactly once.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Clock, integer, Redlite, type Reply } from '../../redlite/index.ts';
import type { Target } from '../../sim/run-types.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-test-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function strings(reply: Reply): string[] {
  if (reply.type !== 'array' || reply.value === null)
    throw new Error(`not an array: ${JSON.stringify(reply)}`);
  return reply.value.map((item) =>
    item.type === 'bulk' && item.value !== null ? item.value.toString() : '?',
  );
}

class ManualClock implements Clock {
  ms = 1_700_000_000_000;
  now(): number {
    return this.ms;
  }
}

describe('list positions', () => {
  it('rebalances when LINSERT exhausts the gap, keeping the exact order', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    db.exec(['RPUSH', 'l', 'head', 'tail']);
    const expected = ['head', 'tail'];
    // Always inserting right before 'tail' halves the same gap each time: 1e6 runs out in ~20.
    for (let i = 0; i < 60; i++) {
      db.exec(['LINSERT', 'l', 'BEFORE', 'tail', `x${i}`]);
      expected.splice(expected.length - 1, 0, `x${i}`);
    }
    for (let i = 0; i < 30; i++) {
      db.exec(['LINSERT', 'l', 'AFTER', 'head', `y${i}`]);
      expected.splice(1, 0, `y${i}`);
    }
    expect(strings(db.exec(['LRANGE', 'l', '0', '-1']))).toEqual(expected);
    expect(db.exec(['LLEN', 'l'])).toEqual(integer(expected.length));
    // A renumbering leaves most positions on the full gap; without one only head and tail would be.
    const reader = new Database(path, { readonly: true });
    const positions = reader.prepare('SELECT pos FROM lists ORDER BY pos').pluck().all() as number[];
    reader.close();
    expect(positions.filter((pos) => pos % 1_000_000 === 0).length).toBeGreaterThan(10);
    expect(strings(db.exec(['LRANGE', 'l', '40', '45']))).toEqual(expected.slice(40, 46));
    db.exec(['LPUSH', 'l', 'first']);
    db.exec(['RPUSH', 'l', 'last']);
    expect(strings(db.exec(['LRANGE', 'l', '0', '-1']))).toEqual(['first', ...expected, 'last']);
    db.close();
  });
});

describe('versions', () => {
  it('bumps keys.version on every write, including EXPIRE, PEXPIRE and PERSIST, and not on reads', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    const reader = new Database(path, { readonly: true });
    const version = (key: string): number | undefined =>
      (
        reader.prepare('SELECT version FROM keys WHERE key = ?').get(Buffer.from(key)) as
          | { version: number }
          | undefined
      )?.version;
    const writes: string[][] = [
      ['SET', 'k', '1'],
      ['INCR', 'k'],
      ['APPEND', 'k', 'x'],
      ['EXPIRE', 'k', '100'],
      ['PEXPIRE', 'k', '100000'],
      ['PERSIST', 'k'],
      ['SETRANGE', 'k', '0', 'z'],
      ['SET', 'k', 'v', 'KEEPTTL'],
    ];
    let last = 0;
    for (const command of writes) {
      db.exec(command);
      const now = version('k');
      expect(now, command.join(' ')).toBeGreaterThan(last);
      last = now!;
    }
    for (const read of [
      ['GET', 'k'],
      ['TTL', 'k'],
      ['STRLEN', 'k'],
      ['PERSIST', 'k'],
      ['EXPIRE', 'nokey', '5'],
    ]) {
      db.exec(read);
      expect(version('k'), read.join(' ')).toBe(last);
    }
    for (const [type, write] of [
      ['list', ['RPUSH', 'c', 'a']],
      ['list', ['LSET', 'c', '0', 'b']],
      ['hash', ['HSET', 'h', 'f', 'v']],
      ['hash', ['HINCRBY', 'h', 'n', '1']],
      ['set', ['SADD', 's', 'a', 'b']],
      ['set', ['SREM', 's', 'a']],
      ['zset', ['ZADD', 'z', '1', 'a']],
      ['zset', ['ZINCRBY', 'z', '1', 'a']],
    ] as const) {
      const key = write[1];
      const before = version(key) ?? 0;
      db.exec([...write]);
      expect(version(key), `${type}: ${write.join(' ')}`).toBeGreaterThan(before);
    }
    reader.close();
    db.close();
  });
});

describe('expiry', () => {
  it('hides expired keys lazily, counts only live keys, and reclaims them with expireCycle', () => {
    const clock = new ManualClock();
    const db = Redlite.open(':memory:', { clock });
    for (let i = 0; i < 10; i++) db.exec(['SET', `short${i}`, 'v', 'PX', '100']);
    db.exec(['SET', 'long', 'v', 'EX', '100']);
    db.exec(['SET', 'forever', 'v']);
    expect(db.exec(['DBSIZE'])).toEqual(integer(12));
    clock.ms += 100;
    expect(db.exec(['PTTL', 'short0'])).toEqual(integer(0));
    clock.ms += 1;
    expect(db.exec(['DBSIZE'])).toEqual(integer(2));
    expect(strings(db.exec(['KEYS', '*'])).sort()).toEqual(['forever', 'long']);
    expect(db.exec(['GET', 'short0'])).toEqual({ type: 'bulk', value: null });
    expect(db.expireCycle(4)).toBe(4);
    expect(db.expireCycle(100)).toBe(5);
    expect(db.expireCycle(100)).toBe(0);
    expect(db.exec(['TTL', 'long'])).toEqual(integer(100));
    db.close();
  });
});

describe('Target', () => {
  it('is what the simulator drives', () => {
    const target: Target = Redlite.open(':memory:');
    expect(target.exec(['PING'])).toEqual({ type: 'simple', value: 'PONG' });
    expect(target.expireCycle(10)).toBe(0);
    target.close();
  });
});

describe('SCAN', () => {
  it('visits every live key exactly once across a full iteration', () => {
    const db = Redlite.open(':memory:');
    const expected: string[] = [];
    for (let i = 0; i < 95; i++) {
      db.exec(['SET', `key:${i}`, 'v']);
      expected.push(`key:${i}`);
    }
    db.exec(['RPUSH', 'alist', 'x']);
    const seen: string[] = [];
    let cursor = '0';
    for (let rounds = 0; rounds < 100; rounds++) {
      const reply = db.exec(['SCAN', cursor, 'COUNT', '7', 'MATCH', 'key:*', 'TYPE', 'string']);
      if (reply.type !== 'array' || reply.value === null) throw new Error('bad SCAN reply');
      const [next, keys] = reply.value;
      seen.push(...strings(keys!));
      cursor = next!.type === 'bulk' && next!.value !== null ? next!.value.toString() : '0';
      if (cursor === '0') break;
    }
    expect(cursor).toBe('0');
    expect(seen.sort()).toEqual(expected.sort());
    db.close();
  });
});

describe('locking', () => {
  it("'exclusive' keeps the -shm index and locks other connections out; 'normal' lets them read", () => {
    const path = join(folder, 'x.db');
    const db = Redlite.open(path, { locking: 'exclusive' });
    db.exec(['SET', 'k', 'v']);
    expect(existsSync(`${path}-shm`)).toBe(true);
    const reader = new Database(path, { readonly: true });
    expect(() => reader.prepare('SELECT count(*) FROM keys').get()).toThrow(/locked/);
    reader.close();
    db.close();

    const shared = Redlite.open(join(folder, 'y.db'));
    shared.exec(['SET', 'k', 'v']);
    const other = new Database(join(folder, 'y.db'), { readonly: true });
    expect(other.prepare('SELECT count(*) AS n FROM keys').get()).toEqual({ n: 1 });
    other.close();
    shared.close();
  });
});
