/**
 * crash_recovery_consistent: after every restart (process crash, power loss, the liveness
 * restart) the recovered store, read through redlite, equals a state the fault allows. The
 * fault driver lists the candidates in order of preference: after a crash, the model (and,
 * for a crash mid-command, the model with the in-flight op applied, never half of it); after
 * a power loss, also the model at each prefix of the acknowledged writes since the last
 * checkpoint, from the last sync on. The first candidate that matches is the one adopted.
 *
 * It judges whole states, not replies (every database a session may have written to, see
 * database-dumps.ts), and leaves corrupted keys out of both sides (see
 * CorruptionLedger): rot may make keys unreadable, which silent_corruption allows. How many
 * acknowledged writes a recovery may lose is wal_durability's question, and what happens when
 * no candidate matches after WAL rot or misplaced sectors is the fault driver's.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { RunFailure } from '../run-types.ts';
import type { ModelPort } from '../world/model-port.ts';
import type { CorruptionPort } from './CorruptionLedger.ts';
import { modelDump, targetDump } from './database-dumps.ts';
import type { ExpiryShadow } from './ExpiryShadow.ts';
import { DumpError, type KeyState } from './state-dump.ts';
import { compareStates, type StateVerdict } from './state-matches-model.ts';
import { thrownMessage } from './target-never-throws.ts';

export const CRASH_RECOVERY_CONSISTENT = 'crash_recovery_consistent';

/** What the check reads of the world after a restart. */
export interface RecoveredWorld {
  readonly target: { exec(argv: Arg[], db?: number): Reply };
  readonly expiry: ExpiryShadow;
  readonly clock: { now(): number };
  readonly corruption: Pick<CorruptionPort, 'leaveOutCorrupted'>;
  /** How many databases the comparison covers (database-dumps.ts); 1 when absent. */
  databasesCompared?(): number;
  /** True when a dump error means corruption made the store unlistable (then it is excused). */
  unlistable(error: unknown): boolean;
}

export interface Candidate {
  readonly model: ModelPort;
  /** For a prefix of the durability log: how many logged writes it keeps; null for the model. */
  readonly kept: number | null;
  /** The model with the in-flight command of a crash applied. */
  readonly inFlightApplied: boolean;
}

export type Recovered = { readonly candidate: Candidate } | { readonly failure: RunFailure };

/**
 * What a recovered store that corruption made unlistable (its SCAN answers an error) gives
 * instead of a state: an error for the whole key space, never wrong data, so there is nothing
 * to compare this time.
 */
export const UNLISTABLE = 'unlistable';

/** The recovered target's state, UNLISTABLE, or a failure when it cannot be listed otherwise. */
export function dumpRecovered(
  world: RecoveredWorld,
  eventIndex: number,
  what: string,
): Map<string, KeyState> | typeof UNLISTABLE | RunFailure {
  try {
    return targetDump((argv, db) => world.target.exec(argv, db), world.databasesCompared?.() ?? 1);
  } catch (error) {
    if (world.unlistable(error)) return UNLISTABLE;
    const detail = error instanceof DumpError ? error.message : thrownMessage('a state dump', error);
    return {
      invariant: CRASH_RECOVERY_CONSISTENT,
      event_index: eventIndex,
      message: `after ${what}: the recovered store cannot be read: ${detail}`,
    };
  }
}

/** Compares the recovered state with one candidate; null when they match. */
export function verdictFor(
  world: RecoveredWorld,
  actual: Map<string, KeyState>,
  model: ModelPort,
): StateVerdict | null {
  const expected = modelDump(model, world.databasesCompared?.() ?? 1);
  const mine = new Map(actual);
  world.corruption.leaveOutCorrupted(mine, expected);
  return compareStates(mine, expected, world.expiry, world.clock.now());
}

/** Tries each candidate in turn; the first match wins, else a failure naming the first's diff. */
export function settle(
  world: RecoveredWorld,
  actual: Map<string, KeyState>,
  candidates: Iterable<Candidate>,
  eventIndex: number,
  what: string,
): Recovered {
  let first: StateVerdict | null = null;
  let tried = 0;
  for (const candidate of candidates) {
    tried++;
    const verdict = verdictFor(world, actual, candidate.model);
    if (verdict === null) return { candidate };
    first ??= verdict;
  }
  const diff = first?.message.replace(/^state check: /, '') ?? 'no candidate';
  return {
    failure: {
      invariant: CRASH_RECOVERY_CONSISTENT,
      event_index: eventIndex,
      message: `after ${what}: the recovered state matches none of the ${tried} states the fault allows; against the full model: ${diff}`,
      ...(first === null ? {} : { expected: first.expected, actual: first.actual }),
    },
  };
}
