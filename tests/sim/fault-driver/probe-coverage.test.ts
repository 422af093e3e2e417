/**
 * Probe coverage (DESIGN.md principle 8): 300 seeds of the hostile scenario, at 200 ops each,
 * hit every probe of the fault catalogue (the faults subsystem's plus the simulator's recovery
 * probes), and the test prints the hit counts. One probe is unreachable through redlite and is
 * named here with the reason, so the exclusion cannot grow silently.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_PROBE_CATALOGUE } from '../../../sim/fault-driver/sim-probes.ts';
import { runSeed } from '../../../sim/run.ts';

/**
 * recovery.wal_absent needs a power loss that finds no WAL on the platter. The world syncs once
 * at open (SQLite fsyncs a database it creates, and its WAL header before any frame), redlite
 * only runs PASSIVE checkpoints, which never truncate the WAL, and restarts never delete it; so
 * the WAL is on the platter from the first sync on. The faults unit tests cover that path.
 */
const UNREACHABLE: readonly string[] = ['recovery.wal_absent'];

describe('hostile probe coverage', () => {
  it('300 hostile seeds hit every reachable fault and recovery probe', () => {
    const totals: Record<string, number> = {};
    const failures: string[] = [];
    for (let seed = 1n; seed <= 300n; seed++) {
      const result = runSeed({ seed, scenario: 'hostile', opsMax: 200 });
      if (result.result === 'fail') failures.push(`${seed} ${result.failure?.invariant}`);
      for (const [name, hits] of Object.entries(result.probes)) totals[name] = (totals[name] ?? 0) + hits;
    }
    const lines = FAULT_PROBE_CATALOGUE.map((name) => `${String(totals[name] ?? 0).padStart(6)}  ${name}`);
    console.log(`hostile probe hits over 300 seeds (200 ops):\n${lines.join('\n')}`);
    if (failures.length > 0) console.log(`failing seeds: ${failures.join(', ')}`);
    const missing = FAULT_PROBE_CATALOGUE.filter((name) => !UNREACHABLE.includes(name) && !totals[name]);
    expect(missing).toEqual([]);
    for (const name of UNREACHABLE) expect(FAULT_PROBE_CATALOGUE).toContain(name);
  }, 120_000);
});
