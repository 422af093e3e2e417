/**
 * The statement-boundary faults (I/O error, crash mid-command), disk full through SQLite's
 * max_page_count, slow-disk latency, option validation, and the seeded generator.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DISK_FULL_HEADROOM_PAGES_MAX,
  diskFullPageLimit,
  FaultOptionError,
  FaultRng,
  makeCrashHook,
  makeIoErrorHook,
  SimulatedCrash,
  slowDiskLatencyMs,
} from '../../faults/index.ts';
import { probeCounts, startProbes } from '../../faults/probe.ts';
import { RawWorld, range1 } from '../support/faults-support.ts';

let world: RawWorld | null = null;
afterEach(() => world?.destroy());

/** A two-statement "command" run the way redlite runs one: hook before each statement. */
function twoStatementCommand(db: Database.Database, hook: (info: unknown) => void, key: number): void {
  db.exec('BEGIN');
  try {
    for (const part of [1, 2]) {
      hook({ sql: 'INSERT', part });
      db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(key * 10 + part, 'v');
    }
    db.exec('COMMIT');
  } catch (error) {
    if (error instanceof Database.SqliteError) db.exec('ROLLBACK');
    throw error;
  }
}

describe('statement faults', () => {
  it('raise SQLITE_IOERR once, at the chosen statement, so the transaction rolls back', () => {
    startProbes();
    world = new RawWorld('full');
    const fault = makeIoErrorHook(1, Database.SqliteError);
    let caught: unknown = null;
    try {
      twoStatementCommand(world.db, fault.hook, 1);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Database.SqliteError);
    expect((caught as InstanceType<typeof Database.SqliteError>).code).toBe('SQLITE_IOERR');
    expect(fault.fired()).toBe(true);
    expect(world.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
    // Inert afterwards: the same hook lets the next command through.
    twoStatementCommand(world.db, fault.hook, 2);
    expect(world.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 2 });
    expect(probeCounts()['fault.io_error']).toBe(1);
  });

  it('crash between two statements of one command leaves the command unapplied after recovery', () => {
    world = new RawWorld('full');
    const fault = makeCrashHook(1, Database.SqliteError);
    expect(() => twoStatementCommand(world?.db as Database.Database, fault.hook, 1)).toThrow(SimulatedCrash);
    // The process is dead: the half-done transaction stays open in the abandoned connection.
    world.reopen(world.disk.crash().dbPath);
    expect(world.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 0 });
  });

  it('validate their plan', () => {
    expect(() => makeIoErrorHook(-1, Database.SqliteError)).toThrow(FaultOptionError);
    expect(() => makeIoErrorHook(1.5, Database.SqliteError)).toThrow(/statementsBefore=1.5/);
  });
});

describe('disk full', () => {
  it('makes SQLite answer SQLITE_FULL until space is restored, and changes nothing', () => {
    world = new RawWorld('full');
    for (let i = 0; i < 5; i++) world.commit();
    const pages = (world.db.pragma('page_count', { simple: true }) as number) + 0;
    const limit = diskFullPageLimit(pages, 9n);
    expect(limit).toBeGreaterThanOrEqual(pages);
    expect(limit).toBeLessThanOrEqual(pages + DISK_FULL_HEADROOM_PAGES_MAX);
    world.db.pragma(`max_page_count = ${limit}`);
    const big = 'y'.repeat(50_000);
    let full: unknown = null;
    try {
      world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(999, big);
    } catch (error) {
      full = error;
    }
    expect((full as InstanceType<typeof Database.SqliteError>).code).toBe('SQLITE_FULL');
    expect(world.keys()).toEqual(range1(5));
    world.db.pragma('max_page_count = 4294967294');
    world.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(999, big);
    expect(world.db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 6 });
  });
});

describe('slow disk and the seeded generator', () => {
  it('gives the same latency for the same seed, within bounds', () => {
    const draws = Array.from({ length: 200 }, (_, i) => slowDiskLatencyMs(BigInt(i), 50));
    expect(draws.every((ms) => Number.isInteger(ms) && ms >= 1 && ms <= 50)).toBe(true);
    expect(new Set(draws).size).toBeGreaterThan(30);
    expect(Array.from({ length: 200 }, (_, i) => slowDiskLatencyMs(BigInt(i), 50))).toEqual(draws);
    expect(() => slowDiskLatencyMs(1n, 0)).toThrow(/latencyMsMax=0/);
  });

  it('FaultRng is uniform enough and exact across runs', () => {
    const rng = new FaultRng(42n);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const bucket = rng.int(0, 3);
      counts[bucket] = (counts[bucket] as number) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    // splitmix64's published first output for seed 0.
    expect(new FaultRng(0n).next64()).toBe(0xe220a8397b1dcdafn);
    expect(() => new FaultRng(-1n)).toThrow(RangeError);
  });
});
