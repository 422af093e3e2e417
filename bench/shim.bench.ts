/**
 * The I/O shim's cost, for `npm run bench -- shim`: commits per second on raw better-sqlite3
 * (a WAL database on /dev/shm when there is one, one 100-byte row per commit, a checkpoint
 * every 500 commits), under synchronous=FULL and NORMAL, in three arms:
 *   plain      a connection opened before the shim loads, so it keeps SQLite's unix VFS;
 *   loaded     a connection through the shim, in a folder nobody records;
 *   recording  a connection through the shim in a recorded folder, with the log drained and
 *              decoded after every commit, as the simulator would after every step;
 *   batched    the same, drained every 100 commits: the cost of recording without the drains.
 * Registering the shim is process-wide, but a connection keeps the VFS it was opened with, so
 * all three arms live in one process and run at the same moment: the machine is shared and
 * noisy, and separate processes would compare different moments. For the same reason the rate
 * is per second of process CPU time (user + system), not wall time. Each round runs one batch
 * per arm (rotating which goes first) and yields its own ratios to plain; the median round is
 * reported, with the spread.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { IoShim } from '../faults/vfs/index.ts';

const ARMS = ['plain', 'loaded', 'recording', 'batched'] as const;
type Arm = (typeof ARMS)[number];
const MODES = ['FULL', 'NORMAL'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = 11;
/** Large enough that a batch takes tens of CPU milliseconds: CPU accounting is coarse. */
const BATCH_COMMITS = 4_000;
const BATCHED_DRAIN_COMMITS = 100;
const WARMUP_COMMITS = 1_000;
const CHECKPOINT_COMMITS = 500;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}..${Math.max(...values).toFixed(2)}`;
}

class Store {
  readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly value = Buffer.alloc(100, 7);
  private next = 1;

  constructor(folder: string, mode: Mode) {
    this.db = new Database(join(folder, `${mode}.db`));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('wal_autocheckpoint = 0');
    this.db.pragma(`synchronous = ${mode}`);
    this.db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)');
    this.insert = this.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  }

  /**
   * Commits `count` rows, calling `after` after each; returns commits per second of process CPU
   * time (user + system, so the syscalls count), which other load on the machine barely moves.
   */
  commits(count: number, after: () => void): number {
    const before = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      this.insert.run(this.next, this.value);
      if (this.next % CHECKPOINT_COMMITS === 0) this.db.pragma('wal_checkpoint(PASSIVE)');
      this.next += 1;
      after();
    }
    const used = process.cpuUsage(before);
    return count / ((used.user + used.system) / 1e6);
  }
}

export async function run(): Promise<void> {
  if (IoShim.isLoaded()) {
    throw new Error('the I/O shim was loaded before this bench: run `npm run bench -- shim` on its own');
  }
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  const folders = Object.fromEntries(
    ARMS.map((arm) => [arm, mkdtempSync(join(base, `redlite-bench-shim-${arm}-`))]),
  ) as Record<Arm, string>;
  const stores = new Map<string, Store>();
  const store = (arm: Arm, mode: Mode): Store => stores.get(`${arm}:${mode}`)!;
  try {
    // Opened before the shim loads: these keep the unix VFS.
    for (const mode of MODES) stores.set(`plain:${mode}`, new Store(folders.plain, mode));
    const shim = IoShim.load();
    shim.startRecording(folders.recording);
    shim.startRecording(folders.batched);
    for (const mode of MODES) {
      for (const arm of ['loaded', 'recording', 'batched'] as const) {
        stores.set(`${arm}:${mode}`, new Store(folders[arm], mode));
      }
    }
    shim.drain();
    let events = 0;
    let sinceDrain = 0;
    const after: Record<Arm, () => void> = {
      plain: () => {},
      loaded: () => {},
      recording: () => {
        events += shim.drain().length;
      },
      batched: () => {
        sinceDrain += 1;
        if (sinceDrain === BATCHED_DRAIN_COMMITS) {
          shim.drain();
          sinceDrain = 0;
        }
      },
    };
    for (const mode of MODES) for (const arm of ARMS) store(arm, mode).commits(WARMUP_COMMITS, after[arm]);
    events = 0;
    const rates = Object.fromEntries(
      MODES.map((mode) => [mode, Object.fromEntries(ARMS.map((arm) => [arm, [] as number[]]))]),
    ) as Record<Mode, Record<Arm, number[]>>;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of MODES) {
        for (let i = 0; i < ARMS.length; i++) {
          const arm = ARMS[(i + round) % ARMS.length]!;
          rates[mode][arm].push(store(arm, mode).commits(BATCH_COMMITS, after[arm]));
        }
      }
    }
    for (const mode of MODES) {
      for (const arm of ARMS) {
        console.log(
          `synchronous=${mode.padEnd(6)} ${arm.padEnd(9)} ${Math.round(median(rates[mode][arm]))} commits per CPU-second`,
        );
      }
      for (const arm of ARMS.slice(1)) {
        const ratios = rates[mode][arm].map((rate, round) => rate / rates[mode].plain[round]!);
        console.log(
          `synchronous=${mode.padEnd(6)} ratio ${arm}/plain ${median(ratios).toFixed(2)} (rounds ${spread(ratios)})`,
        );
      }
    }
    console.log(
      `recording logged ${(events / (ROUNDS * BATCH_COMMITS * MODES.length)).toFixed(1)} events per commit; ` +
        `median of ${ROUNDS} interleaved rounds of ${BATCH_COMMITS} commits per arm and mode, after a warm-up`,
    );
    shim.reset();
  } finally {
    for (const each of stores.values()) each.db.close();
    for (const folder of Object.values(folders)) rmSync(folder, { recursive: true, force: true });
  }
}
