/**
 * The I/O shim sees what SQLite really does: a sync per commit under synchronous=FULL and none
 * under NORMAL, a checkpoint that writes and syncs the main database, truncates and deletes,
 * and nothing from folders it was not asked to record. Raw better-sqlite3 connections, opened
 * after the shim is loaded, on real files.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultOptionError } from '../../faults/errors.ts';
import { type IoEvent, IoShim } from '../../faults/vfs/index.ts';
import { commit, eventsOn, openStore, removeTempFolders, tempFolder } from './vfs-support.ts';

let shim: IoShim;

beforeAll(() => {
  shim = IoShim.load();
});
afterEach(() => shim.reset());
afterAll(removeTempFolders);

describe('I/O shim recording', () => {
  it('loads once per process', () => {
    expect(IoShim.isLoaded()).toBe(true);
    expect(IoShim.load()).toBe(shim);
  });

  it('sees a WAL sync for every commit under synchronous=FULL', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'FULL');
    shim.drain();
    const commits = 50;
    for (let key = 1; key <= commits; key++) commit(db, key);
    const events = shim.drain();
    const walSyncs = eventsOn(events, 'sync', 'wal');
    expect(walSyncs.length).toBeGreaterThanOrEqual(commits);
    expect(eventsOn(events, 'sync', 'db')).toEqual([]);
    // Each commit writes its frames, then syncs: no sync without writes before it.
    let writesSinceSync = 0;
    for (const event of events) {
      if (event.type === 'write' && event.file.kind === 'wal') writesSinceSync += 1;
      if (event.type === 'sync' && event.file.kind === 'wal') {
        expect(writesSinceSync).toBeGreaterThan(0);
        writesSinceSync = 0;
      }
    }
    db.close();
  });

  it('sees no WAL sync between checkpoints under synchronous=NORMAL', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'NORMAL');
    commit(db, 1);
    shim.drain();
    for (let key = 2; key <= 50; key++) commit(db, key);
    const events = shim.drain();
    expect(eventsOn(events, 'write', 'wal').length).toBeGreaterThanOrEqual(98);
    expect(eventsOn(events, 'sync')).toEqual([]);
    db.close();
  });

  it('sees SQLite sync a restarted WAL header before its first frame, even under NORMAL', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'NORMAL');
    for (let key = 1; key <= 5; key++) commit(db, key);
    db.pragma('wal_checkpoint(PASSIVE)');
    shim.drain();
    // The checkpoint copied every frame, so the next commit restarts the WAL with new salts.
    commit(db, 6);
    const wal = shim.drain().filter((event) => 'file' in event && event.file.kind === 'wal');
    expect(wal[0]).toMatchObject({ type: 'write', offsetBytes: 0, lengthBytes: 32 });
    expect(wal[1]).toMatchObject({ type: 'sync', resultCode: 0 });
    expect(wal.slice(2).length).toBeGreaterThan(0);
    expect(wal.slice(2).every((event) => event.type === 'write')).toBe(true);
    db.close();
  });

  it('sees a checkpoint sync the WAL, write pages into the database, then sync the database', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'NORMAL');
    for (let key = 1; key <= 30; key++) commit(db, key);
    const pageBytes = db.pragma('page_size', { simple: true }) as number;
    shim.drain();
    db.pragma('wal_checkpoint(PASSIVE)');
    const events = shim.drain();
    const order = events.map((event) => ('file' in event ? `${event.type}:${event.file.kind}` : event.type));
    const walSync = order.indexOf('sync:wal');
    const firstDbWrite = order.indexOf('write:db');
    const dbSync = order.lastIndexOf('sync:db');
    expect(walSync).toBeGreaterThanOrEqual(0);
    expect(firstDbWrite).toBeGreaterThan(walSync);
    expect(dbSync).toBeGreaterThan(order.lastIndexOf('write:db'));
    for (const write of eventsOn(events, 'write', 'db')) {
      if (write.type !== 'write') throw new Error('unreachable');
      expect(write.offsetBytes % pageBytes).toBe(0);
      expect(write.lengthBytes).toBe(pageBytes);
    }
    db.close();
  });

  it('sees a TRUNCATE checkpoint truncate the WAL to nothing', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'FULL');
    for (let key = 1; key <= 5; key++) commit(db, key);
    shim.drain();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const truncates = eventsOn(shim.drain(), 'truncate', 'wal');
    expect(truncates).toHaveLength(1);
    expect(truncates[0]).toMatchObject({ sizeBytes: 0, resultCode: 0 });
    db.close();
  });

  it('names files by path and kind, and sees a rollback journal written, synced and deleted', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = new Database(join(folder, 'rollback.db'));
    db.pragma('journal_mode = DELETE');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)');
    shim.drain();
    db.prepare('INSERT INTO t (v) VALUES (?)').run('x'.repeat(100));
    const events = shim.drain();
    const journalFile = events.find((event) => event.type === 'file' && event.file.kind === 'journal');
    expect(journalFile).toMatchObject({ file: { path: join(folder, 'rollback.db-journal') } });
    expect(eventsOn(events, 'write', 'journal').length).toBeGreaterThan(0);
    expect(eventsOn(events, 'sync', 'journal').length).toBeGreaterThan(0);
    expect(eventsOn(events, 'sync', 'db').length).toBeGreaterThan(0);
    expect(events.at(-1)).toMatchObject({
      type: 'delete',
      path: join(folder, 'rollback.db-journal'),
      kind: 'journal',
      resultCode: 0,
    });
    db.close();
  });

  it('records only the folders it was asked to, and stops when told', () => {
    const recorded = tempFolder();
    const other = tempFolder();
    shim.startRecording(recorded);
    const inRecorded = openStore(recorded, 'FULL');
    const inOther = openStore(other, 'FULL');
    commit(inOther, 1);
    commit(inRecorded, 1);
    const events = shim.drain();
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      const path = event.type === 'delete' ? event.path : event.file.path;
      expect(path.startsWith(`${recorded}/`)).toBe(true);
    }
    shim.stopRecording(recorded);
    commit(inRecorded, 2);
    expect(shim.drain()).toEqual([]);
    inRecorded.close();
    inOther.close();
  });

  it('logs reads only when asked', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'FULL');
    for (let key = 1; key <= 5; key++) commit(db, key);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    shim.drain();
    const reader = openStore(folder, 'FULL');
    expect(reader.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5);
    expect(eventsOn(shim.drain(), 'read')).toEqual([]);
    reader.close();
    shim.startRecording(folder, { reads: true });
    const second = openStore(folder, 'FULL');
    expect(second.prepare('SELECT count(*) FROM t').pluck().get()).toBe(5);
    const reads = eventsOn(shim.drain(), 'read', 'db');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ offsetBytes: 0, resultCode: 0 });
    second.close();
  });

  it('numbers events in order, introduces every file before it is used, and logs closes', () => {
    const folder = tempFolder();
    shim.startRecording(folder);
    const db = openStore(folder, 'FULL');
    for (let key = 1; key <= 3; key++) commit(db, key);
    db.close();
    const events: IoEvent[] = shim.drain();
    const known = new Set<number>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (i > 0) expect(event.seq).toBe(events[i - 1]!.seq + 1);
      if (event.type === 'file') known.add(event.file.id);
      else if (event.type !== 'delete') expect(known.has(event.file.id)).toBe(true);
    }
    expect(eventsOn(events, 'close', 'db')).toHaveLength(1);
  });

  it('rejects a folder that does not exist', () => {
    expect(() => shim.startRecording(join(tempFolder(), 'missing'))).toThrow(FaultOptionError);
  });
});
