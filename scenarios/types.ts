/**
 * The shape of a named workload. A scenario is plain data: which command families it runs and
 * how often, the ranges the seed draws the world's knobs from, and the key distributions its
 * clients may use. It imports nothing else of the project, so the spec test and the config can
 * read it freely. A fault scenario adds a fault profile: which fault kinds a seed may switch on
 * and the range each one's rate is drawn from (sim/config/fault-rates.ts).
 */

/** Command families, as named by the op generators (sim/ops/types.ts `OpFamily`). */
export type ScenarioFamily = 'strings' | 'keys' | 'lists' | 'hashes' | 'sets' | 'zsets' | 'server';

export type KeyDistribution = 'uniform' | 'zipfian' | 'hot';

/** An inclusive range the seed draws one value from. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** One fault kind in a profile: the chance a seed switches it on, and its rate per client op. */
export interface FaultRange extends Range {
  readonly onChance: number;
}

/**
 * Fault kinds by the names `--faults` uses; kinds left out never fire. scenarios/ imports nothing
 * of ours, so the kinds are spelled here; a test holds them equal to sim/config/fault-vocabulary.ts.
 */
export type FaultProfile = Readonly<
  Partial<
    Record<
      | 'crash'
      | 'power-loss'
      | 'bit-rot'
      | 'misdirected-write'
      | 'disk-full'
      | 'io-error'
      | 'slow-disk'
      | 'memory-pressure'
      | 'connection-drop'
      | 'read-error'
      | 'write-error'
      | 'short-write'
      | 'enospc'
      | 'fsync-failure'
      | 'torn-read'
      | 'crash-mid-io',
      FaultRange
    >
  >
>;

/**
 * How often each client starts a connection-level pattern instead of a plain command, as
 * chances per op: a MULTI…EXEC block, a WATCH check-and-set, a SELECT, a blocking pop.
 * Scenarios without it run no session commands, and their worlds are exactly as before.
 */
export interface SessionProfile {
  readonly multiRate: Range;
  readonly casRate: Range;
  readonly selectRate: Range;
  readonly blockRate: Range;
  /** Commands queued by one MULTI block, at most. */
  readonly queuedMax: Range;
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
  /** The fault profile; absent for the fault-free workloads. */
  readonly faults?: FaultProfile;
  /** Session patterns (transactions, WATCH, SELECT, blocking pops); absent: none. */
  readonly sessions?: SessionProfile;
  /** The ops of the liveness phase that follows the fault phase (only with faults on). */
  readonly livenessOps?: Range;
  /** Periods the active-expiry timer draws from (five of them); absent means the usual five. */
  readonly expireCycleMsPeriods?: readonly number[];
  /** redlite processes sharing the database file; absent means exactly one. */
  readonly processes?: Range;
  /** With several processes: the chance an op pauses between two statements for the others. */
  readonly switchRate?: Range;
}
