/**
 * Mid-I/O crashes in the I/O shim: armed for a call, the crash stops the "process" inside it.
 * The call does not happen (or, for a write, only a seeded prefix of it), every file open in
 * the folder is frozen, and the abandoned connection can never change them again: not by
 * more statements, not by closing (which would checkpoint and delete the WAL). A copy made any
 * time later holds the bytes of the crash moment, and SQLite recovers on the copy. New opens
 * elsewhere work as usual.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultRng } from '../../faults/FaultRng.ts';
import { type IoEvent, IoShim } from '../../faults/vfs/index.ts';
import {
  commit,
  copyFolder,
  keys,
  openStore,
  removeTempFolders,
  type Synchronous,
  snapshot,
  sqliteCode,
  tempFolder,
} from './vfs-support.ts';

let shim: IoShim;

beforeAll(() => {
  shim = IoShim.load();
});
afterEach(() => shim.reset());
afterAll(removeTempFolders);

function store(synchronous: Synchronous, commits: number) {
  const folder = tempFolder();
  shim.startRecording(folder);
  const db = openStore(folder, synchronous);
  for (let key = 1; key <= commits; key++) commit(db, key);
  shim.drain();
  return { folder, db, wal: join(folder, 'store.db-wal'), dbFile: join(folder, 'store.db') };
}

/**
 * The durable files as they are now, by name and digest (-shm is shared memory, never a file
 * SQLite writes). Digests keep the comparisons fast and their failure messages short.
 */
function files(folder: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const [name, bytes] of snapshot(folder)) {
    if (!name.endsWith('-shm')) digests[name] = createHash('sha256').update(bytes).digest('hex');
  }
  return digests;
}

/** Uses the abandoned connection every way it could still change the files; all must fail. */
function abuse(db: Database.Database): void {
  expect(sqliteCode(() => commit(db, 999))).toMatch(/^SQLITE_IOERR/);
  expect(sqliteCode(() => keys(db))).toMatch(/^SQLITE_IOERR/);
  expect(sqliteCode(() => db.pragma('wal_checkpoint(TRUNCATE)'))).toMatch(/^SQLITE_IOERR/);
  // A clean close would checkpoint and delete the WAL; on frozen files it does neither.
  db.close();
}

function recover(folder: string): Database.Database {
  const db = openStore(copyFolder(folder), 'FULL');
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  return db;
}

/** The last WAL frame's page image for a page number (all frames of one WAL generation). */
function lastFrameImage(wal: Buffer, pageNumber: number, pageBytes: number): Buffer {
  let image: Buffer | null = null;
  for (let at = 32; at + 24 + pageBytes <= wal.length; at += 24 + pageBytes) {
    if (wal.readUInt32BE(at) === pageNumber) image = wal.subarray(at + 24, at + 24 + pageBytes);
  }
  if (image === null) throw new Error(`page ${pageNumber} has no frame in the WAL`);
  return image;
}

describe('I/O shim crashes', () => {
  it('a crash at the next WAL sync freezes the files as the commit left them', () => {
    const { folder, db, wal, dbFile } = store('FULL', 3);
    const dbBefore = readFileSync(dbFile);
    shim.arm({ folder, action: 'crash', call: 'sync', fileKinds: ['wal'] });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_FSYNC');
    const crash = shim.crashState();
    expect(crash).toMatchObject({
      action: 'crash',
      call: 'sync',
      code: 'SQLITE_IOERR_FSYNC',
      frozenFiles: 2,
    });
    expect(crash?.file.kind).toBe('wal');
    const events = shim.drain();
    expect(events.at(-1)).toMatchObject({ type: 'fault', action: 'crash', seq: crash?.seq });
    // The bytes at the crash moment: the database untouched (a WAL commit never writes it),
    // the WAL ending with the last frame the commit wrote before its sync.
    const lastWrite = events.findLast((event) => event.type === 'write');
    expect(lastWrite?.type === 'write' && lastWrite.file.kind === 'wal').toBe(true);
    if (lastWrite?.type !== 'write') throw new Error('unreachable');
    expect(statSync(wal).size).toBe(lastWrite.offsetBytes + lastWrite.lengthBytes);
    expect(readFileSync(dbFile).equals(dbBefore)).toBe(true);
    const atCrash = files(folder);
    abuse(db);
    expect(shim.drain()).toEqual([]);
    expect(files(folder)).toEqual(atCrash);
    // The commit's frames reached the page cache before the sync that never happened, so a
    // process crash (unlike a power loss) keeps the commit.
    const recovered = recover(folder);
    expect(keys(recovered)).toEqual([1, 2, 3, 4]);
    commit(recovered, 5);
    expect(keys(recovered)).toEqual([1, 2, 3, 4, 5]);
    recovered.close();
  });

  it('a crash at the third database write of a checkpoint lands a seeded prefix of that page', () => {
    const { folder, db, wal, dbFile } = store('NORMAL', 40);
    const pageBytes = db.pragma('page_size', { simple: true }) as number;
    const prefixSeed = 5n;
    shim.arm({ folder, action: 'crash', call: 'write', fileKinds: ['db'], skip: 2, prefixSeed });
    expect(sqliteCode(() => db.pragma('wal_checkpoint(PASSIVE)'))).toBe('SQLITE_IOERR_WRITE');
    const crash = shim.crashState()!;
    const landed = Number(new FaultRng(prefixSeed).next64() % BigInt(pageBytes));
    expect(crash).toMatchObject({ call: 'write', lengthBytes: pageBytes, landedBytes: landed });
    expect(crash.file.kind).toBe('db');
    const events: IoEvent[] = shim.drain();
    const dbWrites = events.filter((event) => event.type === 'write' && event.file.kind === 'db');
    expect(dbWrites).toHaveLength(3);
    expect(dbWrites[2]).toMatchObject({ offsetBytes: crash.offsetBytes, lengthBytes: landed });
    // The page now holds the new prefix from the WAL and the old bytes after it.
    const dbNow = readFileSync(dbFile);
    const image = lastFrameImage(readFileSync(wal), crash.offsetBytes / pageBytes + 1, pageBytes);
    const page = dbNow.subarray(crash.offsetBytes, crash.offsetBytes + pageBytes);
    expect(page.subarray(0, landed).equals(image.subarray(0, landed))).toBe(true);
    expect(page.subarray(landed).equals(image.subarray(landed))).toBe(false);
    const atCrash = files(folder);
    abuse(db);
    expect(files(folder)).toEqual(atCrash);
    // The WAL still holds every frame, so recovery replays them over the half-written page.
    const recovered = recover(folder);
    expect(keys(recovered)).toHaveLength(40);
    recovered.pragma('wal_checkpoint(TRUNCATE)');
    expect(recovered.pragma('integrity_check', { simple: true })).toBe('ok');
    recovered.close();
  });

  it('a crash inside a WAL write leaves a torn frame that recovery drops', () => {
    const { folder, db, wal } = store('FULL', 3);
    shim.arm({ folder, action: 'crash', call: 'write', fileKinds: ['wal'], skip: 1, prefixSeed: 11n });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_WRITE');
    const crash = shim.crashState()!;
    expect(crash.landedBytes).toBeGreaterThan(0);
    expect(statSync(wal).size).toBe(crash.offsetBytes + crash.landedBytes);
    abuse(db);
    const recovered = recover(folder);
    expect(keys(recovered)).toEqual([1, 2, 3]);
    recovered.close();
  });

  it('a crash at a rollback-journal commit keeps the hot journal, and recovery rolls back', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = new Database(join(folder, 'rollback.db'));
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)');
    for (let key = 1; key <= 3; key++) commit(db, key);
    shim.drain();
    // The journal is synced, the database half rewritten, and the process dies at its sync.
    shim.arm({ folder, action: 'crash', call: 'sync', fileKinds: ['db'] });
    const commitThree = db.transaction(() => {
      for (const key of [4, 5, 6]) commit(db, key);
    });
    expect(sqliteCode(commitThree)).toBe('SQLITE_IOERR_FSYNC');
    expect(shim.crashState()).toMatchObject({ frozenFiles: 2 });
    const atCrash = files(folder);
    expect(Object.keys(atCrash)).toEqual(['rollback.db', 'rollback.db-journal']);
    db.close();
    expect(files(folder)).toEqual(atCrash);
    const copy = copyFolder(folder);
    const recovered = new Database(join(copy, 'rollback.db'));
    expect(keys(recovered)).toEqual([1, 2, 3]);
    expect(recovered.pragma('integrity_check', { simple: true })).toBe('ok');
    recovered.close();
  });

  it('freezes only the crashed folder: other stores and new opens work as usual', () => {
    const crashed = store('FULL', 3);
    const bystander = store('FULL', 3);
    shim.arm({ folder: crashed.folder, action: 'crash', call: 'sync' });
    expect(sqliteCode(() => commit(crashed.db, 4))).toBe('SQLITE_IOERR_FSYNC');
    commit(bystander.db, 4);
    expect(keys(bystander.db)).toEqual([1, 2, 3, 4]);
    const fresh = openStore(tempFolder(), 'FULL');
    commit(fresh, 1);
    expect(keys(fresh)).toEqual([1]);
    fresh.close();
    // Once dealt with, the crash is forgotten; recording goes on.
    expect(shim.crashState()).not.toBeNull();
    shim.clearCrash();
    expect(shim.crashState()).toBeNull();
    shim.drain();
    commit(bystander.db, 5);
    expect(shim.drain().length).toBeGreaterThan(0);
    bystander.db.close();
    abuse(crashed.db);
  });

  it('freeze() crashes a folder between two calls, and reports how many files it froze', () => {
    const { folder, db } = store('FULL', 3);
    const before = files(folder);
    expect(shim.freeze(folder)).toBe(2);
    expect(shim.crashState()).toBeNull();
    abuse(db);
    expect(shim.drain()).toEqual([]);
    expect(files(folder)).toEqual(before);
    const recovered = recover(folder);
    expect(keys(recovered)).toEqual([1, 2, 3]);
    recovered.close();
  });
});
