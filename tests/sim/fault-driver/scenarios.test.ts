/**
 * Each fault scenario passes 50 seeds against the real redlite with synchronous=full, and
 * really injects its faults: the test also checks that the scenario's own fault probes fired
 * across the seeds, so a silently fault-free run could not pass it. Ops are kept small (300
 * plus the liveness phase) so that each scenario stays within a few seconds.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../../sim/run.ts';

const SEEDS = 50;
const OPS = 300;

const EXPECTED_PROBES: Record<string, readonly string[]> = {
  crash: [
    'fault.crash',
    'fault.crash_mid_command',
    'recovery.maybe_applied_settled',
    'recovery.liveness_restart',
  ],
  'power-loss': ['fault.power_loss', 'recovery.all_acked_survived', 'recovery.shm_dropped'],
  'disk-full': ['fault.disk_full', 'recovery.disk_space_restored', 'recovery.disk_full_rejected'],
  corruption: ['fault.bit_rot', 'fault.power_loss'],
  'disk-errors': [
    'fault.write_error',
    'fault.crash_mid_io',
    'recovery.io_fault_rejected',
    'recovery.wal_sync_observed',
  ],
  hostile: [
    'fault.crash',
    'fault.power_loss',
    'fault.bit_rot',
    'fault.disk_full',
    'fault.io_error',
    'fault.slow_disk',
  ],
};

describe('fault scenarios against redlite, synchronous=full', () => {
  for (const [scenario, probes] of Object.entries(EXPECTED_PROBES)) {
    it(`${scenario}: ${SEEDS} seeds pass, and the scenario's faults fire`, () => {
      const totals = new Map<string, number>();
      const failures: string[] = [];
      const first = 1;
      for (let seed = first; seed < first + SEEDS; seed++) {
        const result = runSeed({ seed: BigInt(seed), scenario, opsMax: OPS, durability: 'full' });
        if (result.result !== 'pass')
          failures.push(`${seed}: ${result.failure?.invariant} ${result.failure?.message}`);
        for (const [name, hits] of Object.entries(result.probes))
          totals.set(name, (totals.get(name) ?? 0) + hits);
      }
      expect(failures).toEqual([]);
      for (const name of probes) expect(totals.get(name) ?? 0, name).toBeGreaterThan(0);
    }, 60_000);
  }
});
