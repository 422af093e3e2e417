/**
 * Shrinking a failing trace: the oracle re-executes an edited event list through the same
 * executor as the run and asks whether it still fails with the same invariant (the failure
 * signature; the event index and message may change as events go). The minimized list is then
 * executed once more so the caller gets its trace, replies and outcome to write out.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import type { Execution } from '../execute-events.ts';
import type { RunFailure } from '../run-types.ts';
import type { ShrinkBudget } from './budget.ts';
import type { Oracle } from './ddmin.ts';
import { executeTraceEvents, type TraceRunParts } from './execute-trace.ts';
import { type ShrinkOutcome, shrinkEvents } from './shrink-engine.ts';

export class NotFailingError extends Error {
  constructor(what: string) {
    super(`nothing to shrink: ${what}`);
    this.name = 'NotFailingError';
  }
}

export class ShrinkLostFailureError extends Error {
  constructor(invariant: string, now: RunFailure | null) {
    super(
      `the minimized trace no longer fails with ${invariant} (${now === null ? 'it passed' : `it failed with ${now.invariant}`}); the target is not deterministic`,
    );
    this.name = 'ShrinkLostFailureError';
  }
}

export interface TraceShrinkResult {
  outcome: ShrinkOutcome<SimEvent>;
  /** The failure being shrunk, from the first run of the full trace. */
  original: RunFailure;
  /** The minimized list executed once more: its trace and its failure. */
  minimized: Execution;
  /** Oracle runs that threw instead of judging; each counts as "does not fail the same way". */
  thrownRuns: number;
}

export function failureOracle(
  config: WorldConfig,
  invariant: string,
  parts: TraceRunParts,
  onThrow: (error: Error) => void,
): Oracle<SimEvent> {
  return (events) => {
    try {
      return executeTraceEvents(config, events, parts).failure?.invariant === invariant;
    } catch (error) {
      // An edited list can be one the simulator rejects (say, an op whose argv a model
      // assertion refuses); it is not the failure being shrunk.
      onThrow(error as Error);
      return false;
    }
  };
}

export function shrinkTrace(
  config: WorldConfig,
  events: readonly SimEvent[],
  budget: ShrinkBudget,
  parts: TraceRunParts = {},
): TraceShrinkResult {
  const first = executeTraceEvents(config, events, parts);
  if (first.failure === null) throw new NotFailingError(`the trace of seed ${config.seed} passes`);
  const original = first.failure;
  let thrownRuns = 0;
  const oracle = failureOracle(config, original.invariant, parts, () => thrownRuns++);
  const failingPosition = events.findIndex((event) => event.index === original.event_index);
  const outcome = shrinkEvents(events, oracle, budget, failingPosition);
  const minimized = executeTraceEvents(config, outcome.events, parts);
  if (minimized.failure?.invariant !== original.invariant) {
    throw new ShrinkLostFailureError(original.invariant, minimized.failure);
  }
  return { outcome, original, minimized, thrownRuns };
}
