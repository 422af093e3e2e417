/**
 * Operations that never return (cut off by a crash or a dropped connection): each may take
 * effect at any time after its invoke, or never, so later reads may show it either way, but
 * not both ways, and not before it was invoked.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../sim/linearizability/index.ts';
import { history, verdictOf } from './histories.ts';

describe('operations that never return', () => {
  it('may have taken effect', () => {
    expect(
      verdictOf([
        [0, 0, null, 'SET x 1'],
        [1, 5, 6, 'GET x', '$1'],
      ]),
    ).toBe('linearizable');
  });

  it('may never have taken effect', () => {
    expect(
      verdictOf([
        [0, 0, null, 'SET x 1'],
        [1, 5, 6, 'GET x', 'nil'],
        [1, 100, 101, 'GET x', 'nil'],
      ]),
    ).toBe('linearizable');
  });

  it('may take effect late: absent for one read, present for a later one', () => {
    expect(
      verdictOf([
        [0, 0, null, 'SET x 1'],
        [1, 5, 6, 'GET x', 'nil'],
        [1, 7, 8, 'GET x', '$1'],
      ]),
    ).toBe('linearizable');
  });

  it('cannot be undone: present, then absent again', () => {
    expect(
      verdictOf([
        [0, 0, null, 'SET x 1'],
        [1, 5, 6, 'GET x', '$1'],
        [1, 7, 8, 'GET x', 'nil'],
      ]),
    ).toBe('not-linearizable');
  });

  it('cannot take effect before it was invoked', () => {
    expect(
      verdictOf([
        [1, 0, 1, 'GET x', '$1'],
        [0, 5, null, 'SET x 1'],
      ]),
    ).toBe('not-linearizable');
  });

  it('takes effect at most once', () => {
    const rows = [
      [0, 0, null, 'INCR n'],
      [1, 5, 6, 'GET n', '$1'],
    ] as const;
    expect(verdictOf(rows)).toBe('linearizable');
    expect(verdictOf([...rows, [1, 7, 8, 'GET n', '$2']])).toBe('not-linearizable');
  });

  it('branches over every member an unseen SPOP might have popped', () => {
    const rows = [
      [0, 0, 1, 'SADD s a b c', ':3'],
      [0, 2, null, 'SPOP s'],
    ] as const;
    // The model's own choice would be "a"; any member may have gone.
    expect(verdictOf([...rows, [1, 5, 6, 'SMEMBERS s', ['$a', '$c']]])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 5, 6, 'SMEMBERS s', ['$a']]])).toBe('not-linearizable');
  });

  it('branches over every set of members an unseen SPOP with a count might have popped', () => {
    const rows = [
      [0, 0, 1, 'SADD s a b c d', ':4'],
      [0, 2, null, 'SPOP s 2'],
    ] as const;
    expect(verdictOf([...rows, [1, 5, 6, 'SMEMBERS s', ['$b', '$d']]])).toBe('linearizable');
    expect(verdictOf([...rows, [1, 5, 6, 'SMEMBERS s', ['$b']]])).toBe('not-linearizable');
  });

  it('gives unknown, not a failure, when an unseen SPOP has more pops than spopChoicesMax', () => {
    const rows = [
      [0, 0, 1, 'SADD s a b c d', ':4'],
      [0, 2, null, 'SPOP s'],
      [1, 5, 6, 'SMEMBERS s', ['$a', '$b', '$c']],
    ] as const;
    expect(verdictOf(rows)).toBe('linearizable');
    expect(verdictOf(rows, { spopChoicesMax: 2 })).toBe('unknown');
    expect(
      verdictOf([...rows.slice(0, 2), [1, 5, 6, 'SMEMBERS s', ['$b', '$c', '$d']]], { spopChoicesMax: 2 }),
    ).toBe('linearizable');
  });

  it('leaves out reads that never returned: they tell nothing', () => {
    const report = checkHistory(
      history([
        [0, 0, 1, 'SET x 1', '+OK'],
        [1, 0, null, 'GET x'],
      ]),
    );
    expect(report.verdict).toBe('linearizable');
    expect(report.ops).toBe(1);
  });
});
