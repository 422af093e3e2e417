/**
 * The recovery checker: after every restart, the recovered files are read through redlite and
 * their full state compared with the candidate model states the fault allows, in order of
 * preference. A process crash allows the model (plus, for a crash mid-command, the model with
 * the in-flight op applied); a power loss allows the model after some prefix of the
 * acknowledged writes since the last checkpoint. The first candidate that matches is adopted.
 */

import { CRASH_RECOVERY_CONSISTENT } from '../checkers/crash-recovery-consistent.ts';
import { DumpError, dumpState, type KeyState } from '../checkers/state-dump.ts';
import { compareStates, type StateVerdict } from '../checkers/state-matches-model.ts';
import { thrownMessage } from '../checkers/target-never-throws.ts';
import type { RunFailure } from '../run-types.ts';
import type { ModelPort } from '../world/model-port.ts';
import type { World } from '../world/World.ts';

export interface Candidate {
  readonly model: ModelPort;
  /** For a prefix of the durability log: how many logged writes it keeps; null for the model. */
  readonly kept: number | null;
  /** The model with the in-flight command of a crash applied. */
  readonly inFlightApplied: boolean;
}

export type Recovered = { readonly candidate: Candidate } | { readonly failure: RunFailure };

/** The recovered target's state, or a failure when it cannot even be listed. */
export function dumpRecovered(
  world: World,
  eventIndex: number,
  what: string,
): Map<string, KeyState> | RunFailure {
  try {
    return dumpState((argv) => world.target.exec(argv));
  } catch (error) {
    if (world.unlistable(error)) return new Map();
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
  world: World,
  actual: Map<string, KeyState>,
  model: ModelPort,
): StateVerdict | null {
  const expected = model.dumpState?.() ?? dumpState((argv) => model.exec(argv));
  const mine = new Map(actual);
  world.dropCorrupted(mine, expected);
  return compareStates(mine, expected, world.expiry, world.clock.now());
}

/** Tries each candidate in turn; the first match wins, else a failure naming the first's diff. */
export function settle(
  world: World,
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
