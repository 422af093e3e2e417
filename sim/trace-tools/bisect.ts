/**
 * Bisect: finds the first event after which redlite's state differs from the model's, by a
 * binary search over prefixes. Each probe executes a prefix on a fresh world; executeEvents
 * ends every passing run with a full state comparison, so "the prefix fails" means "the state
 * had diverged by its last event". Prefixes shorter than the failing event replay exactly as
 * the original run did, so they can only fail at that final comparison.
 *
 * The search assumes that divergence persists: a later write could heal a corrupted key, and
 * then the search finds some diverging event, not necessarily the first. The result says which
 * probes it made, so a reader can check.
 *
 * When the failure is a power loss that lost acknowledged writes (wal_durability), the state
 * agrees up to the power loss itself, so the result also names the lost writes and their keys
 * (lost-writes.ts). `bisectSteps` is the paced form (sim/pacing.ts); a signal that stops one
 * of its probes throws RunInterruptedError.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import { finishNow, type Steps } from '../pacing.ts';
import type { RunFailure } from '../run-types.ts';
import type { TracedEvent } from '../trace/format.ts';
import { defaultOpCatalogue, defaultReadCommands } from '../world/defaults.ts';
import { judgedRunSteps, type TraceRunParts } from './execute-trace.ts';
import { type LostWrites, lostWrites } from './lost-writes.ts';

/** Neighbours shown on each side of the diverging event. */
export const NEIGHBOURS = 3;

export interface Probe {
  /** Events executed: the prefix [0, length). */
  length: number;
  failure: RunFailure | null;
}

export interface BisectResult {
  /** The failure of the whole trace, which bisect explains. */
  failure: RunFailure;
  /** List position of the first event after which state differed, or null if state agreed until the failure. */
  divergedAt: number | null;
  /** The state comparison's diff after that event (keys and fields that differ). */
  stateDiff: RunFailure | null;
  /** The diverging event with its neighbours, recorded replies included. */
  neighbourhood: { position: number; entry: TracedEvent }[];
  /** The failing event as recorded, when the failure is at an event. */
  failingEntry: TracedEvent | null;
  /** List position of the failing event; null when the failure is the final comparison. */
  failingPosition: number | null;
  /** For a failure at an event (not the final comparison): did state differ before it? */
  divergedBeforeFailure: boolean;
  probes: Probe[];
  /** For a power loss that lost acknowledged writes: which writes and keys; else null. */
  lost: LostWrites | null;
}

export class BisectNotFailingError extends Error {
  constructor(seed: string) {
    super(`nothing to bisect: the trace of seed ${seed} passes`);
    this.name = 'BisectNotFailingError';
  }
}

export function bisectTrace(
  config: WorldConfig,
  traced: readonly TracedEvent[],
  parts: TraceRunParts = {},
): BisectResult {
  return finishNow(bisectSteps(config, traced, parts));
}

export function* bisectSteps(
  config: WorldConfig,
  traced: readonly TracedEvent[],
  parts: TraceRunParts = {},
): Steps<BisectResult> {
  const events = traced.map((entry) => entry.event);
  const probes: Probe[] = [];
  const probe = function* (length: number): Steps<RunFailure | null> {
    const failure = (yield* judgedRunSteps(config, events.slice(0, length), parts)).failure;
    probes.push({ length, failure });
    return failure;
  };
  const failure = yield* probe(events.length);
  if (failure === null) throw new BisectNotFailingError(config.seed);
  // Prefixes that stop before the failing event; a final-comparison failure names an index
  // past the last event, so every prefix is a candidate then.
  const failingPosition = events.findIndex((event) => event.index === failure.event_index);
  const candidates = failingPosition < 0 ? events.length : failingPosition;
  // Invariant: prefix `high` diverged (or high is the whole candidate range), prefix `low` did not.
  let low = 0;
  let high = candidates;
  let highFailure: RunFailure | null = failingPosition < 0 ? failure : null;
  if (failingPosition >= 0 && candidates > 0) {
    highFailure = yield* probe(candidates);
    if (highFailure === null) high = candidates + 1;
  }
  const searchesMax = Math.ceil(Math.log2(events.length + 1)) + 1;
  for (let step = 0; step < searchesMax && high - low > 1 && high <= candidates; step++) {
    const middle = Math.floor((low + high) / 2);
    const middleFailure = yield* probe(middle);
    if (middleFailure === null) low = middle;
    else {
      high = middle;
      highFailure = middleFailure;
    }
  }
  const diverged = high <= candidates && highFailure !== null && high > 0;
  const divergedAt = diverged ? high - 1 : null;
  const centre = divergedAt ?? failingPosition;
  const from = Math.max(0, centre - NEIGHBOURS);
  const to = Math.min(traced.length, centre + NEIGHBOURS + 1);
  return {
    failure,
    divergedAt,
    stateDiff: diverged ? highFailure : null,
    neighbourhood: traced.slice(from, to).map((entry, i) => ({ position: from + i, entry })),
    failingEntry: traced[failingPosition] ?? null,
    failingPosition: failingPosition < 0 ? null : failingPosition,
    divergedBeforeFailure: failingPosition >= 0 && diverged,
    probes,
    lost: lostWrites(failure, traced, defaultReadCommands(parts.opCatalogue ?? defaultOpCatalogue())),
  };
}
