/**
 * The shrink engine on toy event lists with pure oracles: ddmin finds 1-minimal sublists,
 * the budget bounds every pass, and the argument passes simplify without losing the failure.
 * Redlite-backed shrinking is in shrink-planted.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Arg } from '../../../redlite/reply.ts';
import {
  fewerElements,
  shorterValues,
  simplerArgvs,
  smallerIntegers,
} from '../../../sim/trace-tools/argv-simplify.ts';
import { ShrinkBudget, ShrinkLimitError } from '../../../sim/trace-tools/budget.ts';
import { chunk, ddmin } from '../../../sim/trace-tools/ddmin.ts';
import { keysByUse, renameKey } from '../../../sim/trace-tools/key-rename.ts';
import { shrinkEvents } from '../../../sim/trace-tools/shrink-engine.ts';
import type { ShrinkEvent } from '../../../sim/trace-tools/shrink-event.ts';

const unbounded = () =>
  new ShrinkBudget({ runsMax: 1_000_000, wallMsMax: Number.POSITIVE_INFINITY }, () => 0);

type Toy = ShrinkEvent & { id: number };

function op(id: number, client: number, ...argv: Arg[]): Toy {
  return { id, kind: 'op', client, argv };
}

describe('ddmin', () => {
  it('splits into near-equal contiguous chunks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    expect(chunk([1, 2, 3], 3)).toEqual([[1], [2], [3]]);
  });

  it('finds the two elements whose presence together causes the failure', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const oracle = (candidate: readonly number[]) => candidate.includes(137) && candidate.includes(802);
    expect(ddmin(items, oracle, unbounded())).toEqual([137, 802]);
  });

  it('returns a 1-minimal list for an order-dependent failure', () => {
    const items = Array.from({ length: 200 }, (_, i) => i);
    // Fails when some element divisible by 7 comes before some element divisible by 11 (> 0).
    const oracle = (candidate: readonly number[]) => {
      const first7 = candidate.findIndex((n) => n % 7 === 0);
      return first7 >= 0 && candidate.slice(first7 + 1).some((n) => n % 11 === 0 && n > 0);
    };
    const result = ddmin(items, oracle, unbounded());
    expect(oracle(result)).toBe(true);
    for (let i = 0; i < result.length; i++) expect(oracle(result.filter((_, j) => j !== i))).toBe(false);
  });

  it('stops at the run budget and still returns a failing list', () => {
    const budget = new ShrinkBudget({ runsMax: 5, wallMsMax: Number.POSITIVE_INFINITY }, () => 0);
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const oracle = (candidate: readonly number[]) => candidate.includes(500);
    const result = ddmin(items, oracle, budget);
    expect(budget.runs).toBe(5);
    expect(result).toContain(500);
    expect(result.length).toBeLessThan(1000);
  });

  it('stops at the time budget', () => {
    let nowMs = 0;
    const budget = new ShrinkBudget({ runsMax: 1000, wallMsMax: 50 }, () => nowMs);
    const oracle = (candidate: readonly number[]) => {
      nowMs += 10;
      return candidate.includes(3);
    };
    ddmin(
      Array.from({ length: 100 }, (_, i) => i),
      oracle,
      budget,
    );
    expect(budget.runs).toBe(5);
    expect(budget.exhausted()).toBe(true);
  });

  it('rejects invalid limits naming the option', () => {
    expect(() => new ShrinkBudget({ runsMax: 0, wallMsMax: 1 }, () => 0)).toThrow(ShrinkLimitError);
    expect(() => new ShrinkBudget({ runsMax: 1, wallMsMax: -1 }, () => 0)).toThrow(/wallMsMax: -1/);
  });
});

describe('argument simplification', () => {
  it('proposes smaller integers towards zero only', () => {
    expect(smallerIntegers(100n)).toEqual([0n, 1n, 50n, 99n]);
    expect(smallerIntegers(-8n)).toEqual([0n, 1n, -4n, 8n]);
    expect(smallerIntegers(0n)).toEqual([]);
    expect(smallerIntegers(1n)).toEqual([0n]);
  });

  it('proposes shorter values, keeping strings as strings and buffers as buffers', () => {
    expect(shorterValues('hello world')).toEqual(['', 'v', 'hello']);
    const binary = shorterValues(Buffer.from([1, 2, 3, 4, 5, 6]));
    expect(binary.map((b) => Buffer.isBuffer(b))).toEqual([true, true, true]);
    expect(shorterValues('')).toEqual([]);
  });

  it('drops groups of variadic commands and leaves keywords and names alone', () => {
    expect(fewerElements(['RPUSH', 'l', 'a', 'b', 'c'])[0]).toEqual(['RPUSH', 'l', 'a']);
    expect(fewerElements(['MSET', 'a', '1', 'b', '2'])[0]).toEqual(['MSET', 'a', '1']);
    expect(fewerElements(['ZADD', 'z', 'NX', '1', 'a', '2', 'b'])[0]).toEqual(['ZADD', 'z', 'NX', '1', 'a']);
    expect(fewerElements(['GET', 'k'])).toEqual([]);
    const all = simplerArgvs(['SET', 'key', 'value', 'EX', '100']);
    expect(all.every((argv) => argv[0] === 'SET' && argv[3] === 'EX')).toBe(true);
    expect(all).toContainEqual(['SET', 'key', 'value', 'EX', '0']);
  });

  it('renames keys everywhere at once and counts their uses', () => {
    const events: Toy[] = [
      op(0, 0, 'SET', 'alpha', '1'),
      op(1, 0, 'DEL', 'beta', 'alpha'),
      op(2, 0, 'GET', 'alpha'),
    ];
    expect(keysByUse(events)).toEqual(['alpha', 'beta']);
    const renamed = renameKey(events, 'alpha', 'k0');
    expect(renamed.map((event) => event.argv)).toEqual([
      ['SET', 'k0', '1'],
      ['DEL', 'beta', 'k0'],
      ['GET', 'k0'],
    ]);
  });
});

describe('shrinkEvents', () => {
  /** A toy "redlite" bug: INCR on a key after an LPUSH with 3+ elements to that key fails. */
  function fails(events: readonly Toy[]): boolean {
    const longLists = new Set<string>();
    for (const event of events) {
      if (event.kind !== 'op' || !event.argv) continue;
      const [name, key] = event.argv.map(String);
      if (name === 'LPUSH' && event.argv.length >= 5) longLists.add(String(key));
      if (name === 'INCR' && longLists.has(String(key))) return true;
    }
    return false;
  }

  it('shrinks a noisy multi-client trace with faults to the two events that matter', () => {
    const events: Toy[] = [];
    for (let i = 0; i < 600; i++) {
      const client = i % 8;
      if (i % 97 === 5) events.push({ id: i, kind: 'fault', client: -1 });
      else if (i === 100)
        events.push(op(i, client, 'LPUSH', 'some-long-key-name', 'x'.repeat(300), 'b', 'c', 'd'));
      else if (i === 400) events.push(op(i, client, 'INCR', 'some-long-key-name'));
      else events.push(op(i, client, 'SET', `key:${i % 13}`, String(i * 31)));
    }
    expect(fails(events)).toBe(true);
    const outcome = shrinkEvents(events, fails, unbounded(), 400);
    expect(outcome.originalCount).toBe(600);
    expect(outcome.events.map((event) => event.argv)).toEqual([
      ['LPUSH', 'k0', '', '', ''],
      ['INCR', 'k0'],
    ]);
    expect(fails(outcome.events)).toBe(true);
    expect(outcome.passes[0]?.eventsAfter).toBe(401);
    expect(outcome.budgetExhausted).toBe(false);
  });

  it('keeps a fault event that the failure needs', () => {
    const events: Toy[] = Array.from({ length: 50 }, (_, i) =>
      i === 20 ? { id: i, kind: 'fault' } : op(i, i % 3, 'GET', `k${i}`),
    );
    const needsFault = (candidate: readonly Toy[]) =>
      candidate.some((event) => event.kind === 'fault' && event.id === 20);
    const outcome = shrinkEvents(events, needsFault, unbounded());
    expect(outcome.events).toEqual([{ id: 20, kind: 'fault' }]);
  });
});
