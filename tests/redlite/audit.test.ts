/**
 * redlite's storage audit (`Redlite.audit`): clean on a store every command family wrote, in
 * both integrity modes; a pure read (no byte, hook or statement count changes); and each check
 * names the rows it finds when another connection damages the store behind redlite's back.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyRowCrc, listRowCrc } from '../../redlite/checksum.ts';
import {
  type AuditCheck,
  type AuditReport,
  type Clock,
  Redlite,
  RedliteOptionError,
  type RedliteOptions,
} from '../../redlite/index.ts';

let folder: string;
let path: string;

beforeEach(() => {
  folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'redlite-audit-'));
  path = join(folder, 'db');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const clock: Clock = { now: () => 1_700_000_000_000 };

function open(options: RedliteOptions = {}): Redlite {
  return Redlite.open(path, { clock, ...options });
}

/** Every command family, a type change, a rename, expiries, a renumbered list, a converted zset. */
function populate(db: Redlite): void {
  db.exec(['SET', 's1', 'v']);
  db.exec(['SET', 's2', 'v', 'PX', '100000']);
  db.exec(['RPUSH', 'l1', 'a', 'b', 'c']);
  for (let i = 0; i < 8; i++) db.exec(['LINSERT', 'l1', 'BEFORE', 'b', `x${i}`]);
  db.exec(['HSET', 'h1', 'f1', '1', 'f2', '2']);
  db.exec(['SADD', 't1', 'm1', 'm2']);
  const pairs = Array.from({ length: 130 }, (_, i) => [String(i % 7), `m${i}`]).flat();
  db.exec(['ZADD', 'z1', ...pairs]);
  db.exec(['ZADD', 'z2', '-0', 'neg', '1.5', 'x']);
  db.exec(['RPUSH', 'changes', 'a']);
  db.exec(['SET', 'changes', 'now a string']);
  db.exec(['RENAME', 'h1', 'h2']);
  db.exec(['SADD', 'gone', 'x']);
  db.exec(['SREM', 'gone', 'x']);
  db.exec(['EXPIRE', 'l1', '1000']);
}

function checks(report: AuditReport): AuditCheck[] {
  return report.problems.map((problem) => problem.check);
}

function examples(report: AuditReport, check: AuditCheck): string {
  return report.problems
    .filter((problem) => problem.check === check)
    .flatMap((problem) => problem.examples)
    .join('\n');
}

/** Runs SQL on a second connection (redlite uses normal locking here), then closes it. */
function tamper(sql: string, ...params: unknown[]): void {
  const raw = new Database(path);
  raw.prepare(sql).run(...params);
  raw.close();
}

function idOf(key: string): number {
  const raw = new Database(path, { readonly: true });
  const id = raw.prepare('SELECT id FROM keys WHERE key = ?').pluck().get(Buffer.from(key)) as number;
  raw.close();
  return id;
}

function fileDigest(file: string): string {
  return existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'absent';
}

describe('the storage audit on a sound store', () => {
  it('finds nothing in either mode, and lists every key with its id and version', () => {
    const db = open({ listPositionGap: 2 });
    populate(db);
    for (const integrity of ['quick', 'full'] as const) {
      const report = db.audit({ integrity });
      expect(report.problems, integrity).toEqual([]);
      expect(report.integrity).toBe(integrity);
      const names = report.keys.map((key) => key.key.toString()).sort();
      expect(names).toEqual(['changes', 'h2', 'l1', 's1', 's2', 't1', 'z1', 'z2']);
      const changes = report.keys.find((key) => key.key.toString() === 'changes');
      expect(changes?.version).toBe(2);
      expect(report.keySequence).toBeGreaterThanOrEqual(Math.max(...report.keys.map((key) => key.id)));
      expect(report.elementsMax).toEqual({ list: 11, set: 2, hash: 2, zset: 130 });
    }
    db.close();
  });

  it('writes nothing, calls no hook and leaves the next command its own statement count', () => {
    const seen: string[] = [];
    const db = open({
      hooks: {
        beforeStatement: (info) => seen.push(`${info.command}:${info.statementIndex}`),
        afterCommit: () => seen.push('commit'),
        afterCheckpoint: () => seen.push('checkpoint'),
        probe: (name) => seen.push(name),
      },
    });
    populate(db);
    seen.length = 0;
    const before = [fileDigest(path), fileDigest(`${path}-wal`)];
    db.audit({ integrity: 'full' });
    db.audit();
    expect(seen).toEqual([]);
    expect([fileDigest(path), fileDigest(`${path}-wal`)]).toEqual(before);
    db.exec(['GET', 's1']);
    expect(seen).toEqual(['GET:0']);
    db.close();
  });

  it('validates its options and refuses to run inside a transaction', () => {
    const db = open();
    expect(() => db.audit({ integrity: 'deep' as 'full' })).toThrow(
      /audit integrity must be 'quick' or 'full', got deep/,
    );
    expect(() => db.audit({ examplesMax: -1 })).toThrow(RedliteOptionError);
    db.close();
    expect(() => db.audit()).toThrow(/closed/);
  });
});

describe('the storage audit on a damaged store', () => {
  it('finds the old type rows a type change left behind, naming the key and its type', () => {
    const db = open();
    populate(db);
    const id = idOf('s1');
    tamper(
      'INSERT INTO lists (key_id, pos, value, crc) VALUES (?, 0, ?, ?)',
      id,
      Buffer.from('a'),
      listRowCrc(id, 0, Buffer.from('a')),
    );
    const report = db.audit();
    expect(checks(report)).toEqual(['value_row_orphaned']);
    expect(examples(report, 'value_row_orphaned')).toContain(
      `lists row key_id=${id} pos=0: key 's1' is a string`,
    );
    db.close();
  });

  it('finds emptied aggregates and string keys without their value', () => {
    const db = open();
    populate(db);
    tamper('DELETE FROM sets WHERE key_id = ?', idOf('t1'));
    tamper('DELETE FROM strings WHERE key_id = ?', idOf('s1'));
    const report = db.audit();
    expect(checks(report)).toEqual(['aggregate_empty', 'string_value_missing']);
    expect(examples(report, 'aggregate_empty')).toContain("'t1' (a set) has no value rows");
    expect(examples(report, 'string_value_missing')).toContain("'s1' (a string)");
    db.close();
  });

  it('finds rows whose checksum fails, counting them all but describing at most examplesMax', () => {
    const db = open();
    populate(db);
    tamper('UPDATE zsets SET crc = crc + 1 WHERE key_id = ?', idOf('z1'));
    const report = db.audit({ examplesMax: 3 });
    expect(checks(report)).toEqual(['checksum']);
    expect(report.problems[0]?.count).toBe(130);
    expect(report.problems[0]?.examples).toHaveLength(3);
    db.close();
  });

  it('judges single rows whose checksum verifies: a fractional position, an unknown type', () => {
    const db = open();
    populate(db);
    const list = idOf('l1');
    tamper(
      'UPDATE lists SET pos = 1.5, crc = ? WHERE key_id = ? AND pos = 0',
      listRowCrc(list, 1.5, Buffer.from('a')),
      list,
    );
    const string = idOf('s1');
    tamper(
      'UPDATE keys SET type = 9, crc = ? WHERE id = ?',
      keyRowCrc(0, Buffer.from('s1'), 9, 0, null, 1),
      string,
    );
    const report = db.audit();
    expect(checks(report)).toContain('list_position_invalid');
    expect(checks(report)).toContain('key_row_invalid');
    expect(checks(report)).not.toContain('checksum');
    expect(examples(report, 'key_row_invalid')).toContain("'s1': type 9");
    db.close();
  });

  it('finds key ids above the AUTOINCREMENT sequence', () => {
    const db = open();
    populate(db);
    tamper("UPDATE sqlite_sequence SET seq = 1 WHERE name = 'keys'");
    const report = db.audit();
    expect(checks(report)).toEqual(['key_id_sequence']);
    expect(report.keySequence).toBe(1);
    db.close();
  });

  it('finds a score index that disagrees with its rows', () => {
    const db = open();
    populate(db);
    db.close();
    // Rename one index entry's member, 'x' of z2 at score 1.5, in the index's own page: the
    // entry then has no row, and the row has no entry. quick_check never compares the two.
    const raw = new Database(path, { readonly: true });
    const root = raw
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'zsets_by_score'")
      .pluck()
      .get() as number;
    raw.close();
    // A read-only connection may not remove the WAL it found, and a WAL left beside the file
    // makes redlite take the next open for one after a crash: its open check would then rebuild
    // the damaged index (redlite/open-check.ts) before the audit could see it. Nothing is in it.
    rmSync(`${path}-wal`, { force: true });
    rmSync(`${path}-shm`, { force: true });
    const bytes = readFileSync(path);
    const pageBytes = bytes.readUInt16BE(16);
    const page = bytes.subarray((root - 1) * pageBytes, root * pageBytes);
    const entry = Buffer.from([0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0x78]);
    const at = page.indexOf(entry);
    expect(at).toBeGreaterThan(0);
    page[at + 8] = 0x79;
    writeFileSync(path, bytes);
    const reopened = open();
    const report = reopened.audit();
    expect(checks(report)).toEqual(['index_mismatch']);
    expect(examples(report, 'index_mismatch')).toContain(
      "member 'y' score=1.5: no zsets row left to match it",
    );
    expect(examples(report, 'index_mismatch')).toContain("member 'x' score=1.5: not in zsets_by_score");
    expect(checks(reopened.audit({ integrity: 'full' }))).toContain('integrity');
    reopened.close();
  });

  it('reports an index it cannot read as unreadable, and still judges the rest', () => {
    const db = open();
    populate(db);
    tamper('DROP INDEX keys_by_expire_at');
    tamper('DELETE FROM sets WHERE key_id = ?', idOf('t1'));
    const report = db.audit();
    expect(checks(report)).toEqual(['unreadable', 'aggregate_empty']);
    expect(examples(report, 'unreadable')).toContain('keys_by_expire_at');
    db.close();
  });

  it('turns damaged pages into problems, never into a throw', () => {
    const db = open();
    populate(db);
    db.close();
    const bytes = readFileSync(path);
    const pageBytes = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    // Garble every page but the first (the schema), past each page's header.
    for (let page = 1; page * pageBytes < bytes.length; page++)
      bytes.fill(0xa5, page * pageBytes + 12, page * pageBytes + 200);
    writeFileSync(path, bytes);
    const damaged = open();
    for (const integrity of ['quick', 'full'] as const) {
      const report = damaged.audit({ integrity });
      expect(report.problems.length, integrity).toBeGreaterThan(0);
      expect(checks(report).some((check) => ['integrity', 'unreadable', 'checksum'].includes(check))).toBe(
        true,
      );
    }
    damaged.close();
  });
});
