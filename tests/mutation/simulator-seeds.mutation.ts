/**
 * The "test suite" that mutation testing (`npm run mutate`, stryker.config.mjs) runs against
 * each mutant of redlite: the simulator itself, on a fixed set of seeds across every scenario,
 * fault-free and faulty. A mutant is killed when some seed's verdict changes: a reply that
 * disagrees with the model, a state check, the storage audit, a crash or power-loss recovery
 * check, or a world that halts or throws where the real redlite runs to the end. The score
 * therefore measures the simulator's power to notice a wrong redlite, not this file's.
 *
 * It runs in one process under vitest.mutation.config.ts only, never in `vitest run` (its name
 * does not end in `.test.ts`), because one pass takes seconds per mutant and a run takes hours.
 *
 * Left out: the Redis differential tests and the unit tests of tests/redlite, which would
 * measure those suites rather than the simulator; and the linearizability worlds of several
 * processes, whose seeds are slower than the whole set here.
 *
 * Every test name is unique and no name is a prefix of another, because Stryker selects the
 * tests that cover a mutant by a regular expression over their names.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from '../../scenarios/index.ts';
import { runSeed } from '../../sim/run.ts';
import { MUTATION_SEEDS } from './seed-set.ts';

describe('the simulator on a fixed seed set, as the oracle for mutation testing', () => {
  it('covers every scenario in the catalogue', () => {
    expect(new Set(MUTATION_SEEDS.map((entry) => entry.scenario))).toEqual(new Set(SCENARIO_NAMES));
  });

  for (const { scenario, seed, opsMax } of MUTATION_SEEDS) {
    it(`passes seed ${seed} of ${scenario} in full`, () => {
      const result = runSeed({ seed, scenario, opsMax, logLevel: 'silent' });
      // The failure itself is the most useful message when a mutant is killed by hand.
      expect(result.failure).toBeNull();
      expect(result.stopped_by ?? null).toBeNull();
      expect(result.complete).toBe(true);
    });
  }
});
