/**
 * Sync cost follows the change: a one-row commit copies a few sectors and compares few more,
 * whatever the size of the database and the WAL. Every sync here also runs the disk's own
 * whole-file verification (verifySyncs), so a shortcut that missed a change would throw.
 */
import { describe, expect, it } from 'vitest';
import { SECTOR_BYTES } from '../../faults/index.ts';
import { RawWorld, range1, rowValue } from '../support/faults-support.ts';

describe('sync', () => {
  it('copies only the changed sectors of a one-row commit', () => {
    const world = new RawWorld('full');
    try {
      const insert = world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      world.db.transaction(() => {
        for (let k = 1; k <= 3000; k++) insert.run(k, rowValue(k, 300));
      })();
      world.committed = 3000;
      world.disk.sync();
      world.checkpoint();
      for (let i = 0; i < 50; i++) world.commit(300);
      const dbBytes = world.disk.platterBytes('db')?.length as number;
      const walBytes = world.disk.platterBytes('wal')?.length as number;
      expect(dbBytes).toBeGreaterThan(1_000_000);
      const stats = world.disk.sync();
      expect(stats.sectorsCopied).toBe(0);
      expect(stats.filesSkipped).toBe(2);
      const one = (() => {
        world.commit(300);
        return world.disk.syncStats;
      })();
      world.commit(300);
      const after = world.disk.syncStats;
      const copied = after.sectorsCopied - one.sectorsCopied;
      const compared = after.sectorsCompared - one.sectorsCompared;
      // One 4 KiB page plus its frame header spans 9 or 10 sectors.
      expect(copied).toBeGreaterThanOrEqual(8);
      expect(copied).toBeLessThanOrEqual(24);
      expect(compared).toBeLessThanOrEqual(24);
      expect(compared * SECTOR_BYTES).toBeLessThan((dbBytes + walBytes) / 50);
      expect(after.filesSkipped - one.filesSkipped).toBe(1);
      expect(world.keys()).toEqual(range1(3052));
    } finally {
      world.destroy();
    }
  });

  it('diffs a checkpointed database by sector, not by file', () => {
    const world = new RawWorld('normal');
    try {
      const insert = world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
      world.db.transaction(() => {
        for (let k = 1; k <= 2000; k++) insert.run(k, rowValue(k, 300));
      })();
      world.checkpoint();
      const before = world.disk.syncStats;
      world.db.prepare('UPDATE t SET v = ? WHERE k = 1000').run('changed');
      world.checkpoint();
      const after = world.disk.syncStats;
      const copied = after.sectorsCopied - before.sectorsCopied;
      expect(copied).toBeGreaterThan(0);
      // The WAL frame, its header sector and the updated database page, not 600 KB.
      expect(copied).toBeLessThanOrEqual(40);
    } finally {
      world.destroy();
    }
  });

  it('stays exact across WAL restarts, rolled-back spills and truncating checkpoints', () => {
    const world = new RawWorld('full');
    try {
      for (let round = 0; round < 6; round++) {
        for (let i = 0; i < 10; i++) world.commit(round * 500);
        if (round % 2 === 0) world.checkpoint();
        world.db.pragma('cache_size = 2');
        world.db.exec('BEGIN');
        const insert = world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
        for (let k = 100_000; k < 100_200; k++) insert.run(k, rowValue(k, 400));
        world.db.exec('ROLLBACK');
        world.disk.sync();
        if (round === 3) {
          world.db.pragma('wal_checkpoint(TRUNCATE)');
          world.disk.sync();
        }
      }
      // A power loss right after a sync loses nothing: the platter equals the page cache.
      const report = world.disk.powerLoss(7n);
      expect(report.sectorsUnsynced).toBe(0);
      expect(report.probes).toContain('recovery.no_unsynced_sectors');
      world.reopen(report.dbPath);
      expect(world.keys()).toEqual(range1(60));
    } finally {
      world.destroy();
    }
  });
});
