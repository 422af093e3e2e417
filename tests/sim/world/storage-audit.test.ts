/**
 * The storage audit in a world (storage_consistent) and the other ways the world reaches into
 * redlite: the audit runs after every passing state check, after every restart and at the end;
 * a target without an audit runs unaudited; redlite's probes reach the run's probe counts; the
 * seed's tuned constants reach redlite; and crashes at redlite's rare paths leave it consistent.
 */
import { describe, expect, it } from 'vitest';
import { Redlite, type RedliteOptions } from '../../../redlite/index.ts';
import { typeChangeLeavesRowsRedlite } from '../../../sim/planted-bugs/broken-redlite.ts';
import { configFor, runSeed } from '../../../sim/run.ts';
import { modelTargetFactory } from '../../../sim/world/model-target.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

describe('the storage audit in a world', () => {
  it('runs after each passing state check and once more at the end, on a fault-free world', () => {
    for (let seed = 1n; seed <= 5n; seed++) {
      const result = runSeed({ seed, opsMax: 300 });
      expect(result.failure, `seed ${seed}`).toBeNull();
      expect(result.probes['sim.storage_audit'], `seed ${seed}`).toBe(result.probes['sim.state_check']);
    }
  });

  it('runs after every restart of a crash world, comparing versions across the lossless ones', () => {
    let compared = 0;
    for (let seed = 1n; seed <= 4n; seed++) {
      const result = runSeed({ seed, scenario: 'crash', opsMax: 300 });
      expect(result.failure, `seed ${seed}`).toBeNull();
      const restarts =
        (result.probes['fault.crash'] ?? 0) + (result.probes['recovery.liveness_restart'] ?? 0);
      expect(result.probes['sim.storage_audit'], `seed ${seed}`).toBeGreaterThanOrEqual(restarts);
      compared += result.probes['sim.audit_versions_after_recovery'] ?? 0;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('leaves a target without an audit unaudited', () => {
    // The model as a target has no connections, so the world is one without session patterns.
    const result = runSeed({ seed: 3n, scenario: 'kv', opsMax: 200, targetFactory: modelTargetFactory });
    expect(result.failure).toBeNull();
    expect(result.probes['sim.storage_audit']).toBeUndefined();
  });

  it('fails a store whose SET leaves the old rows behind, naming them, where no reply differs', () => {
    const broken = typeChangeLeavesRowsRedlite();
    const factory: TargetFactory = (path, options) => broken(path, options as RedliteOptions);
    let found = null;
    for (let seed = 1n; seed <= 30n && found === null; seed++) {
      const result = runSeed({ seed, scenario: 'mixed', opsMax: 400, targetFactory: factory });
      if (result.failure !== null) found = result.failure;
    }
    expect(found?.invariant).toBe('storage_consistent');
    expect(found?.message).toMatch(/value_row_orphaned in \d+ row\(s\): \w+ row key_id=\d+ .*is a string/);
  });
});

/** The first `count` seeds whose op mix inserts into lists and grows them (swarm testing turns ops off). */
function listInsertingSeeds(
  count: number,
  options: { scenario: string; knobs: Record<string, number> },
): bigint[] {
  const seeds: bigint[] = [];
  for (let seed = 1n; seeds.length < count && seed <= 100n; seed++) {
    const weights = configFor({ seed, ...options }).opWeights;
    if (weights.LINSERT !== undefined && (weights.LPUSH !== undefined || weights.RPUSH !== undefined))
      seeds.push(seed);
  }
  return seeds;
}

describe("redlite's knobs and probes in a world", () => {
  it("hands redlite the seed's tuned constants", () => {
    const seen: RedliteOptions[] = [];
    const spy: TargetFactory = (path, options) => {
      seen.push(options as RedliteOptions);
      return Redlite.open(path, options as RedliteOptions);
    };
    const knobs = { listPositionGap: 3, expireSampleKeys: 2 };
    runSeed({ seed: 9n, opsMax: 50, knobs, targetFactory: spy });
    expect(seen[0]?.listPositionGap).toBe(3);
    expect(seen[0]?.expireSampleKeys).toBe(2);
    expect(configFor({ seed: 9n, knobs }).listPositionGap).toBe(3);
  });

  it("counts redlite's probes under redlite.* with the run's other probes", () => {
    const knobs = { listPositionGap: 2, deepCollectionRate: 0.8, deepBatchMax: 64 };
    const totals: Record<string, number> = {};
    for (const seed of listInsertingSeeds(3, { scenario: 'lists', knobs })) {
      const result = runSeed({ seed, scenario: 'lists', opsMax: 600, knobs });
      expect(result.failure, `seed ${seed}`).toBeNull();
      for (const [name, hits] of Object.entries(result.probes)) totals[name] = (totals[name] ?? 0) + hits;
    }
    expect(totals['redlite.list_rebalance']).toBeGreaterThan(0);
    expect(totals['redlite.empty_aggregate_deleted']).toBeGreaterThan(0);
    expect(totals['sim.deep_collection']).toBeGreaterThan(0);
  });

  it('stays consistent when every rare path inside a transaction crashes the process', () => {
    const knobs = { listPositionGap: 2, deepCollectionRate: 0.8, deepBatchMax: 32, rarePathCrashRate: 1 };
    let crashes = 0;
    for (const seed of listInsertingSeeds(3, { scenario: 'lists', knobs })) {
      const result = runSeed({ seed, scenario: 'lists', faults: 'crash', opsMax: 300, knobs });
      expect(result.failure, `seed ${seed}`).toBeNull();
      crashes += result.probes['sim.rare_path_crash'] ?? 0;
    }
    expect(crashes).toBeGreaterThan(3);
  });
});
