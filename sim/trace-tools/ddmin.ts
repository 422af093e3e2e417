/**
 * ddmin: Zeller's delta debugging over a list, driven by an oracle that says whether a
 * candidate list still fails in the same way. It knows nothing of events or redlite; the
 * shrink passes use it over events, over clients and over fault events.
 *
 * This is the complement-first variant: at granularity n it tries removing each of n chunks,
 * then (only at n = 2, where it is cheap and often wins) keeping a single chunk. It stops when
 * the list is 1-minimal (no single element can go) or the budget is spent; a spent budget
 * leaves the smallest failing list found so far, which is still a valid result.
 *
 * The oracle is paced (sim/pacing.ts): each of its runs may pause so the host can handle a
 * signal, and `ddminSteps` passes the pauses through. `ddmin` takes a plain oracle and runs
 * straight through.
 */
import { finishNow, type Steps } from '../pacing.ts';
import type { ShrinkBudget } from './budget.ts';

/** True when `candidate` still shows the failure being shrunk. */
export type Oracle<T> = (candidate: readonly T[]) => boolean;

/** An oracle whose runs pause now and then (a world executed through sim/pacing.ts). */
export type StepOracle<T> = (candidate: readonly T[]) => Steps<boolean>;

/** A plain oracle as a paced one that never pauses. */
export function pacedOracle<T>(oracle: Oracle<T>): StepOracle<T> {
  // biome-ignore lint/correctness/useYield: a plain oracle has nothing to pause for
  return function* (candidate) {
    return oracle(candidate);
  };
}

/** Splits `items` into `n` contiguous chunks of nearly equal size (n <= items.length). */
export function chunk<T>(items: readonly T[], n: number): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = start + Math.floor((items.length - start) / (n - i));
    chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks;
}

/**
 * Returns a sublist of `items` (order kept) on which `oracle` still holds. The caller asserts
 * that `oracle(items)` holds; ddmin never calls the oracle on the full list.
 */
export function ddmin<T>(items: readonly T[], oracle: Oracle<T>, budget: ShrinkBudget): T[] {
  return finishNow(ddminSteps(items, pacedOracle(oracle), budget));
}

export function* ddminSteps<T>(items: readonly T[], oracle: StepOracle<T>, budget: ShrinkBudget): Steps<T[]> {
  let current = items.slice();
  let n = 2;
  // Each productive round removes at least one element and each unproductive one doubles n,
  // so rounds are bounded by length * log2(length); the budget bounds them further.
  const roundsMax = (items.length + 1) * (Math.ceil(Math.log2(items.length + 1)) + 2);
  for (let round = 0; round < roundsMax && current.length >= 2; round++) {
    const chunks = chunk(current, Math.min(n, current.length));
    let reduced = false;
    if (chunks.length === 2) {
      for (const piece of chunks) {
        if (!budget.spend()) return current;
        if (yield* oracle(piece)) {
          current = piece;
          n = 2;
          reduced = true;
          break;
        }
      }
    }
    if (!reduced) {
      for (let i = 0; i < chunks.length; i++) {
        const complement = chunks.filter((_, j) => j !== i).flat();
        if (!budget.spend()) return current;
        if (yield* oracle(complement)) {
          current = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (reduced) continue;
    if (n >= current.length) break;
    n = Math.min(current.length, n * 2);
  }
  return current;
}
