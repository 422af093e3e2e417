/**
 * Fault throughput:
 * - seeds/s for `hostile` 1000-op seeds on one core (target >= 10), every fault kind on: the
 *   same seeds every time (1 to HOSTILE_SEEDS, after WARM_UP_SEEDS warm-up seeds, enough for
 *   the JIT to settle as it has in a sweep's worker after its first seeds: see WARM_UP_SEEDS),
 *   so that two versions of the code are compared on the same work, timed by the CPU time they used (a shared
 *   machine disturbs it far less than wall time), with the rate per wall second beside it;
 * - what the simulated disk would cost fault-free runs: seeds/s of `mixed` 1000-op seeds on the
 *   SimDisk (sync points included) beside the same seeds on a plain folder, as a ratio (this
 *   is why fault-free worlds keep a plain folder);
 * - the average cost of one power loss: rebuild from the platter, reopen redlite (SQLite's WAL
 *   recovery) and read the full state back, in milliseconds.
 * Wall time is fine here: benches are outside the determinism rules.
 */
import { Redlite } from '../redlite/index.ts';
import { dumpState } from '../sim/checkers/state-dump.ts';
import { SimDiskStorage } from '../sim/fault-driver/SimDiskStorage.ts';
import { configFor, runSeed } from '../sim/run.ts';
import { VirtualClock } from '../sim/VirtualClock.ts';
import { TempFolderStorage } from '../sim/world/Storage.ts';

const SEEDS_WALL_MS = 8000;
const HOSTILE_SEEDS = 30;
/**
 * Warm-up seeds, after which V8 has compiled nearly all it will: hostile seeds reach rare paths
 * (a reopen that must reindex, a refused open, a torn write) seed after seed, so the JIT settles
 * later than on fault-free seeds. `--trace-opt` on hostile seeds 1..90 in one process: TurboFan
 * compiles took 129 ms a seed over the first 15, 42 over the next 15, 32 over seeds 46..60 and
 * 15 over 76..90, against roughly 300 ms of CPU a seed. A sweep's worker runs thousands.
 */
const WARM_UP_SEEDS = 60;
const POWER_LOSSES = 30;

type Storage = 'default' | 'sim-disk' | 'plain';

function seedsPerSecond(scenario: string, storage: Storage, wallMs: number): { rate: number; seeds: number } {
  const start = performance.now();
  let seeds = 0;
  for (let seed = 1n; performance.now() - start < wallMs; seed++) {
    const options = { seed, scenario, opsMax: 1000 };
    const durability = configFor(options).durability;
    const factories = {
      default: {},
      'sim-disk': { storageFactory: () => new SimDiskStorage(durability, false) },
      plain: { storageFactory: (s: string) => new TempFolderStorage(s) },
    };
    runSeed({ ...options, ...factories[storage] });
    seeds++;
  }
  return { rate: (seeds / (performance.now() - start)) * 1000, seeds };
}

/**
 * The fault kinds `hostile` had before the I/O shim's kinds joined it: with these alone, a
 * hostile seed draws the same rates and the same fault events as it did then, so its rate
 * compares the observed-I/O disk with the figures taken before it on the same work.
 */
const KINDS_BEFORE_SHIM = 'crash,power-loss,bit-rot,disk-full,io-error,slow-disk';

/** Hostile seeds 1..HOSTILE_SEEDS on the default storage, by CPU time and by wall time. */
function hostileSeedsPerSecond(faults?: string): { rate: number; cpuRate: number; seeds: number } {
  const kinds = faults === undefined ? {} : { faults };
  for (let seed = 1; seed <= WARM_UP_SEEDS; seed++)
    runSeed({ seed: BigInt(1_000_000 + seed), scenario: 'hostile', opsMax: 1000, ...kinds });
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  for (let seed = 1; seed <= HOSTILE_SEEDS; seed++)
    runSeed({ seed: BigInt(seed), scenario: 'hostile', opsMax: 1000, ...kinds });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rate: (HOSTILE_SEEDS / (performance.now() - start)) * 1000,
    cpuRate: (HOSTILE_SEEDS / (cpu.user + cpu.system)) * 1e6,
    seeds: HOSTILE_SEEDS,
  };
}

function powerLossMs(): number {
  const storage = new SimDiskStorage('normal', false);
  const clock = new VirtualClock(1_700_000_000_000);
  const open = (path: string) =>
    Redlite.open(path, { clock, synchronous: 'normal', walCheckpointPages: 1000, hooks: storage.hooks() });
  try {
    let db = open(storage.dbPath());
    storage.disk.sync();
    const value = 'v'.repeat(800);
    for (let i = 0; i < 300; i++) db.exec(['SET', `k:${i}`, value]);
    db.checkpoint();
    let totalMs = 0;
    for (let round = 0; round < POWER_LOSSES; round++) {
      for (let i = 0; i < 40; i++) db.exec(['SET', `k:${(round * 40 + i) % 300}`, `${value}${round}`]);
      const start = performance.now();
      const report = storage.disk.powerLoss(BigInt(round + 1));
      db = open(report.dbPath);
      dumpState((argv) => db.exec(argv));
      totalMs += performance.now() - start;
    }
    return totalMs / POWER_LOSSES;
  } finally {
    storage.dispose(false);
  }
}

export async function run(): Promise<void> {
  const hostile = hostileSeedsPerSecond();
  console.log(
    `hostile 1000-op seeds: ${hostile.cpuRate.toFixed(1)} seeds/s on one core by CPU time ` +
      `(${hostile.rate.toFixed(1)} per wall second; ${hostile.seeds} seeds after ${WARM_UP_SEEDS} warm-up seeds; target >= 10)`,
  );
  const before = hostileSeedsPerSecond(KINDS_BEFORE_SHIM);
  console.log(
    `hostile 1000-op seeds, only the kinds before the I/O shim's (${KINDS_BEFORE_SHIM}): ` +
      `${before.cpuRate.toFixed(1)} seeds/s by CPU time (${before.rate.toFixed(1)} per wall second)`,
  );
  // Alternate the two storages so machine load falls on both alike.
  let simDisk = 0;
  let plain = 0;
  for (let round = 0; round < 2; round++) {
    simDisk += seedsPerSecond('mixed', 'sim-disk', SEEDS_WALL_MS / 4).rate;
    plain += seedsPerSecond('mixed', 'plain', SEEDS_WALL_MS / 4).rate;
  }
  console.log(
    `mixed 1000-op seeds, fault-free: ${(simDisk / 2).toFixed(1)} seeds/s on the SimDisk, ${(plain / 2).toFixed(1)} on a plain folder (ratio ${(simDisk / plain).toFixed(2)}; fault-free worlds use the plain folder)`,
  );
  console.log(
    `power loss (rebuild + reopen + full read of 300 keys): ${powerLossMs().toFixed(1)} ms average over ${POWER_LOSSES}`,
  );
}
