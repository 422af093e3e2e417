/**
 * The simulated disk's costs, for `npm run bench`: the sync cost per commit (synchronous=full,
 * so one sync per commit) against the same commits without syncing, and the average cost of
 * one power-loss rebuild plus reopen plus first read, for a world with a few MB of database
 * and a few MB of WAL. Wall time is fine here: benches are not simulation code.
 */
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { SimDisk } from '../faults/index.ts';

const ROWS = 12_000;
const VALUE_BYTES = 300;
const COMMITS = 2_000;
const CUTS = 20;
const CHECKPOINT_COMMITS = 500;

function open(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)');
  return db;
}

function fill(db: Database.Database, disk: SimDisk): void {
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  db.transaction(() => {
    for (let k = 1; k <= ROWS; k++) insert.run(k, Buffer.alloc(VALUE_BYTES, k % 251));
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  disk.sync();
}

/** Runs the commits; returns the time spent committing and the time spent syncing. */
function commitsMs(
  db: Database.Database,
  disk: SimDisk,
  first: number,
): { commitMs: number; syncMs: number; cpuMs: number } {
  const update = db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)');
  let commitMs = 0;
  let syncMs = 0;
  const timed = (work: () => void): number => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < COMMITS; i++) {
    commitMs += timed(() => update.run(first + i, Buffer.alloc(VALUE_BYTES, i % 251)));
    syncMs += timed(() => disk.sync());
    // redlite checkpoints at about the WAL size where SQLite's auto-checkpoint would.
    if (i % CHECKPOINT_COMMITS === CHECKPOINT_COMMITS - 1) {
      commitMs += timed(() => db.pragma('wal_checkpoint(PASSIVE)'));
      syncMs += timed(() => disk.sync());
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { commitMs, syncMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

export async function run(): Promise<void> {
  const disk = new SimDisk();
  try {
    let db = open(disk.dbPath);
    fill(db, disk);
    const before = disk.syncStats;
    const { commitMs, syncMs, cpuMs } = commitsMs(db, disk, ROWS + 1);
    const after = disk.syncStats;
    const dbMb = (disk.platterBytes('db')?.length ?? 0) / 1e6;
    const walMb = (disk.platterBytes('wal')?.length ?? 0) / 1e6;
    console.log(
      `world: db ${dbMb.toFixed(1)} MB, WAL ${walMb.toFixed(1)} MB, checkpoint every ${CHECKPOINT_COMMITS} commits`,
    );
    console.log(
      `sync per commit (synchronous=full, checkpoint syncs included): ${((syncMs / COMMITS) * 1000).toFixed(0)} us ` +
        `(the commit itself: ${((commitMs / COMMITS) * 1000).toFixed(0)} us), ` +
        `${((after.sectorsCompared - before.sectorsCompared) / COMMITS).toFixed(1)} sectors compared, ` +
        `${((after.sectorsCopied - before.sectorsCopied) / COMMITS).toFixed(1)} copied`,
    );
    // CPU time is steadier than wall time on a shared machine.
    console.log(`process CPU per commit + sync: ${((cpuMs / COMMITS) * 1000).toFixed(0)} us`);
    let totalMs = 0;
    for (let cut = 0; cut < CUTS; cut++) {
      for (let i = 0; i < 50; i++)
        db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)').run(
          cut * 50 + i,
          Buffer.alloc(VALUE_BYTES, 7),
        );
      db.pragma('synchronous = NORMAL');
      const started = performance.now();
      const report = disk.powerLoss(BigInt(cut + 1));
      db = open(report.dbPath);
      db.prepare('SELECT v FROM t WHERE k = ?').get(ROWS / 2);
      totalMs += performance.now() - started;
    }
    console.log(
      `power-loss rebuild + reopen + first read: ${(totalMs / CUTS).toFixed(2)} ms average over ${CUTS} cuts`,
    );
  } finally {
    disk.destroy();
  }
}
