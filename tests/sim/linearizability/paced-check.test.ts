/**
 * The check as paced steps (sim/pacing.ts): a long search pauses every TURNS_PER_PAUSE turns
 * of its loop, so that a host (the CLI, on a signal) can stop it; stopped, it throws
 * RunInterruptedError and gives no verdict. Run straight, it is the very same check.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, checkHistorySteps } from '../../../sim/linearizability/index.ts';
import { TURNS_PER_PAUSE } from '../../../sim/linearizability/search.ts';
import { RunInterruptedError } from '../../../sim/pacing.ts';
import { history, wideRows } from './histories.ts';

/**
 * histories.ts's wide partition over this many keys: about 8,500 model steps in one search,
 * several pauses.
 */
const KEYS = 1000;

describe('the linearizability check, paced', () => {
  it('pauses during a long search, and straight it gives the same report', () => {
    const steps = checkHistorySteps(history(wideRows(KEYS)));
    let pauses = 0;
    let next = steps.next();
    while (next.done !== true) {
      pauses++;
      next = steps.next(null);
    }
    const straight = checkHistory(history(wideRows(KEYS)));
    expect(straight.verdict).toBe('linearizable');
    expect(next.value).toEqual(straight);
    expect(straight.partitions).toHaveLength(1);
    expect(straight.partitions[0]?.steps).toBeGreaterThan(TURNS_PER_PAUSE);
    expect(pauses).toBeGreaterThanOrEqual(1);
  });

  it('a stop reason sent at a pause ends it with RunInterruptedError, naming the reason', () => {
    const steps = checkHistorySteps(history(wideRows(KEYS)));
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
