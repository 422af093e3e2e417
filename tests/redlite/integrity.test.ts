/**
 * redlite's integrity pass (Redlite.integrityProblems): nothing on a sound store; a value row
 * whose checksum fails; rows that moved to a key id no key of their type has; a keys row whose
 * checksum fails. The damage is made with raw SQL on a second connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Redlite } from '../../redlite/index.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function store(): { db: Redlite; raw: Database.Database } {
  const folder = mkdtempSync(join(tmpdir(), 'redlite-integrity-'));
  folders.push(folder);
  const path = join(folder, 'r.db');
  const db = Redlite.open(path);
  db.exec(['SET', 's', 'v']);
  db.exec(['HSET', 'h', 'f1', 'a', 'f2', 'b']);
  db.exec(['RPUSH', 'l', 'x', 'y']);
  db.exec(['SADD', 'set', 'm']);
  db.exec(['ZADD', 'z', '1', 'm']);
  return { db, raw: new Database(path) };
}

describe('the integrity pass', () => {
  it('finds nothing wrong with a sound store', () => {
    const { db, raw } = store();
    expect(db.integrityProblems()).toEqual([]);
    raw.close();
    db.close();
  });

  it('finds a value row whose checksum fails', () => {
    const { db, raw } = store();
    raw.exec("UPDATE hashes SET value = CAST('c' AS BLOB) WHERE CAST(field AS TEXT) = 'f2'");
    expect(db.integrityProblems()).toEqual([
      expect.stringMatching(/^a hashes row of key id \d+ fails its checksum$/),
    ]);
    raw.close();
    db.close();
  });

  it('finds rows that moved to a key id of another type', () => {
    const { db, raw } = store();
    const stringId = raw.prepare("SELECT id FROM keys WHERE CAST(key AS TEXT) = 's'").pluck().get() as number;
    raw.exec(`UPDATE lists SET key_id = ${stringId}`);
    const problems = db.integrityProblems();
    expect(problems).toContain(`lists rows of key id ${stringId} belong to no lists key`);
    raw.close();
    db.close();
  });

  it('finds keys without their value rows: a string without its value, an aggregate emptied', () => {
    const { db, raw } = store();
    const idOf = (key: string) =>
      raw.prepare('SELECT id FROM keys WHERE CAST(key AS TEXT) = ?').pluck().get(key) as number;
    raw.exec('DELETE FROM strings; DELETE FROM hashes');
    expect(db.integrityProblems()).toEqual([
      `strings key id ${idOf('s')} has no strings rows`,
      `hashes key id ${idOf('h')} has no hashes rows`,
    ]);
    raw.close();
    db.close();
  });

  it('finds a keys row whose checksum fails', () => {
    const { db, raw } = store();
    raw.exec("UPDATE keys SET version = version + 7 WHERE CAST(key AS TEXT) = 'z'");
    expect(db.integrityProblems()).toEqual(["keys row for 'z' fails its checksum"]);
    raw.close();
    db.close();
  });
});
