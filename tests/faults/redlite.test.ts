/**
 * The simulated disk under redlite itself, wired the way the world will wire it: the disk
 * syncs from redlite's afterCommit (synchronous=full) and afterCheckpoint hooks, faults come
 * through beforeStatement and setMaxPageCount, and after a crash or power loss redlite reopens
 * on the returned path. The old instance is abandoned, never closed.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  diskFullPageLimit,
  makeCrashHook,
  makeIoErrorHook,
  SimDisk,
  SimulatedCrash,
  type StatementHook,
} from '../../faults/index.ts';
import { Redlite, type Reply } from '../../redlite/index.ts';

const clock = { now: () => 1_700_000_000_000 };
let disk: SimDisk | null = null;
afterEach(() => disk?.destroy());

function openOn(
  target: SimDisk,
  durability: 'full' | 'normal',
  beforeStatement?: { hook: StatementHook | null },
): Redlite {
  const store = Redlite.open(target.dbPath, {
    clock,
    synchronous: durability,
    walCheckpointPages: 25,
    hooks: {
      beforeStatement: (info) => beforeStatement?.hook?.(info),
      afterCommit: () => {
        if (durability === 'full') target.sync();
      },
      afterCheckpoint: () => target.sync(),
    },
  });
  // SQLite syncs when it creates the database and switches it to WAL; so does the world.
  target.sync();
  return store;
}

function get(store: Redlite, key: string): string | null {
  const reply = store.exec(['GET', key]) as Reply & { value: Buffer | null };
  expect(reply.type).toBe('bulk');
  return reply.value === null ? null : reply.value.toString();
}

describe('redlite on the simulated disk', () => {
  it('keeps every acknowledged SET through power loss with synchronous=full', () => {
    for (let seed = 1n; seed <= 10n; seed++) {
      disk = new SimDisk({ verifySyncs: true });
      let store = openOn(disk, 'full');
      for (let i = 0; i < 60; i++)
        expect(store.exec(['SET', `k${i}`, `v${i}-${'p'.repeat(i * 20)}`])).toEqual({
          type: 'simple',
          value: 'OK',
        });
      const report = disk.powerLoss(seed, { tornProbability: 0.3 });
      store = openOn(disk, 'full');
      expect(report.dbPath).toBe(disk.dbPath);
      for (let i = 0; i < 60; i++) expect(get(store, `k${i}`)).toBe(`v${i}-${'p'.repeat(i * 20)}`);
      disk.destroy();
    }
  });

  it('with synchronous=normal, loses acknowledged writes after the last checkpoint for some seeds', () => {
    let lossSeeds = 0;
    for (let seed = 1n; seed <= 20n; seed++) {
      disk = new SimDisk({ verifySyncs: true });
      let store = openOn(disk, 'normal');
      for (let i = 0; i < 40; i++) store.exec(['SET', `k${i}`, `v${i}`]);
      disk.powerLoss(seed);
      store = openOn(disk, 'normal');
      const present = Array.from({ length: 40 }, (_, i) => get(store, `k${i}`) !== null);
      const survivors = present.filter(Boolean).length;
      // Always a prefix of the acknowledged SETs, never a mix.
      expect(present).toEqual(Array.from({ length: 40 }, (_, i) => i < survivors));
      if (survivors < 40) lossSeeds += 1;
      disk.destroy();
    }
    expect(lossSeeds).toBeGreaterThan(0);
  });

  it('a crash between two statements of MSET leaves neither key after recovery', () => {
    disk = new SimDisk({ verifySyncs: true });
    const fault: { hook: StatementHook | null } = { hook: null };
    let store = openOn(disk, 'full', fault);
    store.exec(['SET', 'before', '1']);
    fault.hook = makeCrashHook(2, Database.SqliteError).hook;
    expect(() => store.exec(['MSET', 'a', '1', 'b', '2'])).toThrow(SimulatedCrash);
    fault.hook = null;
    disk.crash();
    store = openOn(disk, 'full', fault);
    expect([get(store, 'before'), get(store, 'a'), get(store, 'b')]).toEqual(['1', null, null]);
  });

  it('an I/O error answers an error reply and changes nothing; disk full too, until space returns', () => {
    disk = new SimDisk({ verifySyncs: true });
    const fault: { hook: StatementHook | null } = { hook: null };
    const store = openOn(disk, 'full', fault);
    fault.hook = makeIoErrorHook(1, Database.SqliteError).hook;
    const failed = store.exec(['MSET', 'a', '1', 'b', '2']);
    expect(failed.type).toBe('error');
    expect([get(store, 'a'), get(store, 'b')]).toEqual([null, null]);
    const reader = new Database(disk.dbPath, { readonly: true });
    const pages = reader.pragma('page_count', { simple: true }) as number;
    reader.close();
    store.setMaxPageCount(diskFullPageLimit(pages, 3n));
    const big = 'z'.repeat(100_000);
    expect(store.exec(['SET', 'big', big]).type).toBe('error');
    expect(get(store, 'big')).toBeNull();
    store.setMaxPageCount(null);
    expect(store.exec(['SET', 'big', big])).toEqual({ type: 'simple', value: 'OK' });
    expect(get(store, 'big')).toBe(big);
  });
});
