/**
 * Faults the I/O shim injects inside SQLite's own calls: each gives the SQLite error a real
 * failure would give, at the call it was armed for, and is logged with what it did. EIO on
 * read, write, truncate and sync; a short write; ENOSPC; a torn read whose damage shows in the
 * bytes SQLite returns but never in the file. Faults fire once, after `skip` matching calls,
 * only on their file kinds, in the order they were armed.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultOptionError } from '../../faults/errors.ts';
import { FaultRng } from '../../faults/FaultRng.ts';
import { FAULTS_ARMED_MAX, type IoEvent, type IoFaultEvent, IoShim } from '../../faults/vfs/index.ts';
import {
  commit,
  eventsOn,
  keys,
  openStore,
  removeTempFolders,
  rowBytes,
  sqliteCode,
  tempFolder,
} from './vfs-support.ts';

let shim: IoShim;

beforeAll(() => {
  shim = IoShim.load();
});
afterEach(() => {
  expect(shim.pendingFaults()).toBe(0);
  shim.reset();
});
afterAll(removeTempFolders);

function onlyFault(events: readonly IoEvent[]): IoFaultEvent {
  const faults = events.filter((event): event is IoFaultEvent => event.type === 'fault');
  expect(faults).toHaveLength(1);
  return faults[0]!;
}

/** A store with a few commits, recorded, with the log drained. */
function store(synchronous: 'FULL' | 'NORMAL' = 'FULL') {
  const folder = tempFolder();
  shim.startRecording(folder);
  const db = openStore(folder, synchronous);
  for (let key = 1; key <= 3; key++) commit(db, key);
  shim.drain();
  return { folder, db, wal: join(folder, 'store.db-wal') };
}

describe('I/O shim faults', () => {
  it('EIO on a WAL write fails the commit with SQLITE_IOERR_WRITE, and the store goes on', () => {
    const { folder, db } = store();
    shim.arm({ folder, action: 'eio', call: 'write', fileKinds: ['wal'] });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_WRITE');
    const fault = onlyFault(shim.drain());
    expect(fault).toMatchObject({ call: 'write', action: 'eio', code: 'SQLITE_IOERR_WRITE', landedBytes: 0 });
    expect(fault.file.kind).toBe('wal');
    commit(db, 5);
    expect(keys(db)).toEqual([1, 2, 3, 5]);
    db.close();
  });

  it('EIO on a read fails the query with SQLITE_IOERR_READ', () => {
    const { folder, db } = store();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const reader = openStore(folder, 'FULL');
    shim.drain();
    shim.arm({ folder, action: 'eio', call: 'read', fileKinds: ['db'] });
    // A new connection reads the database header as it opens.
    expect(sqliteCode(() => openStore(folder, 'FULL'))).toBe('SQLITE_IOERR_READ');
    const fault = onlyFault(shim.drain());
    expect(fault).toMatchObject({ call: 'read', action: 'eio', code: 'SQLITE_IOERR_READ', offsetBytes: 0 });
    expect(fault.file.kind).toBe('db');
    // The connection that was open keeps working: the fault hit one call only.
    expect(keys(reader)).toEqual([1, 2, 3]);
    reader.close();
  });

  it('a short write lands a seeded prefix, then fails with EIO or ENOSPC', () => {
    for (const errno of ['EIO', 'ENOSPC'] as const) {
      const { folder, db, wal } = store();
      const seed = 0x5eed_0001n;
      // Skip the frame header (24 bytes): the fault hits the page that follows it.
      shim.arm({ folder, action: 'short-write', seed, errno, fileKinds: ['wal'], skip: 1 });
      expect(sqliteCode(() => commit(db, 4))).toBe(errno === 'EIO' ? 'SQLITE_IOERR_WRITE' : 'SQLITE_FULL');
      const events = shim.drain();
      const fault = onlyFault(events);
      const expected = Number(new FaultRng(seed).next64() % BigInt(fault.lengthBytes));
      expect(fault.landedBytes).toBe(expected);
      expect(fault.landedBytes).toBeGreaterThan(0);
      // The prefix that landed is logged as a write, right before the fault.
      const landed = events[events.indexOf(fault) - 1];
      expect(landed).toMatchObject({ type: 'write', offsetBytes: fault.offsetBytes, lengthBytes: expected });
      // The page was being appended: the WAL now ends inside it.
      expect(statSync(wal).size).toBe(fault.offsetBytes + expected);
      commit(db, 5);
      expect(keys(db)).toEqual([1, 2, 3, 5]);
      db.close();
    }
  });

  it('ENOSPC fails the write with SQLITE_FULL and lands nothing', () => {
    const { folder, db, wal } = store();
    const sizeBefore = statSync(wal).size;
    shim.arm({ folder, action: 'enospc', fileKinds: ['wal'] });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_FULL');
    expect(onlyFault(shim.drain())).toMatchObject({ call: 'write', code: 'SQLITE_FULL', landedBytes: 0 });
    expect(statSync(wal).size).toBe(sizeBefore);
    db.close();
  });

  it('a failed fsync fails the commit with SQLITE_IOERR_FSYNC, and the log names that sync', () => {
    const { folder, db } = store();
    shim.arm({ folder, action: 'eio', call: 'sync', fileKinds: ['wal'] });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_FSYNC');
    const events = shim.drain();
    const fault = onlyFault(events);
    expect(fault).toMatchObject({ call: 'sync', code: 'SQLITE_IOERR_FSYNC' });
    expect(fault.file.kind).toBe('wal');
    // The commit's frames were written, and nothing synced them: these are the bytes a
    // simulated disk drops after a failed fsync.
    expect(events.at(-1)).toBe(fault);
    expect(eventsOn(events, 'sync')).toEqual([]);
    expect(eventsOn(events, 'write', 'wal').length).toBeGreaterThanOrEqual(2);
    expect(keys(db)).toEqual([1, 2, 3]);
    commit(db, 5);
    expect(keys(db)).toEqual([1, 2, 3, 5]);
    db.close();
  });

  it('EIO on a truncate fails a TRUNCATE checkpoint with SQLITE_IOERR_TRUNCATE', () => {
    const { folder, db } = store();
    shim.arm({ folder, action: 'eio', call: 'truncate', fileKinds: ['wal'] });
    expect(sqliteCode(() => db.pragma('wal_checkpoint(TRUNCATE)'))).toBe('SQLITE_IOERR_TRUNCATE');
    expect(onlyFault(shim.drain())).toMatchObject({ call: 'truncate', offsetBytes: 0 });
    expect(keys(db)).toEqual([1, 2, 3]);
    db.close();
  });

  it('a torn read damages one sector of what SQLite reads, never the file', () => {
    const folder = tempFolder();
    const original = rowBytes(1, 40_000);
    const writer = openStore(folder, 'FULL');
    writer.prepare('INSERT INTO t (k, v) VALUES (1, ?)').run(original);
    writer.pragma('wal_checkpoint(TRUNCATE)');
    writer.close();
    const readBlob = (work?: () => void): Buffer => {
      const db = openStore(folder, 'FULL');
      shim.drain();
      work?.();
      const value = db.prepare('SELECT v FROM t WHERE k = 1').pluck().get() as Buffer;
      db.close();
      return value;
    };
    // A dry run finds the reads of the blob's overflow pages, past the first few pages.
    shim.startRecording(folder, { reads: true });
    readBlob();
    const dryRun = shim.drain().filter((event) => event.type === 'read' && event.file.kind === 'db');
    const target = dryRun.findIndex((event) => event.type === 'read' && event.offsetBytes >= 4 * 4096);
    expect(target).toBeGreaterThan(0);
    const torn = readBlob(() =>
      shim.arm({ folder, action: 'torn-read', seed: 99n, damage: 'flip', fileKinds: ['db'], skip: target }),
    );
    const fault = onlyFault(shim.drain());
    expect(fault.damage).not.toBeNull();
    const damage = fault.damage!;
    // The damage lies in one sector of the read, and runs to that sector's end or the read's.
    expect(damage.offsetBytes).toBeGreaterThanOrEqual(fault.offsetBytes);
    const sectorEnd = (Math.floor(damage.offsetBytes / 512) + 1) * 512;
    expect(damage.offsetBytes + damage.lengthBytes).toBe(
      Math.min(sectorEnd, fault.offsetBytes + fault.lengthBytes),
    );
    // Inverted bytes all differ: exactly that many bytes of the value come back wrong, in one run.
    const wrong = [...original.keys()].filter((at) => original[at] !== torn[at]);
    expect(wrong).toHaveLength(damage.lengthBytes);
    expect(wrong.at(-1)! - wrong[0]!).toBe(damage.lengthBytes - 1);
    expect(readBlob().equals(original)).toBe(true);
  });

  it('fires once, after `skip` matching calls, only on its file kinds', () => {
    const { folder, db } = store();
    shim.arm({ folder, action: 'eio', call: 'write', fileKinds: ['db'] });
    shim.arm({ folder, action: 'eio', call: 'write', fileKinds: ['wal'], skip: 3 });
    commit(db, 4);
    expect(shim.pendingFaults()).toBe(2);
    expect(sqliteCode(() => commit(db, 5))).toBe('SQLITE_IOERR_WRITE');
    const events = shim.drain();
    const walFault = onlyFault(events);
    expect(walFault.file.kind).toBe('wal');
    expect(eventsOn(events.slice(0, events.indexOf(walFault)), 'write', 'wal')).toHaveLength(3);
    expect(shim.pendingFaults()).toBe(1);
    // The database fault waits for the first database write: the checkpoint's.
    expect(sqliteCode(() => db.pragma('wal_checkpoint(PASSIVE)'))).toBe('SQLITE_IOERR_WRITE');
    expect(onlyFault(shim.drain()).file.kind).toBe('db');
    commit(db, 6);
    expect(keys(db)).toEqual([1, 2, 3, 4, 6]);
    db.close();
  });

  it('fires faults that match the same call in the order they were armed', () => {
    const { folder, db } = store();
    shim.arm({ folder, action: 'enospc', fileKinds: ['wal'] });
    shim.arm({ folder, action: 'eio', call: 'write', fileKinds: ['wal'] });
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_FULL');
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_WRITE');
    commit(db, 4);
    expect(keys(db)).toEqual([1, 2, 3, 4]);
    db.close();
  });

  it('leaves other folders alone', () => {
    const { folder, db } = store();
    const other = store();
    shim.arm({ folder, action: 'eio', call: 'write' });
    commit(other.db, 4);
    expect(shim.pendingFaults()).toBe(1);
    expect(sqliteCode(() => commit(db, 4))).toBe('SQLITE_IOERR_WRITE');
    db.close();
    other.db.close();
  });

  it('rejects faults it cannot arm, naming the option', () => {
    const folder = tempFolder();
    const bad = (fault: Parameters<IoShim['arm']>[0], option: string) => {
      expect(() => shim.arm(fault)).toThrow(FaultOptionError);
      expect(() => shim.arm(fault)).toThrow(option);
    };
    bad({ folder, action: 'eio', call: 'write', skip: -1 }, 'skip');
    bad({ folder, action: 'eio', call: 'write', skip: 1.5 }, 'skip');
    bad({ folder, action: 'eio', call: 'write', fileKinds: [] }, 'fileKinds');
    bad({ folder, action: 'short-write', seed: -1n }, 'seed');
    bad({ folder, action: 'crash', call: 'sync', prefixSeed: 1n }, 'prefixSeed');
    bad({ folder: join(folder, 'missing'), action: 'enospc' }, 'folder');
    for (let i = 0; i < FAULTS_ARMED_MAX; i++) shim.arm({ folder, action: 'enospc' });
    bad({ folder, action: 'enospc' }, 'armed faults');
    expect(shim.disarmAll()).toBe(FAULTS_ARMED_MAX);
  });
});
