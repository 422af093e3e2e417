/**
 * The shrink passes, each a function from a failing event list to a smaller or simpler one
 * that still fails (as judged by the oracle). Each pass is bounded by the shared budget and
 * returns its input unchanged when nothing it tries keeps the failure.
 *
 * - `truncate`: events after the failing one never ran; cut them.
 * - `dropClients`: ddmin over whole clients (all of a client's ops go together).
 * - `dropFaults`: ddmin over fault events alone, every other event kept.
 * - `dropEvents`: ddmin over every event.
 * - `simplifyArgs`: per op, fewer variadic elements, shorter values, smaller integers.
 * - `renameKeys`: keys merged or renamed across all events.
 *
 * Passes are paced (sim/pacing.ts): they `yield*` into the oracle, whose runs may pause.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { Steps } from '../pacing.ts';
import { simplerArgvs } from './argv-simplify.ts';
import type { ShrinkBudget } from './budget.ts';
import { ddminSteps, type StepOracle } from './ddmin.ts';
import { keysByUse, renameCandidates, renameKey } from './key-rename.ts';
import { isFault, isOp, type ShrinkEvent, sameArg, withArgv } from './shrink-event.ts';

/** How often one op's argv may be simplified in a row (each success makes it strictly simpler). */
const SIMPLIFY_STEPS_PER_EVENT_MAX = 64;

export type Pass = <E extends ShrinkEvent>(
  events: readonly E[],
  oracle: StepOracle<E>,
  budget: ShrinkBudget,
) => Steps<E[]>;

export function* truncateAfter<E>(
  events: readonly E[],
  failingPosition: number,
  oracle: StepOracle<E>,
  budget: ShrinkBudget,
): Steps<E[]> {
  if (failingPosition < 0 || failingPosition >= events.length - 1) return events.slice();
  const prefix = events.slice(0, failingPosition + 1);
  if (!budget.spend()) return events.slice();
  return (yield* oracle(prefix)) ? prefix : events.slice();
}

export const dropClients: Pass = function* (events, oracle, budget) {
  const clients = [...new Set(events.filter(isOp).map((event) => event.client ?? -1))];
  if (clients.length < 2) return events.slice();
  const keep = (kept: readonly number[]) =>
    events.filter((event) => !isOp(event) || kept.includes(event.client ?? -1));
  const kept = yield* ddminSteps(clients, (candidate) => oracle(keep(candidate)), budget);
  return keep(kept);
};

export const dropFaults: Pass = function* (events, oracle, budget) {
  const faultPositions = events.flatMap((event, i) => (isFault(event) ? [i] : []));
  if (faultPositions.length === 0) return events.slice();
  const keep = (kept: readonly number[]) => events.filter((event, i) => !isFault(event) || kept.includes(i));
  // Dropping every fault is the most useful single answer; try it before splitting.
  if (budget.spend() && (yield* oracle(keep([])))) return keep([]);
  return keep(yield* ddminSteps(faultPositions, (candidate) => oracle(keep(candidate)), budget));
};

export const dropEvents: Pass = (events, oracle, budget) => ddminSteps(events, oracle, budget);

export const simplifyArgs: Pass = function* (events, oracle, budget) {
  let current = events.slice();
  for (let position = 0; position < current.length; position++) {
    for (let step = 0; step < SIMPLIFY_STEPS_PER_EVENT_MAX; step++) {
      const event = current[position];
      if (event === undefined || !isOp(event)) break;
      let simplified = false;
      for (const argv of simplerArgvs(event.argv as readonly Arg[])) {
        if (!budget.spend()) return current;
        const candidate = current.slice();
        candidate[position] = withArgv(event, argv);
        if (yield* oracle(candidate)) {
          current = candidate;
          simplified = true;
          break;
        }
      }
      if (!simplified) break;
    }
  }
  return current;
};

export const renameKeys: Pass = function* (events, oracle, budget) {
  let current = events.slice();
  const original = keysByUse(current);
  for (const key of original) {
    const keys = keysByUse(current);
    if (!keys.some((known) => sameArg(known, key))) continue;
    for (const to of renameCandidates(key, keys)) {
      if (!budget.spend()) return current;
      const candidate = renameKey(current, key, to);
      if (yield* oracle(candidate)) {
        current = candidate;
        break;
      }
    }
  }
  return current;
};
