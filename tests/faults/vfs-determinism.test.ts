/**
 * The same SQL, with the same seeded faults, gives the same I/O log twice: same calls, same
 * offsets and lengths, same faults with the same landed and damaged bytes. Only what no run
 * can repeat is normalized away: the folder's path, the process-wide file ids and sequence
 * numbers (each run's are renumbered from its first). Another fault seed changes the log,
 * which shows the comparison can fail.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type IoEvent, IoShim } from '../../faults/vfs/index.ts';
import { commit, openStore, removeTempFolders, sqliteCode, tempFolder } from './vfs-support.ts';

let shim: IoShim;

beforeAll(() => {
  shim = IoShim.load();
});
afterEach(() => shim.reset());
afterAll(removeTempFolders);

/** A run's events with the folder, file ids and sequence numbers made run-independent. */
function normalize(events: readonly IoEvent[], folder: string): unknown[] {
  const ids = new Map<number, number>();
  const firstSeq = events[0]?.seq ?? 0;
  return events.map((event) => {
    const relative = { ...event, seq: event.seq - firstSeq } as Record<string, unknown>;
    if (event.type === 'delete') relative.path = event.path.slice(folder.length);
    else {
      if (!ids.has(event.file.id)) ids.set(event.file.id, ids.size + 1);
      relative.file = {
        ...event.file,
        id: ids.get(event.file.id),
        path: event.file.path.slice(folder.length),
      };
    }
    return relative;
  });
}

function runScript(faultSeed: bigint): unknown[] {
  const folder = tempFolder();
  shim.startRecording(folder, { reads: true });
  const events: IoEvent[] = [];
  const db = openStore(folder, 'FULL');
  for (let key = 1; key <= 20; key++) commit(db, key, 200 + key * 37);
  db.pragma('wal_checkpoint(PASSIVE)');
  shim.arm({ folder, action: 'short-write', seed: faultSeed, fileKinds: ['wal'], skip: 1 });
  expect(sqliteCode(() => commit(db, 21))).toBe('SQLITE_IOERR_WRITE');
  db.transaction(() => {
    for (let key = 30; key < 60; key++) commit(db, key, 3000);
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  events.push(...shim.drain());
  const reader = openStore(folder, 'NORMAL');
  shim.arm({ folder, action: 'torn-read', seed: faultSeed, damage: 'zero', fileKinds: ['db'], skip: 5 });
  reader.prepare('SELECT count(*), sum(length(v)) FROM t').get();
  reader.close();
  events.push(...shim.drain());
  return normalize(events, folder);
}

describe('I/O shim determinism', () => {
  it('logs the same calls and faults for the same SQL and seeds', () => {
    const first = runScript(42n);
    const second = runScript(42n);
    expect(first.length).toBeGreaterThan(200);
    expect(first.filter((event) => (event as IoEvent).type === 'fault')).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('logs another fault for another seed', () => {
    expect(runScript(43n)).not.toEqual(runScript(42n));
  });
});
