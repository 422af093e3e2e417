/**
 * Power loss against SQLite's real WAL recovery: what survives under synchronous=FULL (every
 * commit) and NORMAL (a prefix, at least up to the last sync), and torn WAL tails.
 */
import { describe, expect, it } from 'vitest';
import { inspectWal } from '../../faults/index.ts';
import { RawWorld, range1 } from '../support/faults-support.ts';

describe('power loss with synchronous=full', () => {
  it('keeps every committed row, for any seed, across repeated cuts', () => {
    const paths = new Set<string>();
    for (let seed = 1n; seed <= 40n; seed++) {
      const world = new RawWorld('full');
      try {
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 12; i++) {
            world.commit(i % 3 === 0 ? 3000 : 150);
            if (world.committed % 17 === 0) world.checkpoint();
          }
          // An open transaction at the cut: never committed, so never synced as a commit.
          world.db.exec('BEGIN');
          world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(1_000_000, 'uncommitted');
          const report = world.disk.powerLoss(seed * 10n + BigInt(round), { tornProbability: 0.3 });
          paths.add(report.walRecoveryPath);
          world.reopen(report.dbPath);
          expect(world.keys()).toEqual(range1(world.committed));
        }
      } finally {
        world.destroy();
      }
    }
    // The cuts must have exercised more than one recovery path to mean anything.
    expect(paths.size).toBeGreaterThanOrEqual(2);
  });
});

describe('power loss with synchronous=normal', () => {
  it('recovers exactly a prefix of the commits, never less than the last sync, sometimes all', () => {
    let fullSurvivals = 0;
    let losses = 0;
    for (let seed = 1n; seed <= 60n; seed++) {
      const world = new RawWorld('normal');
      try {
        for (let i = 0; i < 8; i++) world.commit();
        world.checkpoint();
        const syncedCommits = world.committed;
        for (let i = 0; i < 6; i++) world.commit(i === 2 ? 5000 : 100);
        const report = world.disk.powerLoss(seed);
        expect(report.sectorsUnsynced).toBeGreaterThan(0);
        world.reopen(report.dbPath);
        const keys = world.keys();
        expect(keys).toEqual(range1(keys.length));
        expect(keys.length).toBeGreaterThanOrEqual(syncedCommits);
        expect(keys.length).toBeLessThanOrEqual(world.committed);
        if (keys.length === world.committed) fullSurvivals += 1;
        else losses += 1;
      } finally {
        world.destroy();
      }
    }
    expect(fullSurvivals).toBeGreaterThan(0);
    expect(losses).toBeGreaterThan(0);
  });

  it('never replays frames of an older WAL generation after a restart (header synced at restart)', () => {
    for (let seed = 100n; seed < 130n; seed++) {
      const world = new RawWorld('normal');
      try {
        // Many versions of the same rows in one WAL generation, so that replaying an old
        // prefix of it would bring back old values.
        for (let i = 0; i < 10; i++) world.commit();
        for (let round = 0; round < 5; round++)
          world.db.prepare("UPDATE t SET v = v || '' WHERE k <= 5").run();
        world.checkpoint();
        for (let i = 0; i < 4; i++) world.commit();
        const report = world.disk.powerLoss(seed, { keepProbability: 0.5 });
        expect(report.walHeaderSyncedAtRestart).toBe(true);
        world.reopen(report.dbPath);
        const keys = world.keys();
        expect(keys.length).toBeGreaterThanOrEqual(10);
        expect(keys).toEqual(range1(keys.length));
      } finally {
        world.destroy();
      }
    }
  });
});

describe('torn WAL tails', () => {
  it('recover up to the last valid commit when the frame after it is torn', () => {
    const paths = new Set<string>();
    for (let seed = 1n; seed <= 20n; seed++) {
      const world = new RawWorld('normal');
      try {
        for (let i = 0; i < 5; i++) world.commit();
        world.disk.sync();
        for (let i = 0; i < 5; i++) world.commit();
        // Every unsynced sector lands, but torn: the first one breaks the checksum chain.
        const report = world.disk.powerLoss(seed, { keepProbability: 1, tornProbability: 1 });
        expect(report.sectorsTorn).toBeGreaterThan(0);
        paths.add(report.walRecoveryPath);
        world.reopen(report.dbPath);
        expect(world.keys()).toEqual(range1(5));
      } finally {
        world.destroy();
      }
    }
    expect([...paths]).toEqual(['torn_tail']);
  });

  it('names the recovery path from the bytes, as SQLite recovers them', () => {
    const world = new RawWorld('normal');
    try {
      for (let i = 0; i < 4; i++) world.commit();
      world.disk.sync();
      const synced = world.disk.platterBytes('wal') as Buffer;
      const clean = inspectWal(synced);
      expect(clean.path).toBe('clean_end');
      expect(clean.scan?.committedFrames).toBeGreaterThanOrEqual(5);
      const frameBytes = clean.scan?.frameBytes as number;
      expect(inspectWal(null).path).toBe('absent');
      expect(inspectWal(synced.subarray(0, synced.length - 100)).path).toBe('torn_tail');
      expect(inspectWal(synced.subarray(0, 32 + frameBytes - 1)).path).toBe('no_valid_frame');
      const badHeader = Buffer.from(synced);
      badHeader[20] = (badHeader[20] as number) ^ 1;
      expect(inspectWal(badHeader).path).toBe('bad_header');
      const rotted = Buffer.from(synced);
      rotted[synced.length - 10] = (rotted[synced.length - 10] as number) ^ 0x40;
      const afterRot = inspectWal(rotted);
      expect(afterRot.path).toBe('torn_tail');
      expect(afterRot.scan?.committedFrames).toBe((clean.scan?.committedFrames as number) - 1);
    } finally {
      world.destroy();
    }
  });
});
