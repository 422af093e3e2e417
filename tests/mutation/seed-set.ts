/**
 * The seeds that mutation testing runs against every mutant of redlite
 * (tests/mutation/simulator-seeds.mutation.ts). Each seed passes, and runs to the end, on the
 * real redlite; a mutant is killed when one of them no longer does.
 *
 * The set is a trade of strength for time. Each entry costs a few hundred milliseconds, and a
 * surviving mutant pays for every entry that reaches its line, so the set stays near a dozen
 * worlds: one per scenario, the collection families twice (their commands hold most of
 * redlite/commands), each world short enough that a run over redlite/commands/ finishes in
 * about an hour on two cores. Grow it when a survivor shows a command form no seed reaches.
 */
export interface MutationSeed {
  readonly scenario: string;
  readonly seed: bigint;
  /** The fault phase's client ops; fault scenarios add their liveness ops on top. */
  readonly opsMax: number;
}

const OPS_PER_WORLD = 300;

function worlds(scenario: string, seeds: readonly bigint[]): MutationSeed[] {
  return seeds.map((seed) => ({ scenario, seed, opsMax: OPS_PER_WORLD }));
}

export const MUTATION_SEEDS: readonly MutationSeed[] = [
  ...worlds('kv', [1n]),
  ...worlds('lists', [1n, 2n]),
  ...worlds('hashes', [1n, 2n]),
  ...worlds('sets', [1n, 2n]),
  ...worlds('zsets', [1n, 2n]),
  ...worlds('expiry', [1n]),
  ...worlds('mixed', [1n]),
  ...worlds('crash', [1n]),
  ...worlds('power-loss', [1n]),
  ...worlds('disk-full', [1n]),
  ...worlds('corruption', [1n]),
  ...worlds('hostile', [1n]),
];
