/**
 * The shrink engine: runs the passes in order over a failing event list, repeating the
 * cheap-to-retry ones while they make progress, and reports what each pass did. It takes the
 * oracle as a function, so it runs as well over a toy list in a unit test as over a trace
 * whose oracle re-executes redlite.
 *
 * It leaves out how events are executed and how the failure signature is compared; that is
 * the oracle's business (`shrink-trace.ts`). `shrinkEventSteps` is the paced form (the oracle's
 * runs may pause, sim/pacing.ts); `shrinkEvents` takes a plain oracle.
 */
import { finishNow, type Steps } from '../pacing.ts';
import type { ShrinkBudget } from './budget.ts';
import { type Oracle, pacedOracle, type StepOracle } from './ddmin.ts';
import type { ShrinkEvent } from './shrink-event.ts';
import {
  dropClients,
  dropEvents,
  dropFaults,
  type Pass,
  renameKeys,
  simplifyArgs,
  truncateAfter,
} from './shrink-passes.ts';

/** Full rounds of the passes; a round that changes nothing ends the shrink sooner. */
const ROUNDS_MAX = 4;

export interface PassReport {
  name: string;
  eventsBefore: number;
  eventsAfter: number;
  runs: number;
}

export interface ShrinkOutcome<E> {
  events: E[];
  originalCount: number;
  runs: number;
  elapsedMs: number;
  passes: PassReport[];
  /** True when the budget ran out before the passes reached a fixpoint. */
  budgetExhausted: boolean;
}

const PASSES: readonly { name: string; pass: Pass }[] = [
  { name: 'drop clients', pass: dropClients },
  { name: 'drop faults', pass: dropFaults },
  { name: 'drop events', pass: dropEvents },
  { name: 'simplify arguments', pass: simplifyArgs },
  { name: 'rename keys', pass: renameKeys },
];

/**
 * Shrinks `events`, which must fail (the caller checked once). `failingPosition`, when known,
 * is the list position of the failing event, so everything after it is cut in one run.
 */
export function shrinkEvents<E extends ShrinkEvent>(
  events: readonly E[],
  oracle: Oracle<E>,
  budget: ShrinkBudget,
  failingPosition = -1,
): ShrinkOutcome<E> {
  return finishNow(shrinkEventSteps(events, pacedOracle(oracle), budget, failingPosition));
}

export function* shrinkEventSteps<E extends ShrinkEvent>(
  events: readonly E[],
  oracle: StepOracle<E>,
  budget: ShrinkBudget,
  failingPosition = -1,
): Steps<ShrinkOutcome<E>> {
  const passes: PassReport[] = [];
  const record = (name: string, before: E[], after: E[], runsBefore: number): void => {
    passes.push({
      name,
      eventsBefore: before.length,
      eventsAfter: after.length,
      runs: budget.runs - runsBefore,
    });
  };
  let current = events.slice();
  const runsAtStart = budget.runs;
  const truncated = yield* truncateAfter(current, failingPosition, oracle, budget);
  record('truncate after failure', current, truncated, runsAtStart);
  current = truncated;
  for (let round = 0; round < ROUNDS_MAX && !budget.exhausted(); round++) {
    const before = current;
    for (const { name, pass } of PASSES) {
      if (budget.exhausted()) break;
      const runsBefore = budget.runs;
      const after = yield* pass(current, oracle, budget);
      record(name, current, after, runsBefore);
      current = after;
    }
    if (sameEvents(before, current)) break;
  }
  return {
    events: current,
    originalCount: events.length,
    runs: budget.runs,
    elapsedMs: budget.elapsedMs(),
    passes,
    budgetExhausted: budget.exhausted(),
  };
}

/** Passes return the same event objects when they change nothing, so identity suffices. */
function sameEvents<E>(a: readonly E[], b: readonly E[]): boolean {
  return a.length === b.length && a.every((event, i) => event === b[i]);
}
