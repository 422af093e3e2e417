/**
 * Determinism with the I/O shim on: 200 seeds of the fault scenarios (where a world runs on
 * the simulated disk and the shim records every call SQLite makes), each run twice, give the
 * same I/O log (a digest of every write, truncate, sync, delete and fired fault, paths relative
 * to the world's folder) and the same trace hash; and different seeds give different worlds.
 */
import { describe, expect, it } from 'vitest';
import { SimDiskStorage } from '../../sim/fault-driver/SimDiskStorage.ts';
import { configFor, runSeed } from '../../sim/run.ts';

const SEEDS = 200;
const OPS = 80;
const SCENARIOS = ['disk-errors', 'hostile', 'power-loss', 'crash'] as const;
/** Two runs of 200 short fault worlds; a shared machine may take several times its CPU time. */
const TIMEOUT_MS = 900_000;

function run(seed: bigint, scenario: string): { trace: string; io: string; ioEvents: number } {
  const options = { seed, scenario, opsMax: OPS };
  let storage: SimDiskStorage | null = null;
  const result = runSeed({
    ...options,
    storageFactory: () => {
      storage = new SimDiskStorage(configFor(options).durability, false, { digestIo: true });
      return storage;
    },
  });
  const digest = (storage as SimDiskStorage | null)?.disk.ioLogDigest;
  if (digest === undefined) throw new Error(`seed ${seed}: no simulated disk was made`);
  return { trace: result.trace_hash, io: digest.sha256, ioEvents: digest.events };
}

describe('determinism with the I/O shim', () => {
  it(`gives the same I/O log and trace hash on two runs of each of ${SEEDS} fault seeds`, {
    timeout: TIMEOUT_MS,
  }, () => {
    const traces = new Set<string>();
    let ioEvents = 0;
    for (let seed = 0; seed < SEEDS; seed++) {
      const scenario = SCENARIOS[seed % SCENARIOS.length] as string;
      const first = run(BigInt(seed), scenario);
      const second = run(BigInt(seed), scenario);
      expect(second.io, `seed ${seed} ${scenario}: I/O log`).toBe(first.io);
      expect(second.ioEvents).toBe(first.ioEvents);
      expect(second.trace, `seed ${seed} ${scenario}: trace`).toBe(first.trace);
      expect(first.ioEvents, `seed ${seed}: the shim saw SQLite's I/O`).toBeGreaterThan(0);
      ioEvents += first.ioEvents;
      traces.add(first.trace);
    }
    console.log(`${SEEDS} seeds, ${ioEvents} I/O events per pass, all logs and traces identical twice`);
    expect(traces.size).toBe(SEEDS);
  });
});
