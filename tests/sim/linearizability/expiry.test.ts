/**
 * Time in the model: a key whose deadline falls inside an operation's interval may be seen
 * either way, and each linearized operation gets one time, never earlier than the one before.
 * Times here are small integers of virtual milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../sim/linearizability/index.ts';
import { history, type OpRow, verdictOf } from './histories.ts';

describe('expiry inside an interval', () => {
  // SET at exactly t=0 with PX 10: alive through t=10, gone from t=11.
  const setAt0 = [0, 0, 0, 'SET x 1 PX 10', '+OK'] as const;

  it('lets a read whose interval spans the deadline see the key', () => {
    expect(verdictOf([setAt0, [1, 5, 15, 'GET x', '$1']])).toBe('linearizable');
  });

  it('lets a read whose interval spans the deadline miss the key', () => {
    expect(verdictOf([setAt0, [1, 5, 15, 'GET x', 'nil']])).toBe('linearizable');
  });

  it('rejects a read wholly before the deadline that misses the key, or wholly after that sees it', () => {
    expect(verdictOf([setAt0, [1, 5, 10, 'GET x', 'nil']])).toBe('not-linearizable');
    expect(verdictOf([setAt0, [1, 11, 15, 'GET x', '$1']])).toBe('not-linearizable');
  });

  it('keeps time monotone: once a read saw the key gone, a later read cannot see it', () => {
    expect(verdictOf([setAt0, [1, 5, 15, 'GET x', 'nil'], [2, 5, 15, 'GET x', '$1']])).toBe('linearizable');
    expect(verdictOf([setAt0, [1, 5, 12, 'GET x', 'nil'], [2, 13, 15, 'GET x', '$1']])).toBe(
      'not-linearizable',
    );
  });

  it('places the deadline by when the write really ran: a relative deadline set in a wide interval', () => {
    // PEXPIRE ran somewhere in [0, 5], so the key dies somewhere in [101, 106].
    const rows = [
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 0, 5, 'PEXPIRE x 100', ':1'],
    ] as const;
    expect(verdictOf([...rows, [1, 103, 103, 'GET x', 'nil'], [1, 104, 104, 'GET x', 'nil']])).toBe(
      'linearizable',
    );
    expect(verdictOf([...rows, [1, 103, 103, 'GET x', '$1']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 103, 103, 'GET x', 'nil'], [1, 104, 104, 'EXISTS x', ':1']])).toBe(
      'not-linearizable',
    );
    expect(verdictOf([...rows, [1, 107, 107, 'GET x', '$1']])).toBe('not-linearizable');
  });

  it('pins the time of a PTTL by its reply', () => {
    const rows = [[0, 0, 2, 'SET x 1 PX 100', '+OK']] as const;
    // The deadline is in [100, 102]; PTTL at t in [10, 20] can answer D - t in [80, 92].
    expect(verdictOf([...rows, [1, 10, 20, 'PTTL x', ':85']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 10, 20, 'PTTL x', ':80']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 10, 20, 'PTTL x', ':95']])).toBe('not-linearizable');
    // A PTTL of 85 pins t >= 15: a later GET must then run at or after that.
    expect(verdictOf([...rows, [1, 10, 20, 'PTTL x', ':90'], [1, 21, 21, 'PTTL x', ':81']])).toBe(
      'linearizable',
    );
    expect(verdictOf([...rows, [1, 10, 20, 'PTTL x', ':80'], [1, 21, 21, 'PTTL x', ':82']])).toBe(
      'not-linearizable',
    );
  });

  it('pins TTL (whole seconds, rounded) the same way', () => {
    const rows = [[0, 0, 0, 'SET x 1 EX 10', '+OK']] as const;
    expect(verdictOf([...rows, [1, 1000, 5000, 'TTL x', ':7']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 1000, 2000, 'TTL x', ':7']])).toBe('not-linearizable');
  });

  it('handles an absolute deadline that falls inside the write’s own interval', () => {
    // PEXPIREAT 50 within [40, 60]: applied before 50 the key lives until 50, at 50 or after it is gone.
    const rows = [
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 40, 60, 'PEXPIREAT x 50', ':1'],
    ] as const;
    expect(verdictOf([...rows, [1, 45, 60, 'GET x', '$1']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 61, 62, 'GET x', 'nil']])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 61, 62, 'GET x', '$1']])).toBe('not-linearizable');
  });

  it('gives unknown, not a failure, when a relative-deadline window is wider than windowMsMax', () => {
    const rows = [
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 0, 50, 'PEXPIRE x 100', ':1'],
      [1, 115, 115, 'GET x', '$1'],
      [1, 125, 125, 'GET x', 'nil'],
    ] as const;
    // The reads need the PEXPIRE at a time in [15, 24].
    expect(verdictOf(rows)).toBe('linearizable');
    // With 10 ms tried it can only run in [0, 9] or at the window's end, 50.
    expect(verdictOf(rows, { windowMsMax: 10 })).toBe('unknown');
  });
});

describe('deadlines past the history', () => {
  // An unknown SET with a relative deadline may run at any time before the MGET that saw it, and
  // each time gives its own deadline, none reached within the history. Fifty INCRs of another key
  // in one partition with it (the MGET joins them) give the search fifty places to put the SET,
  // and a last read of y that no order explains makes it try every one of them.
  const statesOf = (last: OpRow[]) => {
    const rows: OpRow[] = [
      [0, 0, null, 'SET x v EX 100'],
      [1, 0, 1, 'SET y 0', '+OK'],
      ...Array.from({ length: 50 }, (_, i): OpRow => [1, 2 + 2 * i, 3 + 2 * i, 'INCR y', `:${i + 1}`]),
      [2, 0, 400, 'MGET x y z', ['$v', '$50', 'nil']],
      [3, 300, 301, 'GET y', '$999'],
      ...last,
    ];
    const report = checkHistory(history(rows));
    expect(report.verdict).toBe('not-linearizable');
    expect(report.partitions).toHaveLength(1);
    return report.partitions[0]?.statesExplored ?? 0;
  };

  it('are told apart only on the keys whose deadline some operation reads', () => {
    const none = statesOf([]);
    // A TTL of another key leaves all of the SET's times one state, as no TTL at all does...
    expect(statesOf([[3, 302, 303, 'TTL z', ':-2']])).toBe(none);
    // ...where a TTL of x itself must keep them apart.
    expect(statesOf([[3, 302, 303, 'TTL x', ':-2']])).toBeGreaterThan(10 * none);
  });

  it('follow a RENAME: a deadline read under the new name is kept exact under the old', () => {
    // The PEXPIRE ran somewhere in [0, 100], so a's deadline is one of 5000..5100: none is reached
    // in the history, but the PTTL of b, after the RENAME, pins it at 5090 (PEXPIRE at 90).
    const renamed: OpRow[] = [
      [0, 0, 0, 'SET a v', '+OK'],
      [0, 0, 100, 'PEXPIRE a 5000', ':1'],
      [1, 200, 201, 'RENAME a b', '+OK'],
      [1, 300, 300, 'PTTL b', ':4790'],
    ];
    expect(verdictOf(renamed)).toBe('linearizable');
    expect(verdictOf([...renamed.slice(0, 3), [1, 300, 300, 'PTTL b', ':5790']])).toBe('not-linearizable');
  });
});
