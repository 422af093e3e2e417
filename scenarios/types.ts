/**
 * The shape of a named workload. A scenario is plain data: which command families it runs and
 * how often, the ranges the seed draws the world's knobs from, and the key distributions its
 * clients may use. It imports nothing else of the project, so the spec test and the config can
 * read it freely. Fault profiles belong to the faults subsystem and are left out here.
 */

/** Command families, as named by the op generators (sim/ops/types.ts `OpFamily`). */
export type ScenarioFamily = 'strings' | 'keys' | 'lists' | 'hashes' | 'sets' | 'zsets' | 'server';

export type KeyDistribution = 'uniform' | 'zipfian' | 'hot';

/** An inclusive range the seed draws one value from. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Relative weight per family; families left out never run. */
  readonly familyWeights: Readonly<Partial<Record<ScenarioFamily, number>>>;
  /** Extra weight multipliers for single commands (upper-case names), such as EXPIRE. */
  readonly commandBoosts?: Readonly<Record<string, number>>;
  readonly clients: Range;
  readonly keySpaceSize: Range;
  readonly valueBytesMax: Range;
  readonly thinkMsMax: Range;
  /** Probability that a generator attaches or sets an expiry where it can. */
  readonly expiryRate: Range;
  /** Probability that a client's next op comes after a virtual time jump. */
  readonly timeJumpRate: Range;
  readonly timeJumpMsMax: Range;
  readonly keyDistributions: readonly KeyDistribution[];
}
