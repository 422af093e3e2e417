/**
 * Canaries for the observed sync points: planted redlites (sim/planted-bugs/broken-sync-redlite.ts)
 * that make fewer syncs than `full` promises. Their replies are right; only a power loss after
 * an unsynced commit shows them, and only because the simulated disk copies to the platter what
 * SQLite really synced. `--scenario power-loss --durability full --strict-durability` must
 * catch each within 50 seeds, on a seed where the real redlite passes. The test prints the
 * seed that caught each.
 */
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../redlite/index.ts';
import type { RedliteFactory } from '../../sim/planted-bugs/broken-redlite.ts';
import { quietlyNormalRedlite, skippedSyncRedlite } from '../../sim/planted-bugs/broken-sync-redlite.ts';
import { runSeed, type SeedRunOptions } from '../../sim/run.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

const CANARY_TIMEOUT_MS = 400_000;
const SEEDS = 50n;
const STRICT_FULL: Omit<SeedRunOptions, 'seed'> = {
  scenario: 'power-loss',
  durability: 'full',
  strictDurability: true,
};

function target(factory: RedliteFactory): TargetFactory {
  return (path, options) => factory(path, options as RedliteOptions);
}

/** The first seed whose broken run fails where the real redlite's passes, and its failure. */
function firstCatch(broken: RedliteFactory): { seed: bigint; invariant: string; message: string } | null {
  for (let seed = 1n; seed <= SEEDS; seed++) {
    const result = runSeed({ ...STRICT_FULL, seed, targetFactory: target(broken) });
    if (result.failure === null) continue;
    const real = runSeed({ ...STRICT_FULL, seed });
    expect(real.failure, `the real redlite on seed ${seed}`).toBeNull();
    return { seed, invariant: result.failure.invariant, message: result.failure.message };
  }
  return null;
}

describe('canaries for syncs SQLite did not make', () => {
  it('catch full quietly running synchronous=NORMAL within 50 power-loss seeds', {
    timeout: CANARY_TIMEOUT_MS,
  }, () => {
    const caught = firstCatch(quietlyNormalRedlite());
    console.log(`synchronous=NORMAL under full: caught at seed ${caught?.seed}`);
    expect(caught?.invariant).toBe('wal_durability');
    expect(caught?.message).toMatch(/acknowledged write\(s\) since the last checkpoint were lost/);
  });

  it('catch every second command skipping its sync within 50 power-loss seeds', {
    timeout: CANARY_TIMEOUT_MS,
  }, () => {
    const caught = firstCatch(skippedSyncRedlite());
    console.log(`a skipped sync under full: caught at seed ${caught?.seed}`);
    expect(caught?.invariant).toBe('wal_durability');
  });

  it('the real redlite loses no acknowledged write on the same 50 seeds, at 300 ops each', {
    timeout: CANARY_TIMEOUT_MS,
  }, () => {
    const failures: string[] = [];
    for (let seed = 1n; seed <= SEEDS; seed++) {
      const result = runSeed({ ...STRICT_FULL, seed, opsMax: 300 });
      if (result.failure !== null) failures.push(`${seed}: ${result.failure.message}`);
    }
    expect(failures).toEqual([]);
  });
});
