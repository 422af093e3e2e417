/**
 * Bounds: a spent budget, in steps or wall time, gives `unknown` and says which limit ran out;
 * it never passes a history it did not finish, and limits are checked up front.
 */
import { describe, expect, it } from 'vitest';
import {
  CheckLimitError,
  checkHistory,
  checkLimits,
  LIMIT_ROWS,
} from '../../../sim/linearizability/index.ts';
import { history } from './histories.ts';

// Eight concurrent increments and a read that needs all of them: many orders to explore.
const INCREMENTS = [
  ...Array.from({ length: 8 }, (_, i) => [i, 0, 10, 'INCR n', `:${i + 1}`] as const),
  [8, 11, 12, 'GET n', '$8'] as const,
];

describe('the search budget', () => {
  it('decides the history with the default limits', () => {
    expect(checkHistory(history(INCREMENTS)).verdict).toBe('linearizable');
  });

  it('gives unknown, naming stepsMax, when the steps run out', () => {
    const report = checkHistory(history(INCREMENTS), { limits: { stepsMax: 3 } });
    expect(report.verdict).toBe('unknown');
    expect(report.partitions[0]?.unknownReason).toContain('stepsMax');
    expect(report.failure).toBeNull();
  });

  it('never turns a failing history into a pass when the budget runs out', () => {
    const failing = [...INCREMENTS.slice(0, 8), [8, 11, 12, 'GET n', '$7'] as const];
    expect(checkHistory(history(failing)).verdict).toBe('not-linearizable');
    expect(checkHistory(history(failing), { limits: { stepsMax: 3 } }).verdict).toBe('unknown');
  });

  it('gives unknown, naming wallMsMax, when an injected clock says the time is up', () => {
    let nowMs = 0;
    const clock = (): number => {
      nowMs += 1000;
      return nowMs;
    };
    // Ten concurrent writes and a read of a value never written: refuting it visits every
    // subset of the writes (thousands of steps), and the clock is read every few hundred.
    const many = [
      ...Array.from({ length: 10 }, (_, i) => [i, 0, 10, `SET x v${i}`, '+OK'] as const),
      [10, 11, 12, 'GET x', '$never'] as const,
    ];
    expect(checkHistory(history(many)).verdict).toBe('not-linearizable');
    const report = checkHistory(history(many), { limits: { wallMsMax: 1 }, nowMs: clock });
    expect(report.verdict).toBe('unknown');
    expect(report.partitions[0]?.unknownReason).toContain('wallMsMax');
  });

  it('gives unknown, naming statesMax, when the cache is full', () => {
    const report = checkHistory(history(INCREMENTS), { limits: { statesMax: 2 } });
    expect(report.verdict).toBe('unknown');
    expect(report.partitions[0]?.unknownReason).toContain('statesMax');
  });

  it('keeps the budget per partition: one hard partition does not starve another', () => {
    const rows = [...INCREMENTS, [9, 0, 1, 'SET other 1', '+OK'] as const];
    const report = checkHistory(history(rows), { limits: { stepsMax: 3 } });
    expect(report.partitions.map((partition) => partition.verdict)).toEqual(['unknown', 'linearizable']);
  });
});

describe('limits', () => {
  it('fills in every default', () => {
    const limits = checkLimits();
    for (const row of LIMIT_ROWS) expect(limits[row.name]).toBe(row.fallback);
  });

  it('rejects a bad value with an error naming the limit and the value', () => {
    for (const [name, value] of [
      ['stepsMax', 0],
      ['stepsMax', 1.5],
      ['wallMsMax', -1],
      ['windowMsMax', 2_000_000],
      ['spopChoicesMax', Number.NaN],
    ] as const) {
      expect(() => checkLimits({ [name]: value })).toThrow(CheckLimitError);
      expect(() => checkLimits({ [name]: value })).toThrow(`invalid ${name}: ${value}`);
    }
  });
});
