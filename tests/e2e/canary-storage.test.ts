/**
 * Canaries for the storage audit and for redlite's rare paths: planted redlite bugs
 * (sim/planted-bugs/broken-redlite.ts) that no reply shows when they strike, each caught within
 * the seeds a default sweep runs. The broken run must fail where the real redlite passes, so a
 * finding of redlite itself is never mistaken for the canary.
 *
 * - SET over a list, set, hash or sorted set leaves the old rows behind: only the storage
 *   audit sees them (storage_consistent), within 200 default seeds.
 * - A list renumbering commits its delete before its reinserts: only a crash between the two
 *   shows it, within 300 seeds of the crash scenario. It runs 600 ops per seed (a sweep runs
 *   1000; the first catch is the same seed) and skips the seeds whose op mix has no LINSERT,
 *   the only command that renumbers a list, to keep the test near a minute.
 */
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../redlite/index.ts';
import {
  type RedliteFactory,
  splitRebalanceRedlite,
  typeChangeLeavesRowsRedlite,
} from '../../sim/planted-bugs/broken-redlite.ts';
import { configFor, runSeed, type SeedRunOptions } from '../../sim/run.ts';
import type { RunResult } from '../../sim/run-types.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

/** A minute or so of CPU on an idle machine; a shared one may take several times that. */
const CANARY_TIMEOUT_MS = 400_000;

function target(factory: RedliteFactory): TargetFactory {
  return (path, options) => factory(path, options as RedliteOptions);
}

/** The first seed up to `seeds` whose broken run fails where the real redlite's run passes. */
function firstCatch(
  seeds: number,
  options: Omit<SeedRunOptions, 'seed'>,
  broken: RedliteFactory,
  canMeetBug: (seed: bigint) => boolean = () => true,
): RunResult | null {
  for (let seed = 1n; seed <= BigInt(seeds); seed++) {
    if (!canMeetBug(seed)) continue;
    const result = runSeed({ ...options, seed, targetFactory: target(broken) });
    if (result.failure === null) continue;
    if (runSeed({ ...options, seed }).failure === null) return result;
  }
  return null;
}

describe('canaries that only the storage audit or a rare-path crash can catch', () => {
  it("catch SET leaving the old type's rows behind within 200 default seeds, as storage_consistent", {
    timeout: CANARY_TIMEOUT_MS,
  }, () => {
    const caught = firstCatch(200, {}, typeChangeLeavesRowsRedlite());
    expect(caught?.failure?.invariant).toBe('storage_consistent');
    expect(caught?.failure?.message).toMatch(/value_row_orphaned in \d+ row\(s\): \w+ row key_id=\d+/);
    expect(caught?.failure?.message).toContain('is a string');
  });

  it('catch a list renumbering split in two transactions within 300 crash seeds', {
    timeout: CANARY_TIMEOUT_MS,
  }, () => {
    const options = { scenario: 'crash', opsMax: 600 };
    const insertsIntoLists = (seed: bigint): boolean =>
      configFor({ ...options, seed }).opWeights.LINSERT !== undefined;
    const caught = firstCatch(300, options, splitRebalanceRedlite(), insertsIntoLists);
    expect(caught).not.toBeNull();
    expect(['crash_recovery_consistent', 'storage_consistent']).toContain(caught?.failure?.invariant);
    expect(caught?.failure?.message).toMatch(/LINSERT|list/);
    expect(caught?.probes['sim.rare_path_crash']).toBeGreaterThan(0);
  });
});
