/**
 * Process crashes: the page cache survives, the old connection is abandoned (never closed
 * cleanly), and SQLite on reopen keeps every committed row and no uncommitted one, even when
 * an open transaction had already spilled frames into the WAL.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectWal } from '../../faults/index.ts';
import { RawWorld, range1, rowValue } from '../support/faults-support.ts';

describe('process crash', () => {
  it('keeps every committed row and none of an open transaction, with nothing synced', () => {
    const world = new RawWorld('normal');
    try {
      for (let i = 0; i < 20; i++) world.commit();
      // A large open transaction with a tiny cache spills uncommitted frames into the WAL.
      world.db.pragma('cache_size = 2');
      world.db.exec('BEGIN');
      const insert = world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      for (let k = 1000; k < 1400; k++) insert.run(k, rowValue(k, 400));
      const oldFolder = world.disk.folder;
      const report = world.disk.crash();
      expect(report.filesCopied).toContain('redlite.db-wal');
      expect(existsSync(oldFolder)).toBe(false);
      world.reopen(report.dbPath);
      expect(world.keys()).toEqual(range1(20));
    } finally {
      world.destroy();
    }
  });

  it('leaves uncommitted spilled frames after the last commit, which recovery drops', () => {
    const world = new RawWorld('full');
    try {
      for (let i = 0; i < 3; i++) world.commit();
      world.db.pragma('cache_size = 2');
      world.db.exec('BEGIN');
      const insert = world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      for (let k = 1000; k < 1300; k++) insert.run(k, rowValue(k, 400));
      const report = world.disk.crash();
      // The crash copy still holds the spilled frames: the bytes say "torn tail".
      expect(inspectWal(readFileSync(`${report.dbPath}-wal`)).path).toBe('torn_tail');
      world.reopen(report.dbPath);
      expect(world.keys()).toEqual(range1(3));
      // The store keeps working after the crash, and the disk keeps syncing correctly.
      for (let i = 0; i < 5; i++) world.commit();
      expect(world.keys()).toEqual(range1(8));
    } finally {
      world.destroy();
    }
  });

  it('survives repeated crashes interleaved with commits and checkpoints', () => {
    const world = new RawWorld('full');
    try {
      for (let round = 0; round < 10; round++) {
        for (let i = 0; i < 7; i++) world.commit(round * 300);
        if (round % 3 === 1) world.checkpoint();
        world.reopen(world.disk.crash().dbPath);
        expect(world.keys()).toEqual(range1(world.committed));
      }
    } finally {
      world.destroy();
    }
  });
});
