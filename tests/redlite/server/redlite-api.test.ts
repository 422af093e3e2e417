/**
 * The Redlite entry points that sessions stand on: numbered databases (`exec(argv, db)`), the
 * one-transaction batch behind EXEC (`transaction`), committed key change notifications
 * (`setKeyListener`), `keyState` for WATCH, and the commands added for the server (LMOVE,
 * RPOPLPUSH and the non-blocking forms of the blocking pops). The batch's atomicity is proven
 * the way durability.test.ts proves a command's: a crash at every statement, then a crash copy.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  array,
  bulk,
  DATABASE_COUNT,
  integer,
  type KeyChange,
  NIL,
  NIL_ARRAY,
  OK,
  Redlite,
  RedliteOptionError,
  type Reply,
  type StatementInfo,
} from '../../../redlite/index.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-api-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

class SimulatedCrash extends Error {}

function reopenCopy(from: string): Redlite {
  const copy = mkdtempSync(join(folder, 'copy-'));
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, join(copy, `db${suffix}`));
  }
  return Redlite.open(join(copy, 'db'));
}

function manualClock(startMs: number): { now(): number; ms: number } {
  return {
    ms: startMs,
    now() {
      return this.ms;
    },
  };
}

function recorder(db: Redlite): string[] {
  const seen: string[] = [];
  db.setKeyListener({
    keyChanged: (index: number, key: Buffer, change: KeyChange) => seen.push(`${index}:${key}:${change}`),
  });
  return seen;
}

describe('numbered databases', () => {
  it('keeps each database apart, as SELECT does in Redis', () => {
    const db = Redlite.open(':memory:');
    expect(db.exec(['SET', 'k', 'zero'])).toEqual(OK);
    expect(db.exec(['SET', 'k', 'three'], 3)).toEqual(OK);
    expect(db.exec(['RPUSH', 'only3', 'x'], 3)).toEqual(integer(1));
    expect(db.exec(['GET', 'k'])).toEqual(bulk('zero'));
    expect(db.exec(['GET', 'k'], 3)).toEqual(bulk('three'));
    expect(db.exec(['KEYS', '*'], 3)).toEqual(array([bulk('k'), bulk('only3')]));
    expect(db.exec(['DBSIZE'])).toEqual(integer(1));
    expect(db.exec(['FLUSHDB'], 3)).toEqual(OK);
    expect(db.exec(['DBSIZE'], 3)).toEqual(integer(0));
    expect(db.exec(['GET', 'k'])).toEqual(bulk('zero'));
    expect(db.exec(['GET', 'k'], DATABASE_COUNT - 1)).toEqual(NIL);
    db.close();
  });

  it('refuses a database number outside 0..15 with a named error', () => {
    const db = Redlite.open(':memory:');
    for (const bad of [-1, DATABASE_COUNT, 1.5, Number.NaN]) {
      expect(() => db.exec(['GET', 'k'], bad)).toThrow(RedliteOptionError);
    }
    db.close();
  });

  it('expires keys actively in every database', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    db.exec(['SET', 'a', '1', 'PX', '10'], 5);
    db.exec(['SET', 'b', '1', 'PX', '10'], 0);
    clock.ms += 20;
    expect(db.expireCycle(10)).toBe(2);
    db.close();
  });
});

describe('transaction batches', () => {
  it('answers each command inside, undoing only a command that fails', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    db.exec(['SET', 'gone', 'x', 'PX', '5']);
    clock.ms += 10;
    const result = db.transaction(() => [
      db.exec(['SET', 'a', '1']),
      // RENAME deletes the expired key lazily, then answers "no such key": the delete is undone.
      db.exec(['RENAME', 'gone', 'other']),
      db.exec(['INCR', 'a']),
      db.exec(['LPUSH', 'a', 'x']),
      db.exec(['SET', 'b', '2'], 1),
    ]);
    expect(result).toEqual({
      committed: true,
      value: [
        OK,
        { type: 'error', value: 'ERR no such key' },
        integer(2),
        { type: 'error', value: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
        OK,
      ],
    });
    expect(db.keyState(0, 'gone')).toMatchObject({ expired: true });
    expect(db.exec(['GET', 'a'])).toEqual(bulk('2'));
    expect(db.exec(['GET', 'b'], 1)).toEqual(bulk('2'));
    db.close();
  });

  it('rolls the whole batch back when SQLite fails inside it, and runs nothing after', () => {
    let failArmed = false;
    const db = Redlite.open(join(folder, 'db'), {
      hooks: {
        beforeStatement: (info: StatementInfo) => {
          if (failArmed && info.command === 'INCR')
            throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR');
        },
      },
    });
    db.exec(['SET', 'n', '5']);
    failArmed = true;
    const replies: Reply[] = [];
    const result = db.transaction(() => {
      replies.push(db.exec(['SET', 'a', '1']), db.exec(['INCR', 'n']), db.exec(['SET', 'b', '1']));
      return replies;
    });
    expect(result).toEqual({ committed: false, error: 'ERR disk I/O error' });
    expect(replies[2]).toEqual({ type: 'error', value: 'ERR disk I/O error' });
    failArmed = false;
    expect(db.exec(['MGET', 'a', 'n', 'b'])).toEqual(array([NIL, bulk('5'), NIL]));
    db.close();
  });

  it('leaves nothing of a batch after a crash at any statement, and all of it after COMMIT', () => {
    const batch = (db: Redlite) =>
      db.transaction(() => [
        db.exec(['SET', 'a', '1']),
        db.exec(['RPUSH', 'l', 'x', 'y']),
        db.exec(['LMOVE', 'l', 'm', 'LEFT', 'RIGHT']),
        db.exec(['INCR', 'n'], 2),
      ]);
    let statements = 0;
    const counter = Redlite.open(':memory:', { hooks: { beforeStatement: () => void statements++ } });
    batch(counter);
    counter.close();
    expect(statements).toBeGreaterThan(12);
    for (let crashAt = 0; crashAt <= statements; crashAt++) {
      const path = join(folder, `crash-${crashAt}`);
      let seen = -1;
      const afterCommitCrash = crashAt === statements;
      const db = Redlite.open(path, {
        synchronous: 'full',
        hooks: {
          beforeStatement: () => {
            if (seen >= 0 && ++seen === crashAt + 1 && !afterCommitCrash)
              throw new SimulatedCrash(`at ${crashAt}`);
          },
          afterCommit: () => {
            if (seen >= 0 && afterCommitCrash) throw new SimulatedCrash('after commit');
          },
        },
      });
      db.exec(['SET', 'before', 'kept']);
      seen = 0;
      expect(() => batch(db)).toThrow(SimulatedCrash);
      const copy = reopenCopy(path);
      const expected = afterCommitCrash
        ? [bulk('kept'), bulk('1'), integer(1), integer(1)]
        : [bulk('kept'), NIL, integer(0), integer(0)];
      expect([
        copy.exec(['GET', 'before']),
        copy.exec(['GET', 'a']),
        copy.exec(['LLEN', 'm']),
        copy.exec(['EXISTS', 'n'], 2),
      ]).toEqual(expected);
      copy.close();
    }
  });

  it('sees one time snapshot, and refuses calls that would end it early', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    db.exec(['SET', 'k', 'v', 'PX', '5']);
    const result = db.transaction(() => {
      clock.ms += 10;
      const reply = db.exec(['GET', 'k']);
      expect(() => db.expireCycle(1)).toThrow(RedliteOptionError);
      expect(() => db.transaction(() => 0)).toThrow(RedliteOptionError);
      return reply;
    });
    expect(result).toEqual({ committed: true, value: bulk('v') });
    expect(db.exec(['GET', 'k'])).toEqual(NIL);
    db.close();
  });
});

describe('key change notifications', () => {
  it('reports each committed change in order, and nothing for a failed command', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    const seen = recorder(db);
    db.exec(['RPUSH', 'l', 'a', 'b']);
    db.exec(['RPUSH', 'l', 'c']);
    db.exec(['RENAME', 'l', 'm'], 0);
    db.exec(['SET', 's', 'x'], 4);
    db.exec(['LPUSH', 's', 'y'], 4);
    db.exec(['SET', 'e', 'x', 'PX', '1']);
    clock.ms += 5;
    db.exec(['GET', 'e']);
    db.exec(['DEL', 'missing']);
    expect(seen).toEqual([
      '0:l:created',
      '0:l:changed',
      '0:l:deleted',
      '0:m:created',
      '4:s:created',
      '0:e:created',
      '0:e:deleted',
    ]);
    db.close();
  });

  it('reports FLUSHDB key by key, active expiry, and a batch only once it commits', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    db.exec(['SET', 'a', '1'], 2);
    db.exec(['SET', 'b', '1', 'PX', '1'], 3);
    const seen = recorder(db);
    db.exec(['FLUSHDB'], 2);
    clock.ms += 5;
    db.expireCycle(10);
    expect(seen).toEqual(['2:a:deleted', '3:b:deleted']);
    seen.length = 0;
    db.transaction(() => {
      db.exec(['SET', 'x', '1']);
      db.exec(['INCR', 'x', 'extra']);
      db.exec(['HSET', 'x', 'f', 'v']);
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual(['0:x:created']);
    db.close();
  });

  it('allows one listener at a time', () => {
    const db = Redlite.open(':memory:');
    const listener = { keyChanged: () => {} };
    db.setKeyListener(listener);
    expect(() => db.setKeyListener({ keyChanged: () => {} })).toThrow(RedliteOptionError);
    db.setKeyListener(null);
    db.setKeyListener({ keyChanged: () => {} });
    db.close();
  });
});

describe('keyState', () => {
  it('gives the row and its version, and reports expiry without deleting', () => {
    const clock = manualClock(1_000_000);
    const db = Redlite.open(':memory:', { clock });
    expect(db.keyState(0, 'k')).toBeNull();
    db.exec(['SET', 'k', '1']);
    const first = db.keyState(0, 'k')!;
    db.exec(['INCR', 'k']);
    expect(db.keyState(0, 'k')).toEqual({ id: first.id, version: first.version + 1, expired: false });
    db.exec(['PEXPIRE', 'k', '1']);
    clock.ms += 5;
    expect(db.keyState(0, 'k')).toMatchObject({ id: first.id, expired: true });
    expect(db.keyState(0, 'k')).not.toBeNull();
    expect(db.keyState(1, 'k')).toBeNull();
    db.close();
  });

  it('describes commands by name for a host that queues them', () => {
    const db = Redlite.open(':memory:');
    expect(db.describeCommand('LMOVE')).toEqual({ name: 'LMOVE', arity: 5, write: true });
    expect(db.describeCommand('GET')).toEqual({ name: 'GET', arity: 2, write: false });
    expect(db.describeCommand('NOPE')).toBeUndefined();
    db.close();
  });
});

describe('list moves and non-blocking blocking pops', () => {
  it('moves between lists, rotates one list, and deletes an emptied source', () => {
    const db = Redlite.open(':memory:');
    db.exec(['RPUSH', 'a', '1', '2', '3']);
    expect(db.exec(['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'])).toEqual(bulk('1'));
    expect(db.exec(['LMOVE', 'a', 'a', 'left', 'right'])).toEqual(bulk('2'));
    expect(db.exec(['LRANGE', 'a', '0', '-1'])).toEqual(array([bulk('3'), bulk('2')]));
    expect(db.exec(['RPOPLPUSH', 'b', 'c'])).toEqual(bulk('1'));
    expect(db.exec(['EXISTS', 'b'])).toEqual(integer(0));
    expect(db.exec(['LMOVE', 'a', 'c', 'UP', 'LEFT'])).toEqual({ type: 'error', value: 'ERR syntax error' });
    expect(db.exec(['RPOPLPUSH', 'missing', 'c'])).toEqual(NIL);
    db.close();
  });

  it('answers the blocking pops at once: an element, or nil when there is none', () => {
    const db = Redlite.open(':memory:');
    db.exec(['RPUSH', 'q', 'x', 'y']);
    expect(db.exec(['BLPOP', 'none', 'q', '0'])).toEqual(array([bulk('q'), bulk('x')]));
    expect(db.exec(['BRPOP', 'none', '1.5'])).toEqual(NIL_ARRAY);
    expect(db.exec(['BLMOVE', 'none', 'q', 'LEFT', 'LEFT', '0'])).toEqual(NIL);
    expect(db.exec(['BRPOPLPUSH', 'q', 'r', '0'])).toEqual(bulk('y'));
    expect(db.exec(['BLPOP', 'q', '-1'])).toEqual({ type: 'error', value: 'ERR timeout is negative' });
    expect(db.exec(['BLPOP', 'q', 'soon'])).toEqual({
      type: 'error',
      value: 'ERR timeout is not a float or out of range',
    });
    db.close();
  });
});
