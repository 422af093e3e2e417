/**
 * Observed sync points (faults/observed-sync.ts): a SimDisk with `observeIo` replays what the
 * I/O shim saw SQLite write and sync, so the platter holds exactly what SQLite synced, whatever
 * mode it was asked for. Raw better-sqlite3 connections, opened the way redlite opens them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SimDisk } from '../../faults/index.ts';
import { IoShim } from '../../faults/vfs/index.ts';
import { type Durability, openRaw, rowValue } from '../support/faults-support.ts';

const disks: SimDisk[] = [];

afterEach(() => {
  IoShim.load().disarmAll();
  for (const disk of disks.splice(0)) disk.destroy();
});

function observed(durability: Durability): { disk: SimDisk; db: Database.Database } {
  IoShim.load();
  const disk = new SimDisk({ observeIo: true });
  disks.push(disk);
  const db = openRaw(disk.dbPath, durability);
  db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  disk.drainIo();
  return { disk, db };
}

function insert(db: Database.Database, key: number): void {
  db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(key, rowValue(key, 600));
}

function cacheBytes(disk: SimDisk, name: string): Buffer {
  return readFileSync(join(disk.folder, name));
}

describe('observed sync points', () => {
  it('under FULL, every commit syncs the WAL: the platter holds each commit when it returns', () => {
    const { disk, db } = observed('full');
    for (let key = 1; key <= 5; key++) {
      insert(db, key);
      const step = disk.drainIo();
      expect(step.walSyncs, `commit ${key}`).toBe(1);
      expect(step.walDirty).toBe(false);
      expect(disk.platterBytes('wal')?.equals(cacheBytes(disk, disk.fileName('wal')))).toBe(true);
    }
  });

  it('under NORMAL, commits reach the platter only at the checkpoint, which syncs the WAL then the database', () => {
    const { disk, db } = observed('normal');
    const walBefore = disk.platterBytes('wal')?.length ?? 0;
    for (let key = 1; key <= 5; key++) {
      insert(db, key);
      const step = disk.drainIo();
      expect(step.dbSyncs).toBe(0);
      expect(step.walDirty).toBe(true);
    }
    expect(disk.platterBytes('wal')?.length ?? 0).toBeLessThanOrEqual(Math.max(walBefore, 32));
    expect(disk.walUnsyncedBytes).toBeGreaterThan(5 * 600);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const step = disk.drainIo();
    expect(step.walSyncs).toBeGreaterThanOrEqual(1);
    expect(step.dbSyncs).toBe(1);
    expect(step.walDirty).toBe(false);
    // The checkpoint truncated the WAL after syncing it: the bytes synced came from memory,
    // and the truncate itself is not durable until the WAL's next sync.
    expect(disk.platterBytes('wal')?.length ?? 0).toBeGreaterThan(5 * 600);
    expect(disk.platterBytes('db')?.equals(cacheBytes(disk, disk.fileName('db')))).toBe(true);
  });

  it('a failed fsync copies nothing and drops the dirty bytes from the page cache', () => {
    const { disk, db } = observed('full');
    insert(db, 1);
    disk.drainIo();
    const platterWal = disk.platterBytes('wal') as Buffer;
    IoShim.load().arm({ folder: disk.folder, action: 'eio', call: 'sync', fileKinds: ['wal'] });
    expect(() => insert(db, 2)).toThrow(/disk I\/O error/);
    const step = disk.drainIo();
    expect(step.faults.map((fault) => `${fault.call}:${fault.action}`)).toEqual(['sync:eio']);
    expect(step.walSyncs).toBe(0);
    expect(step.droppedBytes).toBeGreaterThan(600);
    expect(disk.platterBytes('wal')?.equals(platterWal)).toBe(true);
    const cache = cacheBytes(disk, disk.fileName('wal'));
    expect(cache.subarray(0, platterWal.length).equals(platterWal)).toBe(true);
    expect(cache.subarray(platterWal.length).every((byte) => byte === 0)).toBe(true);
  });

  it('a crash inside a sync drops nothing: the kernel keeps the dirty pages of a process that died', () => {
    const { disk, db } = observed('normal');
    for (let key = 1; key <= 3; key++) insert(db, key);
    disk.drainIo();
    const platterWal = disk.platterBytes('wal') ?? Buffer.alloc(0);
    const cacheWal = cacheBytes(disk, disk.fileName('wal'));
    IoShim.load().arm({ folder: disk.folder, action: 'crash', call: 'sync', fileKinds: ['wal'] });
    expect(() => db.pragma('wal_checkpoint(TRUNCATE)')).toThrow();
    const step = disk.drainIo();
    expect(step.faults.map((fault) => `${fault.call}:${fault.action}`)).toEqual(['sync:crash']);
    expect(step.walSyncs).toBe(0);
    expect(step.droppedBytes).toBe(0);
    expect(disk.platterBytes('wal')?.equals(platterWal) ?? platterWal.length === 0).toBe(true);
    expect(cacheBytes(disk, disk.fileName('wal')).equals(cacheWal)).toBe(true);
    // A process crash, unlike a power loss, keeps every commit the WAL holds.
    const reopened = openRaw(disk.crash().dbPath, 'normal');
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    reopened.close();
  });

  it('a crash freezes the old files: the abandoned connection reaches neither them nor the log', () => {
    const { disk, db } = observed('normal');
    insert(db, 1);
    disk.drainIo();
    const report = disk.crash();
    expect(() => insert(db, 2)).toThrow();
    expect(disk.drainIo().faults).toEqual([]);
    const reopened = openRaw(report.dbPath, 'normal');
    expect(reopened.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 1 });
    reopened.close();
  });
});
