/**
 * redlite on real files: data survives close and reopen; a flipped byte in a stored value is
 * reported (naming the key) rather than answered; a statement that fails as SQLite would
 * leaves no partial command; a simulated crash propagates with no further SQL and loses only
 * the uncommitted command; commits and checkpoints are announced through the hooks; disk
 * full (max_page_count) becomes an error reply.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bulk, integer, OK, Redlite, type StatementInfo } from '../../redlite/index.ts';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-test-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

class SimulatedCrash extends Error {}

/** Copies the files as they are now (page cache), like a process crash, and opens the copy. */
function reopenCopy(from: string): Redlite {
  const copy = mkdtempSync(join(folder, 'copy-'));
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(from + suffix)) copyFileSync(from + suffix, join(copy, `db${suffix}`));
  }
  return Redlite.open(join(copy, 'db'));
}

describe('files', () => {
  it('keeps every type across close and reopen', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    db.exec(['SET', 's', 'v']);
    db.exec(['RPUSH', 'l', 'a', 'b']);
    db.exec(['HSET', 'h', 'f', 'x']);
    db.exec(['SADD', 'set', 'm']);
    db.exec(['ZADD', 'z', '-0', 'm', '2.5', 'n']);
    db.exec(['SET', 'bin', Buffer.from([0, 255, 10, 13])]);
    db.close();
    const again = Redlite.open(path);
    expect(again.exec(['GET', 's'])).toEqual(bulk('v'));
    expect(again.exec(['LRANGE', 'l', '0', '-1'])).toEqual({ type: 'array', value: [bulk('a'), bulk('b')] });
    expect(again.exec(['HGET', 'h', 'f'])).toEqual(bulk('x'));
    expect(again.exec(['SISMEMBER', 'set', 'm'])).toEqual(integer(1));
    expect(again.exec(['ZRANGE', 'z', '0', '-1', 'WITHSCORES'])).toEqual({
      type: 'array',
      value: [bulk('m'), bulk('0'), bulk('n'), bulk('2.5')],
    });
    expect(again.exec(['GET', 'bin'])).toEqual(bulk(Buffer.from([0, 255, 10, 13])));
    expect(again.exec(['DBSIZE'])).toEqual(integer(6));
    again.close();
  });
});

describe('checksums', () => {
  it('answers an error naming the key when a stored value byte flips on disk', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    const marker = 'CANARY-VALUE-0123456789';
    db.exec(['SET', 'victim', marker]);
    db.exec(['SET', 'bystander', 'fine']);
    db.checkpoint();
    db.close();
    const bytes = readFileSync(path);
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    bytes[at + 3] = bytes[at + 3]! ^ 0x01;
    writeFileSync(path, bytes);
    const again = Redlite.open(path);
    expect(again.exec(['GET', 'victim'])).toEqual({
      type: 'error',
      value: "ERR corrupted data: checksum mismatch in strings for key 'victim'",
    });
    expect(again.exec(['GET', 'bystander'])).toEqual(bulk('fine'));
    again.close();
  });

  it('reports a flipped list element and hash value', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    db.exec(['RPUSH', 'list', 'ELEMENT-MARKER-AAAA']);
    db.exec(['HSET', 'hash', 'field', 'HASHVALUE-MARKER-BBBB']);
    db.close();
    const bytes = readFileSync(path);
    for (const marker of ['ELEMENT-MARKER-AAAA', 'HASHVALUE-MARKER-BBBB']) {
      const at = bytes.indexOf(marker);
      expect(at).toBeGreaterThan(0);
      bytes[at] = bytes[at]! ^ 0x20;
    }
    writeFileSync(path, bytes);
    const again = Redlite.open(path);
    expect(again.exec(['LRANGE', 'list', '0', '-1'])).toEqual({
      type: 'error',
      value: "ERR corrupted data: checksum mismatch in lists for key 'list'",
    });
    expect(again.exec(['HGETALL', 'hash'])).toEqual({
      type: 'error',
      value: "ERR corrupted data: checksum mismatch in hashes for key 'hash'",
    });
    again.close();
  });

  it('turns SQLite corruption errors into error replies', () => {
    const path = join(folder, 'db');
    const db = Redlite.open(path);
    for (let i = 0; i < 200; i++) db.exec(['SET', `k${i}`, 'x'.repeat(100)]);
    db.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 4096, bytes.length);
    writeFileSync(path, bytes);
    let reply: ReturnType<Redlite['exec']> | null = null;
    try {
      const again = Redlite.open(path);
      reply = again.exec(['GET', 'k5']);
      again.close();
    } catch (caught) {
      expect((caught as Error).name).toBe('RedliteOpenError');
      return;
    }
    expect(reply?.type).toBe('error');
    expect(reply?.type === 'error' && reply.value.startsWith('ERR ')).toBe(true);
  });
});

describe('atomicity through the statement hook', () => {
  it('rolls back a command whose statement fails with a SqliteError, at every statement', () => {
    const command = ['MSET', 'a', '1', 'b', '2', 'c', '3'];
    let statements = 0;
    const counter = Redlite.open(':memory:', { hooks: { beforeStatement: () => void statements++ } });
    counter.exec(command);
    counter.close();
    expect(statements).toBeGreaterThanOrEqual(5);
    for (let failAt = 0; failAt < statements; failAt++) {
      const db = Redlite.open(join(folder, `fail-${failAt}`), {
        hooks: {
          beforeStatement: (info: StatementInfo) => {
            if (info.command === 'MSET' && info.statementIndex === failAt) {
              throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR');
            }
          },
        },
      });
      expect(db.exec(command)).toEqual({ type: 'error', value: 'ERR disk I/O error' });
      expect(db.exec(['MGET', 'a', 'b', 'c'])).toEqual({
        type: 'array',
        value: [bulk(null), bulk(null), bulk(null)],
      });
      expect(db.exec(['SET', 'after', 'ok'])).toEqual(OK);
      db.close();
    }
  });

  it('lets a crash signal propagate with no further SQL, and a crash copy holds none of the command', () => {
    for (let crashAt = 0; crashAt < 8; crashAt++) {
      const path = join(folder, `crash-${crashAt}`);
      const seen: StatementInfo[] = [];
      let armed = false;
      const db = Redlite.open(path, {
        synchronous: 'full',
        hooks: {
          beforeStatement: (info) => {
            if (!armed) return;
            seen.push(info);
            if (info.statementIndex === crashAt) throw new SimulatedCrash(`crash at ${crashAt}`);
          },
        },
      });
      db.exec(['SET', 'before', 'kept']);
      armed = true;
      let threw = false;
      try {
        db.exec(['MSET', 'x', '1', 'y', '2']);
      } catch (caught) {
        threw = caught instanceof SimulatedCrash;
      }
      const last = seen[seen.length - 1];
      const copy = reopenCopy(path);
      if (threw) {
        expect(last?.statementIndex).toBe(crashAt);
        expect(copy.exec(['EXISTS', 'x', 'y'])).toEqual(integer(0));
      } else {
        expect(copy.exec(['EXISTS', 'x', 'y'])).toEqual(integer(2));
      }
      expect(copy.exec(['GET', 'before'])).toEqual(bulk('kept'));
      copy.close();
    }
  });
});

describe('sync points', () => {
  it('announces every commit, and checkpoints once the WAL passes walCheckpointPages', () => {
    let commits = 0;
    let checkpoints = 0;
    const names: string[] = [];
    const db = Redlite.open(join(folder, 'db'), {
      walCheckpointPages: 20,
      hooks: {
        afterCommit: () => void commits++,
        afterCheckpoint: () => void checkpoints++,
        beforeStatement: (info) => names.push(info.command),
      },
    });
    for (let i = 0; i < 200; i++) db.exec(['SET', `key${i}`, 'v'.repeat(200)]);
    expect(commits).toBe(200);
    expect(checkpoints).toBeGreaterThan(3);
    expect(db.exec(['GET', 'key1'])).toEqual(bulk('v'.repeat(200)));
    expect(commits).toBe(200);
    const before = checkpoints;
    db.checkpoint();
    expect(checkpoints).toBe(before + 1);
    expect(names).toContain('CHECKPOINT');
    db.close();
  });

  it('runs no checkpoint before the WAL reaches the threshold', () => {
    let checkpoints = 0;
    const db = Redlite.open(join(folder, 'db'), { hooks: { afterCheckpoint: () => void checkpoints++ } });
    for (let i = 0; i < 20; i++) db.exec(['SET', `key${i}`, 'v']);
    expect(checkpoints).toBe(0);
    db.close();
  });

  it('answers an error reply and changes nothing when the disk is full, then recovers', () => {
    const db = Redlite.open(join(folder, 'db'));
    db.exec(['SET', 'small', 'x']);
    db.setMaxPageCount(8);
    let full: ReturnType<Redlite['exec']> | null = null;
    for (let i = 0; i < 100 && full === null; i++) {
      const reply = db.exec(['SET', `big${i}`, 'y'.repeat(3000)]);
      if (reply.type === 'error') full = reply;
    }
    expect(full).toEqual({ type: 'error', value: 'ERR database or disk is full' });
    expect(db.exec(['GET', 'small'])).toEqual(bulk('x'));
    db.setMaxPageCount(null);
    expect(db.exec(['SET', 'later', 'y'.repeat(3000)])).toEqual(OK);
    db.close();
  });
});
