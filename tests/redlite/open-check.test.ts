/**
 * The check redlite runs when it opens a database that was not closed cleanly: nothing on a
 * clean reopen; 'ok' on a sound unclean one, with the WAL truncated afterwards; a rebuilt index
 * when only an index disagrees with its table; a refusal (RedliteCorruptError) when a keys row
 * fails its checksum or a table is damaged. The damage is made byte by byte in a copy of the
 * files, the way a crash leaves them (never closed).
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenCheckOutcome, Redlite, RedliteCorruptError } from '../../redlite/index.ts';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'redlite-open-check-'));
  folders.push(made);
  return made;
}

/** A store with a few keys, written and checkpointed, then copied as a crash leaves it. */
function crashedCopy(): string {
  const from = folder();
  const db = Redlite.open(join(from, 'r.db'));
  for (let i = 0; i < 20; i++) db.exec(['SET', `findme-${String(i).padStart(2, '0')}`, `value-${i}`]);
  db.checkpoint();
  db.exec(['SET', 'after-checkpoint', 'x']);
  const to = folder();
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(to, name));
  return join(to, 'r.db');
}

/** Folds the WAL into the database file with raw SQLite, so bytes can be edited in one place. */
function foldWal(path: string): void {
  const raw = new Database(path);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  rmSync(`${path}-shm`, { force: true });
  // Leave a WAL behind: the next open must look unclean, as after a crash.
  writeFileSync(`${path}-wal`, Buffer.alloc(0));
}

function rootPage(path: string, name: string): number {
  const raw = new Database(path, { readonly: true });
  const page = raw.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').pluck().get(name) as number;
  raw.close();
  return page;
}

/** SQLite's b-tree leaf page types. */
const TABLE_LEAF = 0x0d;
const INDEX_LEAF = 0x0a;

/**
 * Changes the last byte of `needle` in the first leaf page of the given type that holds it:
 * the keys table's rows sit in table leaves, its unique index's entries in index leaves.
 */
function rotInLeaf(path: string, pageType: number, needle: string): void {
  const bytes = readFileSync(path);
  const pageBytes = bytes.readUInt16BE(16);
  for (let start = pageBytes; start < bytes.length; start += pageBytes) {
    if (bytes[start] !== pageType) continue;
    const at = bytes.subarray(start, start + pageBytes).indexOf(needle);
    if (at < 0) continue;
    const position = start + at + needle.length - 1;
    bytes[position] = (bytes[position] as number) ^ 0x20;
    writeFileSync(path, bytes);
    return;
  }
  throw new Error(`no page of type ${pageType} holds ${needle}`);
}

function openWatching(path: string): { db: Redlite; outcomes: OpenCheckOutcome[] } {
  const outcomes: OpenCheckOutcome[] = [];
  const db = Redlite.open(path, { hooks: { afterOpenCheck: (outcome) => outcomes.push(outcome) } });
  return { db, outcomes };
}

describe('opening after an unclean shutdown', () => {
  it('checks nothing after a clean close', () => {
    const path = join(folder(), 'r.db');
    Redlite.open(path).close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const { db, outcomes } = openWatching(path);
    expect(outcomes).toEqual([]);
    db.close();
  });

  it('finds a sound store ok, and leaves the WAL truncated', () => {
    const path = crashedCopy();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    const { db, outcomes } = openWatching(path);
    expect(outcomes).toEqual(['ok']);
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect(db.exec(['GET', 'after-checkpoint'])).toEqual({ type: 'bulk', value: Buffer.from('x') });
    db.close();
  });

  it('rebuilds an index that disagrees with its table, and the key reads again', () => {
    const path = crashedCopy();
    foldWal(path);
    rotInLeaf(path, INDEX_LEAF, 'findme-07');
    const { db, outcomes } = openWatching(path);
    expect(outcomes).toEqual(['reindexed']);
    expect(db.exec(['GET', 'findme-07'])).toEqual({ type: 'bulk', value: Buffer.from('value-7') });
    expect(db.exec(['DBSIZE'])).toEqual({ type: 'integer', value: 21 });
    db.close();
  });

  it('refuses a store whose keys row lost its name, rather than rebuild the index from it', () => {
    const path = crashedCopy();
    foldWal(path);
    rotInLeaf(path, TABLE_LEAF, 'findme-07');
    let refused: unknown = null;
    try {
      // No hooks at all: the check runs whether or not a host listens to it.
      Redlite.open(path).close();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RedliteCorruptError);
    expect((refused as RedliteCorruptError).problems).toContain(
      "keys row for 'findme-0\x17' fails its checksum",
    );
    expect((refused as Error).message).toMatch(/refuses to open .*the database is corrupt/);
  });

  it('refuses a store whose table b-tree is damaged', () => {
    const path = crashedCopy();
    foldWal(path);
    const bytes = readFileSync(path);
    const pageBytes = bytes.readUInt16BE(16);
    const start = (rootPage(path, 'strings') - 1) * pageBytes;
    // The cell count in the page header: the page now claims cells it does not have.
    bytes.writeUInt16BE(0xffff, start + 3);
    writeFileSync(path, bytes);
    expect(() => Redlite.open(path)).toThrow(RedliteCorruptError);
  });
});
