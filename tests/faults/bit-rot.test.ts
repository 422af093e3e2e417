/**
 * Bit rot (latent sector errors) on the platter. SQLite keeps no page checksums, so a rotted
 * database page may answer with an SQLite error or with different bytes; the test stores its
 * own checksum in every row to see the latter. Either way the process never crashes and the
 * rot is confined to the rotted sector. Rot in a committed WAL frame breaks its checksum, and
 * recovery then keeps only the commits before it.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { RawWorld, range1 } from '../support/faults-support.ts';

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

interface ReadOutcome {
  sqliteErrors: number;
  wrongValues: number;
  integrityFailed: boolean;
}

/** Reads every row by key, counting SQLite errors and checksum mismatches; anything else throws. */
function readAll(db: Database.Database, rows: number): ReadOutcome {
  const outcome: ReadOutcome = { sqliteErrors: 0, wrongValues: 0, integrityFailed: false };
  const attempt = (read: () => void): void => {
    try {
      read();
    } catch (error) {
      if (!(error instanceof Database.SqliteError)) throw error;
      outcome.sqliteErrors += 1;
    }
  };
  attempt(() => {
    const result = db.pragma('integrity_check') as { integrity_check: string }[];
    outcome.integrityFailed = result[0]?.integrity_check !== 'ok';
  });
  for (let k = 1; k <= rows; k++) {
    attempt(() => {
      const row = db.prepare('SELECT v, sum FROM r WHERE k = ?').get(k) as
        | { v: string; sum: string }
        | undefined;
      if (row === undefined || digest(row.v) !== row.sum) outcome.wrongValues += 1;
    });
  }
  return outcome;
}

function rotWorld(): RawWorld {
  const world = new RawWorld('full');
  world.db.exec('CREATE TABLE r (k INTEGER PRIMARY KEY, v TEXT NOT NULL, sum TEXT NOT NULL)');
  const insert = world.db.prepare('INSERT INTO r (k, v, sum) VALUES (?, ?, ?)');
  world.db.transaction(() => {
    for (let k = 1; k <= 300; k++) {
      const v = `value-${k}-${'abcdefgh'.repeat(20)}`;
      insert.run(k, v, digest(v));
    }
  })();
  // A truncating checkpoint empties the WAL, so reads come from the database pages.
  world.db.pragma('wal_checkpoint(TRUNCATE)');
  world.disk.sync();
  return world;
}

describe('bit rot', () => {
  it('in a database page gives SQLite errors or wrong checksums, never a crash', () => {
    let detected = 0;
    for (let seed = 1n; seed <= 30n; seed++) {
      const world = rotWorld();
      try {
        const before = world.disk.platterBytes('db') as Buffer;
        const report = world.disk.bitRot(seed, { file: 'db' });
        expect(report).not.toBeNull();
        if (report === null) continue;
        expect(report.pageNumber).toBeGreaterThanOrEqual(2);
        const after = world.disk.platterBytes('db') as Buffer;
        // Exactly the reported bits changed, all inside the reported sector.
        let flipped = 0;
        for (let at = 0; at < before.length; at++) {
          const xor = (before[at] as number) ^ (after[at] as number);
          if (xor === 0) continue;
          expect(Math.floor(at / 512)).toBe(report.sector);
          flipped += xor.toString(2).replaceAll('0', '').length;
        }
        expect(flipped).toBe(report.bitOffsets.length);
        // The page cache still has the good bytes: the rot shows after a power loss.
        const cut = world.disk.powerLoss(seed);
        expect(cut.sectorsUnsynced).toBe(0);
        world.reopen(cut.dbPath);
        const outcome = readAll(world.db, 300);
        if (outcome.sqliteErrors > 0 || outcome.wrongValues > 0 || outcome.integrityFailed) detected += 1;
      } finally {
        world.destroy();
      }
    }
    // Rot in a used page of a B-tree almost always shows; a few flips may land in free space.
    expect(detected).toBeGreaterThanOrEqual(15);
  });

  it('survives syncs while the page cache never rewrites its page, and heals when it does', () => {
    const world = rotWorld();
    try {
      expect(world.disk.bitRot(3n, { file: 'db' })).not.toBeNull();
      // Commits to another table and a checkpoint leave the rotted page of table r alone.
      for (let i = 0; i < 3; i++) world.commit();
      world.checkpoint();
      expect(world.disk.syncStats.rotHealed).toBe(0);
      const kept = world.disk.powerLoss(1n, { keepProbability: 1 });
      world.reopen(kept.dbPath);
      const still = readAll(world.db, 300);
      expect(still.sqliteErrors + still.wrongValues + (still.integrityFailed ? 1 : 0)).toBeGreaterThan(0);
    } finally {
      world.destroy();
    }
    const healed = rotWorld();
    try {
      expect(healed.disk.bitRot(3n, { file: 'db' })).not.toBeNull();
      // Rewriting every row rewrites every page of r, the rotted one too.
      healed.db.exec("UPDATE r SET v = v || '!'");
      healed.db.exec('UPDATE r SET v = substr(v, 1, length(v) - 1)');
      healed.db.pragma('wal_checkpoint(TRUNCATE)');
      healed.disk.sync();
      expect(healed.disk.syncStats.rotHealed).toBe(1);
      const cut = healed.disk.powerLoss(1n);
      healed.reopen(cut.dbPath);
      expect(readAll(healed.db, 300)).toEqual({ sqliteErrors: 0, wrongValues: 0, integrityFailed: false });
    } finally {
      healed.destroy();
    }
  });

  it('surfaces at once when the clean page is evicted from the page cache', () => {
    let detected = 0;
    for (let seed = 40n; seed < 50n; seed++) {
      const world = rotWorld();
      try {
        const report = world.disk.bitRot(seed, { file: 'db', evict: true });
        expect(report?.surfaced).toBe(true);
        // A fresh connection reads through the (now rotted) page cache, without any power loss.
        world.reopen(world.disk.crash().dbPath);
        const outcome = readAll(world.db, 300);
        if (outcome.sqliteErrors > 0 || outcome.wrongValues > 0 || outcome.integrityFailed) detected += 1;
      } finally {
        world.destroy();
      }
    }
    expect(detected).toBeGreaterThanOrEqual(5);
  });

  it('in a committed WAL frame cuts recovery back to the commits before it', () => {
    for (let seed = 1n; seed <= 20n; seed++) {
      const world = new RawWorld('full');
      try {
        world.db.pragma('wal_checkpoint(TRUNCATE)');
        world.disk.sync();
        for (let i = 0; i < 15; i++) world.commit(300);
        const report = world.disk.bitRot(seed, { file: 'wal' });
        expect(report?.file).toBe('wal');
        const cut = world.disk.powerLoss(seed);
        world.reopen(cut.dbPath);
        const keys = world.keys();
        expect(keys).toEqual(range1(keys.length));
        expect(keys.length).toBeLessThan(15);
      } finally {
        world.destroy();
      }
    }
  });
});
