/**
 * WorldConfig: everything a seed decided about one world, as JSON-ready data. It is printed at
 * the start, stored in the trace header, and is all an executor needs besides the events.
 */
import type { KeyDistribution } from '../../scenarios/types.ts';
import type { Durability } from '../run-types.ts';
import type { FaultRates } from './fault-rates.ts';
import type { TargetKind } from './target-kind.ts';

export interface ClientProfile {
  readonly keyDistribution: KeyDistribution;
  /** For `hot`: the key index most ops go to, and how often. */
  readonly hotKey: number;
  readonly hotKeyRate: number;
  readonly thinkMsMax: number;
}

/** The seed's draw from the scenario's SessionProfile (scenarios/types.ts). */
export interface SessionMix {
  readonly multiRate: number;
  readonly casRate: number;
  readonly selectRate: number;
  readonly blockRate: number;
  readonly queuedMax: number;
}

export interface WorldConfig {
  readonly seed: string;
  readonly scenario: string;
  /** Virtual time at which the world starts, in Unix milliseconds. */
  readonly epochMs: number;
  readonly opsMax: number;
  readonly virtualMsMax: number;
  readonly clients: number;
  readonly keySpaceSize: number;
  readonly valueBytesMax: number;
  readonly thinkMsMax: number;
  readonly expiryRate: number;
  readonly edgeRate: number;
  readonly timeJumpRate: number;
  readonly timeJumpMsMax: number;
  readonly opOffRate: number;
  readonly durability: Durability;
  readonly walCheckpointPages: number;
  readonly expireCycleMsPeriod: number;
  readonly expireCycleKeysMax: number;
  readonly checkpointMsPeriod: number;
  readonly stateCheckMsPeriod: number;
  /** Full state comparisons during the run; one more always closes it. */
  readonly stateChecksMax: number;
  /** Enabled commands and their weights, in name order; swarm testing switched the rest off. */
  readonly opWeights: Readonly<Record<string, number>>;
  readonly clientProfiles: readonly ClientProfile[];
  /** Chance per client op of each fault kind (all 0 in a fault-free world). */
  readonly faults: FaultRates;
  /**
   * The one rate `--fault-rate` gave every kind that is on (the spec's `fault_rate`, as
   * `vopr simulate` sets it); absent when each kind's rate came from the scenario or its row.
   */
  readonly faultRate?: number;
  /** Acknowledged-but-lost commands fail the run under any durability mode (wal_durability). */
  readonly strictDurability: boolean;
  /**
   * A rotted WAL frame that makes recovery drop synced writes fails the run (wal_durability)
   * instead of being excused as the documented redlite weakness. Absent in older traces.
   */
  readonly strictRot?: boolean;
  /** Client ops of the liveness phase after the fault phase; 0 when faults are off. */
  readonly livenessOps: number;
  /** redlite's list position gap (its option of the same name; 1,000,000 in production). */
  readonly listPositionGap: number;
  /** redlite's active-expiry sample (its option of the same name; 20 in production). */
  readonly expireSampleKeys: number;
  /** Chance a list, set, hash or sorted-set write that adds elements goes deep; 0 in most seeds. */
  readonly deepCollectionRate: number;
  /** Most extra elements one deep op adds. */
  readonly deepBatchMax: number;
  /** Chance each redlite probe inside a command crashes the process; 0 unless crashes are on. */
  readonly rarePathCrashRate: number;
  /** Session patterns; absent in worlds without them, so their headers are as before. */
  readonly sessions?: SessionMix;
  /** `--target` when not direct (sim/config/target-kind.ts); absent in direct worlds. */
  readonly target?: TargetKind;
}
