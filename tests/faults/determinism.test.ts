/**
 * Determinism and coverage. The same seed over the same bytes gives byte-identical rebuilt
 * files; and a seeded mix of every fault over raw SQLite worlds hits every probe of the
 * catalogue that the faults layer calls (faults/probes.ts, layer `faults`), with the disk
 * verifying every sync and every recovered state staying a prefix.
 *
 * SQLite draws each WAL generation's salt from the OS, so two SQLite runs never write the
 * same WAL bytes; byte identity is therefore checked on identical inputs, and SQLite-level
 * runs are checked to reach the same outcome (report and rows) instead.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  FAULTS_LAYER_PROBE_NAMES,
  FaultRng,
  makeCrashHook,
  SimDisk,
  SimulatedCrash,
} from '../../faults/index.ts';
import { MemoryPressure } from '../../faults/memory-pressure.ts';
import { probeCounts, startProbes } from '../../faults/probe.ts';
import { diskFullPageLimit, diskSpaceRestored, slowDiskLatencyMs } from '../../faults/space-and-latency.ts';
import { makeIoErrorHook } from '../../faults/statement-faults.ts';
import { RawWorld, range1, rowValue } from '../support/faults-support.ts';

/** Writes deterministic pseudo-data at `offset`, as a program writing a file would. */
function scribble(path: string, offset: number, length: number, seed: bigint): void {
  const rng = new FaultRng(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = rng.int(0, 255);
  const fd = openSync(path, 'a+');
  closeSync(fd);
  const write = openSync(path, 'r+');
  writeSync(write, bytes, 0, length, offset);
  closeSync(write);
}

function rebuiltBytes(seed: bigint): { db: Buffer; wal: Buffer | null; report: unknown } {
  const disk = new SimDisk({ verifySyncs: true });
  try {
    scribble(disk.dbPath, 0, 64 * 1024, 1n);
    scribble(`${disk.dbPath}-wal`, 0, 20_000, 2n);
    disk.sync();
    scribble(disk.dbPath, 4096, 9000, 3n);
    scribble(`${disk.dbPath}-wal`, 20_000, 30_000, 4n);
    const report = disk.powerLoss(seed, { tornProbability: 0.3, misdirectedProbability: 0.1 });
    const { dbPath: _path, ...rest } = report;
    return { db: readFileSync(report.dbPath), wal: readFileSync(`${report.dbPath}-wal`), report: rest };
  } finally {
    disk.destroy();
  }
}

describe('determinism', () => {
  it('the same seed gives byte-identical rebuilt files; another seed does not', () => {
    for (const seed of [1n, 2n, 0xffff_ffff_ffff_ffffn]) {
      const first = rebuiltBytes(seed);
      const second = rebuiltBytes(seed);
      expect(second.db.equals(first.db)).toBe(true);
      expect(second.wal?.equals(first.wal as Buffer)).toBe(true);
      expect(second.report).toEqual(first.report);
    }
    const a = rebuiltBytes(5n);
    const b = rebuiltBytes(6n);
    expect(a.db.equals(b.db) && a.wal?.equals(b.wal as Buffer)).toBe(false);
  });

  it('the same seed over the same SQLite history gives the same report and rows', () => {
    const outcome = (seed: bigint) => {
      const world = new RawWorld('normal');
      try {
        for (let i = 0; i < 6; i++) world.commit();
        world.checkpoint();
        for (let i = 0; i < 6; i++) world.commit(700);
        const { dbPath: _path, ...report } = world.disk.powerLoss(seed);
        world.reopen(_path);
        return { report, keys: world.keys() };
      } finally {
        world.destroy();
      }
    };
    for (let seed = 1n; seed <= 8n; seed++) expect(outcome(seed)).toEqual(outcome(seed));
  });
});

type Fault = 'commit' | 'checkpoint' | 'crash' | 'power' | 'rot' | 'full' | 'ioerr' | 'crashmid' | 'slow';
const FAULT_WEIGHTS: [Fault, number][] = [
  ['commit', 30],
  ['checkpoint', 4],
  ['crash', 2],
  ['power', 3],
  ['rot', 1],
  ['full', 1],
  ['ioerr', 1],
  ['crashmid', 1],
  ['slow', 1],
];

function pick(rng: FaultRng): Fault {
  const total = FAULT_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let target = rng.int(0, total - 1);
  for (const [fault, weight] of FAULT_WEIGHTS) {
    if (target < weight) return fault;
    target -= weight;
  }
  return 'commit';
}

/** A hostile raw-SQLite world: what survives must always be a prefix of the commits. */
function hostileWorld(seed: bigint): void {
  const rng = new FaultRng(seed);
  const durability = rng.chance(0.5) ? 'full' : 'normal';
  const world = new RawWorld(durability);
  let corrupt = false;
  try {
    for (let step = 0; step < 60; step++) {
      const fault = pick(rng);
      const eventSeed = rng.next64();
      if (fault === 'commit') {
        if (rng.chance(0.1)) {
          // A big transaction that spills and is rolled back leaves uncommitted frames behind.
          world.db.pragma('cache_size = 2');
          world.db.exec('BEGIN');
          for (let k = 0; k < 60; k++)
            world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(1e6 + k, rowValue(k, 500));
          world.db.exec('ROLLBACK');
        }
        world.commit(rng.int(10, 3000));
      } else if (fault === 'checkpoint') {
        world.db.pragma(rng.chance(0.3) ? 'wal_checkpoint(TRUNCATE)' : 'wal_checkpoint(PASSIVE)');
        world.disk.sync();
      } else if (fault === 'crash') {
        world.reopen(world.disk.crash().dbPath);
      } else if (fault === 'power') {
        const report = world.disk.powerLoss(eventSeed, {
          misdirectedProbability: corrupt ? 0 : rng.chance(0.2) ? 0.05 : 0,
        });
        corrupt ||= report.sectorsMisdirected > 0;
        world.reopen(report.dbPath);
      } else if (fault === 'rot') {
        corrupt ||= world.disk.bitRot(eventSeed, { evict: rng.chance(0.3) }) !== null;
      } else if (fault === 'full') {
        world.db.pragma(
          `max_page_count = ${diskFullPageLimit(world.db.pragma('page_count', { simple: true }) as number, eventSeed)}`,
        );
        try {
          world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(2e6, 'z'.repeat(30_000));
        } catch (error) {
          if (!(error instanceof Database.SqliteError)) throw error;
        }
        world.db.prepare('DELETE FROM t WHERE k = ?').run(2e6);
        world.db.pragma('max_page_count = 4294967294');
        diskSpaceRestored();
      } else if (fault === 'ioerr' || fault === 'crashmid') {
        const make = fault === 'ioerr' ? makeIoErrorHook : makeCrashHook;
        const { hook } = make(0, Database.SqliteError);
        try {
          hook({});
        } catch (error) {
          if (!(error instanceof Database.SqliteError || error instanceof SimulatedCrash)) throw error;
        }
        if (fault === 'crashmid') world.reopen(world.disk.crash().dbPath);
        if (fault === 'ioerr') {
          // Memory pressure fails statements the same way, with SQLITE_NOMEM.
          try {
            new MemoryPressure(1, Database.SqliteError).hook({});
          } catch (error) {
            if (!(error instanceof Database.SqliteError)) throw error;
          }
        }
      } else {
        slowDiskLatencyMs(eventSeed, 100);
      }
      if (corrupt) continue;
      const keys = world.keys();
      expect(keys).toEqual(range1(keys.length));
      expect(keys.length).toBeLessThanOrEqual(world.committed);
      if (durability === 'full') expect(keys.length).toBe(world.committed);
      // Rows lost to a power cut are gone; the world carries on from what survived.
      world.committed = keys.length;
    }
  } catch (error) {
    if (
      !(corrupt && error instanceof Database.SqliteError) &&
      !(corrupt && String(error).includes('wrong value'))
    )
      throw error;
  } finally {
    world.destroy();
  }
}

describe('probe coverage', () => {
  it('a seeded mix of faults over raw SQLite hits every probe the faults layer calls', () => {
    startProbes();
    for (let seed = 1n; seed <= 40n; seed++) hostileWorld(seed);
    const counts = probeCounts();
    const missing = FAULTS_LAYER_PROBE_NAMES.filter((name) => (counts[name] ?? 0) === 0);
    expect(missing).toEqual([]);
  });
});
