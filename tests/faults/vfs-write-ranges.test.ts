/**
 * The I/O shim's log says exactly what changed on disk. A shadow copy of each file, built only
 * from the log (each recorded write copies its range from the real file, each truncate cuts,
 * each delete removes), must equal the real files after every step of a seeded mix of commits,
 * large transactions, deletes, checkpoints and a VACUUM; and every recorded WAL write must
 * have changed the bytes it covers (a frame carries fresh checksums). Database writes are left
 * out of that last check: a checkpoint copies back every page the WAL holds, and a page
 * rewritten with the same row can come back byte for byte. A shadow that skips one write no
 * longer matches, which shows the check can fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaultRng } from '../../faults/FaultRng.ts';
import { type IoEvent, IoShim } from '../../faults/vfs/index.ts';
import {
  openStore,
  removeTempFolders,
  rowBytes,
  type Synchronous,
  snapshot,
  tempFolder,
} from './vfs-support.ts';

let shim: IoShim;

beforeAll(() => {
  shim = IoShim.load();
});
afterEach(() => shim.reset());
afterAll(removeTempFolders);

function readOrEmpty(path: string): Buffer {
  return existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
}

/**
 * Applies a step's events to the shadow files, reading written ranges from the real files. A
 * file gone by the end of the step (a rollback journal) must be deleted by a later event.
 */
function applyEvents(shadow: Map<string, Buffer>, events: readonly IoEvent[]): void {
  const now = new Map<string, Buffer>();
  for (const event of events) {
    if (event.type === 'write') {
      const real = now.get(event.file.path) ?? readOrEmpty(event.file.path);
      now.set(event.file.path, real);
      const end = event.offsetBytes + event.lengthBytes;
      const before = shadow.get(event.file.path) ?? Buffer.alloc(0);
      const after = Buffer.alloc(Math.max(before.length, end));
      before.copy(after);
      real.copy(after, event.offsetBytes, event.offsetBytes, Math.min(end, real.length));
      shadow.set(event.file.path, after);
    } else if (event.type === 'truncate') {
      const before = shadow.get(event.file.path) ?? Buffer.alloc(0);
      const after = Buffer.alloc(event.sizeBytes);
      before.copy(after, 0, 0, Math.min(before.length, event.sizeBytes));
      shadow.set(event.file.path, after);
    } else if (event.type === 'delete') {
      shadow.delete(event.path);
    }
  }
}

/** Files that differ between the shadow and the folder (the -shm is memory, never written). */
function mismatches(folder: string, shadow: Map<string, Buffer>): string[] {
  const names = new Set(readdirSync(folder).filter((name) => !name.endsWith('-shm')));
  for (const path of shadow.keys()) names.add(path.slice(folder.length + 1));
  return [...names].sort().filter((name) => {
    const path = join(folder, name);
    const real = existsSync(path) ? readFileSync(path) : null;
    const copy = shadow.get(path) ?? null;
    // A file SQLite created but never wrote is empty on both sides.
    if (copy === null && real !== null && real.length === 0) return false;
    return real === null || copy === null || !real.equals(copy);
  });
}

/** True when the write's range holds other bytes than before the step (or lies past the old end). */
function changedBytes(before: Buffer | undefined, after: Buffer, offset: number, length: number): boolean {
  if (before === undefined || offset + length > before.length) return true;
  return !before.subarray(offset, offset + length).equals(after.subarray(offset, offset + length));
}

function step(db: Database.Database, rng: FaultRng, stepIndex: number): string {
  const roll = rng.int(0, 99);
  if (roll < 45) {
    db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)').run(rng.int(1, 200), rowBytes(stepIndex));
    return 'commit';
  }
  if (roll < 60) {
    db.transaction(() => {
      for (let i = 0; i < 20; i++) {
        db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)').run(
          rng.int(1, 400),
          rowBytes(stepIndex * 100 + i, rng.int(100, 6000)),
        );
      }
    })();
    return 'large transaction';
  }
  if (roll < 70) {
    db.prepare('DELETE FROM t WHERE k % 7 = ?').run(rng.int(0, 6));
    return 'delete';
  }
  const mode = (['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'] as const)[rng.int(0, 3)];
  db.pragma(`wal_checkpoint(${mode})`);
  return `checkpoint ${mode}`;
}

function runWorkload(
  synchronous: Synchronous,
  seed: bigint,
  steps: number,
  drop?: (events: IoEvent[]) => IoEvent[],
) {
  const folder = tempFolder();
  shim.startRecording(folder);
  const db = openStore(folder, synchronous);
  const shadow = new Map<string, Buffer>();
  applyEvents(shadow, shim.drain());
  const rng = new FaultRng(seed);
  const failures: string[] = [];
  let writesChecked = 0;
  for (let index = 0; index < steps; index++) {
    const before = snapshot(folder);
    const what = index === steps - 1 ? 'vacuum' : step(db, rng, index);
    if (what === 'vacuum') db.exec('VACUUM');
    let events = shim.drain();
    const after = snapshot(folder);
    for (const event of events) {
      if (event.type !== 'write' || event.file.kind !== 'wal') continue;
      const name = event.file.path.slice(folder.length + 1);
      const now = after.get(name);
      if (now === undefined) continue;
      writesChecked += 1;
      if (!changedBytes(before.get(name), now, event.offsetBytes, event.lengthBytes)) {
        failures.push(`step ${index} (${what}): the write at ${name}:${event.offsetBytes} changed nothing`);
      }
    }
    if (drop !== undefined) events = drop(events);
    applyEvents(shadow, events);
    const wrong = mismatches(folder, shadow);
    if (wrong.length > 0) failures.push(`step ${index} (${what}): shadow differs for ${wrong.join(', ')}`);
  }
  db.close();
  return { failures, writesChecked };
}

describe('I/O shim write ranges', () => {
  for (const synchronous of ['FULL', 'NORMAL'] as const) {
    it(`rebuilds every file from the log alone (synchronous=${synchronous})`, () => {
      const { failures, writesChecked } = runWorkload(synchronous, 20_260_101n, 60);
      expect(failures).toEqual([]);
      expect(writesChecked).toBeGreaterThan(100);
    });
  }

  it('notices a single write missing from the log', () => {
    let dropped = false;
    const { failures } = runWorkload('FULL', 7n, 12, (events) => {
      const last = events.findLastIndex((event) => event.type === 'write' && event.file.kind === 'wal');
      if (dropped || last < 0) return events;
      dropped = true;
      return events.filter((_, index) => index !== last);
    });
    expect(dropped).toBe(true);
    expect(failures.some((failure) => failure.includes('shadow differs'))).toBe(true);
  });
});
