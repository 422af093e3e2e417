/**
 * Shrinking a failing trace: the oracle re-executes an edited event list through the same
 * executor as the run and asks whether it still fails with the same invariant (the failure
 * signature; the event index and message may change as events go). The minimized list is then
 * executed once more so the caller gets its trace, replies and outcome to write out.
 *
 * `shrinkTraceSteps` is paced (sim/pacing.ts), so a signal can stop a shrink: every list the
 * oracle accepted is smaller or simpler than the one before, so the last one accepted is the
 * smallest failing list found so far; a stopped shrink returns it, with the execution that
 * showed it fail, marked `interruptedBy`. `shrinkTrace` runs straight through.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import type { Execution } from '../execute-events.ts';
import { finishNow, RunInterruptedError, type Steps } from '../pacing.ts';
import type { RunFailure } from '../run-types.ts';
import type { ShrinkBudget } from './budget.ts';
import type { StepOracle } from './ddmin.ts';
import { executeTraceSteps, judgedRunSteps, type TraceRunParts } from './execute-trace.ts';
import { type ShrinkOutcome, shrinkEventSteps } from './shrink-engine.ts';

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
  /** The signal that stopped the shrink early, or null; `minimized` is then the best found so far. */
  interruptedBy: string | null;
}

/** The oracle: does `events` still fail with `invariant`? `onFailing` sees each list that does. */
export function failureOracle(
  config: WorldConfig,
  invariant: string,
  parts: TraceRunParts,
  onThrow: (error: Error) => void,
  onFailing: (events: readonly SimEvent[], execution: Execution) => void = () => {},
): StepOracle<SimEvent> {
  return function* (events) {
    let execution: Execution;
    try {
      execution = yield* judgedRunSteps(config, events, parts);
    } catch (error) {
      if (error instanceof RunInterruptedError) throw error;
      // An edited list can be one the simulator rejects (say, an op whose argv a model
      // assertion refuses); it is not the failure being shrunk.
      onThrow(error as Error);
      return false;
    }
    if (execution.failure?.invariant !== invariant) return false;
    onFailing(events, execution);
    return true;
  };
}

export function* shrinkTraceSteps(
  config: WorldConfig,
  events: readonly SimEvent[],
  budget: ShrinkBudget,
  parts: TraceRunParts = {},
): Steps<TraceShrinkResult> {
  const first = yield* judgedRunSteps(config, events, parts);
  if (first.failure === null) throw new NotFailingError(`the trace of seed ${config.seed} passes`);
  const original = first.failure;
  let thrownRuns = 0;
  let best = { events, execution: first };
  const oracle = failureOracle(
    config,
    original.invariant,
    parts,
    () => thrownRuns++,
    (failing, execution) => {
      best = { events: failing, execution };
    },
  );
  const failingPosition = events.findIndex((event) => event.index === original.event_index);
  let outcome: ShrinkOutcome<SimEvent>;
  try {
    outcome = yield* shrinkEventSteps(events, oracle, budget, failingPosition);
  } catch (error) {
    if (!(error instanceof RunInterruptedError)) throw error;
    const stopped: ShrinkOutcome<SimEvent> = {
      events: best.events.slice(),
      originalCount: events.length,
      runs: budget.runs,
      elapsedMs: budget.elapsedMs(),
      passes: [],
      budgetExhausted: false,
    };
    return { outcome: stopped, original, minimized: best.execution, thrownRuns, interruptedBy: error.reason };
  }
  const minimized = yield* executeTraceSteps(config, outcome.events, parts);
  if (minimized.stoppedBy !== null) {
    return { outcome, original, minimized: best.execution, thrownRuns, interruptedBy: minimized.stoppedBy };
  }
  if (minimized.failure?.invariant !== original.invariant) {
    throw new ShrinkLostFailureError(original.invariant, minimized.failure);
  }
  return { outcome, original, minimized, thrownRuns, interruptedBy: null };
}

export function shrinkTrace(
  config: WorldConfig,
  events: readonly SimEvent[],
  budget: ShrinkBudget,
  parts: TraceRunParts = {},
): TraceShrinkResult {
  return finishNow(shrinkTraceSteps(config, events, budget, parts));
}
