/**
 * Time in the model: a key whose deadline falls inside an operation's interval may be seen
 * either way, and each linearized operation gets one time, never earlier than the one before.
 * Times here are small integers of virtual milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './histories.ts';

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
