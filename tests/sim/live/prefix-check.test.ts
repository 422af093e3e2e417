/**
 * Prefixes of a history: operations invoked after the cut go, those still running at the cut
 * become unknown, and a failing prefix decides the whole history while a passing one decides
 * nothing.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../sim/linearizability/index.ts';
import { checkPrefixes, historyPrefix, PREFIX_OPS_MIN } from '../../../sim/live/prefix-check.ts';
import { history, type OpRow } from '../linearizability/histories.ts';

/** Sequential writes and reads of x by two processes, each read seeing the latest write. */
function sequential(count: number, startMs = 0): OpRow[] {
  const rows: OpRow[] = [];
  for (let i = 0; i < count; i++) {
    const at = startMs + i * 10;
    rows.push(i % 2 === 0 ? [0, at, at + 2, `SET x ${i}`, '+OK'] : [1, at, at + 2, 'GET x', `$${i - 1}`]);
  }
  return rows;
}

describe('historyPrefix', () => {
  it('keeps what was invoked by the cut, and cuts off what had not returned', () => {
    const whole = history([
      [0, 0, 5, 'SET x 1', '+OK'],
      [1, 4, 20, 'GET x', '$1'],
      [0, 21, 22, 'SET x 2', '+OK'],
    ]);
    const prefix = historyPrefix(whole, 10);
    expect(prefix.ops.map((op) => [op.id, op.status])).toEqual([
      [0, 'ok'],
      [1, 'unknown'],
    ]);
  });
});

describe('checkPrefixes', () => {
  it('finds a stale read early in a history, and proves it with the prefix alone', () => {
    const rows = sequential(PREFIX_OPS_MIN * 4);
    rows[5] = [1, 50, 52, 'GET x', '$0'];
    const verdict = checkPrefixes(history(rows), 10_000);
    expect(verdict?.report.verdict).toBe('not-linearizable');
    expect(verdict?.prefixOps).toBe(PREFIX_OPS_MIN);
    expect(checkHistory(history(rows)).verdict).toBe('not-linearizable');
  });

  it('decides nothing when every prefix passes', () => {
    expect(checkPrefixes(history(sequential(PREFIX_OPS_MIN * 4)), 10_000)).toBeNull();
  });
});
