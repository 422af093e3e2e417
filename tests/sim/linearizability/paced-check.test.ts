/**
 * The check as paced steps (sim/pacing.ts): a long search pauses every TURNS_PER_PAUSE turns
 * of its loop, so that a host (the CLI, on a signal) can stop it; stopped, it throws
 * RunInterruptedError and gives no verdict. Run straight, it is the very same check.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, checkHistorySteps } from '../../../sim/linearizability/index.ts';
import { TURNS_PER_PAUSE } from '../../../sim/linearizability/search.ts';
import { RunInterruptedError } from '../../../sim/pacing.ts';
import { history, type OpRow } from './histories.ts';

/** Enough keys for about two pauses (TURNS_PER_PAUSE turns each) in one search. */
const KEYS = 1000;

/**
 * Two concurrent SETs per key, then a GET saying which came last, all inside one DBSIZE that
 * joins every key into one partition: about 8,500 model steps, in one search.
 */
function rows(): OpRow[] {
  const all: OpRow[] = [[0, 0, 4 * KEYS + 1, 'DBSIZE', `:${KEYS}`]];
  for (let key = 0; key < KEYS; key++) {
    const t = 4 * key;
    all.push([1, t, t + 2, `SET k${key} a`, '+OK']);
    all.push([2, t, t + 2, `SET k${key} b`, '+OK']);
    all.push([3, t + 3, t + 3, `GET k${key}`, key % 2 === 0 ? '$a' : '$b']);
  }
  return all;
}

describe('the linearizability check, paced', () => {
  it('pauses during a long search, and straight it gives the same report', () => {
    const steps = checkHistorySteps(history(rows()));
    let pauses = 0;
    let next = steps.next();
    while (next.done !== true) {
      pauses++;
      next = steps.next(null);
    }
    const straight = checkHistory(history(rows()));
    expect(straight.verdict).toBe('linearizable');
    expect(next.value).toEqual(straight);
    expect(straight.partitions).toHaveLength(1);
    expect(straight.partitions[0]?.steps).toBeGreaterThan(TURNS_PER_PAUSE);
    expect(pauses).toBeGreaterThanOrEqual(1);
  });

  it('a stop reason sent at a pause ends it with RunInterruptedError, naming the reason', () => {
    const steps = checkHistorySteps(history(rows()));
    expect(steps.next().done).toBe(false);
    let thrown: unknown = null;
    try {
      steps.next('SIGINT');
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(RunInterruptedError);
    expect((thrown as RunInterruptedError).reason).toBe('SIGINT');
  });
});
