/**
 * Textbook histories for a counter (INCR), a list (LPUSH/RPOP/LRANGE) and a set
 * (SADD/SREM/SMEMBERS, SPOP with its random choice adopted), linearizable and not.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './histories.ts';

describe('a counter (INCR)', () => {
  it('accepts concurrent increments in either order', () => {
    expect(
      verdictOf([
        [0, 0, 10, 'INCR n', ':2'],
        [1, 0, 10, 'INCR n', ':1'],
        [2, 11, 12, 'GET n', '$2'],
      ]),
    ).toBe('linearizable');
  });

  it('rejects two increments that both saw the counter at 0 (a lost update)', () => {
    expect(
      verdictOf([
        [0, 0, 10, 'INCR n', ':1'],
        [1, 0, 10, 'INCR n', ':1'],
      ]),
    ).toBe('not-linearizable');
  });

  it('rejects an increment whose value goes back in real time', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'INCR n', ':1'],
        [0, 2, 3, 'INCR n', ':2'],
        [1, 4, 5, 'INCRBY n 5', ':6'],
      ]),
    ).toBe('not-linearizable');
    expect(
      verdictOf([
        [0, 0, 1, 'INCR n', ':1'],
        [0, 2, 3, 'INCR n', ':2'],
        [1, 4, 5, 'INCRBY n 5', ':7'],
      ]),
    ).toBe('linearizable');
  });
});

describe('a list (LPUSH/RPOP/LRANGE)', () => {
  it('accepts concurrent pushes seen in the order the reads fix', () => {
    expect(
      verdictOf([
        [0, 0, 10, 'LPUSH l a', ':1'],
        [1, 0, 10, 'LPUSH l b', ':2'],
        [2, 11, 12, 'LRANGE l 0 -1', ['$b', '$a']],
        [2, 13, 14, 'RPOP l', '$a'],
        [2, 15, 16, 'RPOP l', '$b'],
        [2, 17, 18, 'RPOP l', 'nil'],
      ]),
    ).toBe('linearizable');
  });

  it('rejects a pop order that contradicts the push replies', () => {
    // LPUSH a replied 1, so it came first: RPOP must return a before b.
    expect(
      verdictOf([
        [0, 0, 10, 'LPUSH l a', ':1'],
        [1, 0, 10, 'LPUSH l b', ':2'],
        [2, 11, 12, 'RPOP l', '$b'],
      ]),
    ).toBe('not-linearizable');
  });

  it('rejects a range that shows an element a finished pop already took', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'LPUSH l a', ':1'],
        [0, 2, 3, 'RPOP l', '$a'],
        [1, 4, 5, 'LRANGE l 0 -1', ['$a']],
      ]),
    ).toBe('not-linearizable');
  });

  it('lets a range overlapping a pop see the list before or after it', () => {
    for (const seen of [['$a'], []] as const) {
      expect(
        verdictOf([
          [0, 0, 1, 'LPUSH l a', ':1'],
          [0, 2, 10, 'RPOP l', '$a'],
          [1, 4, 5, 'LRANGE l 0 -1', seen],
        ]),
      ).toBe('linearizable');
    }
  });
});

describe('a set (SADD/SREM/SMEMBERS/SPOP)', () => {
  it('compares SMEMBERS replies in any order (the model normalises them)', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b c', ':3'],
        [1, 2, 3, 'SMEMBERS s', ['$c', '$a', '$b']],
      ]),
    ).toBe('linearizable');
  });

  it('rejects a member that a finished removal took away', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b', ':2'],
        [0, 2, 3, 'SREM s a', ':1'],
        [1, 4, 5, 'SMEMBERS s', ['$a', '$b']],
      ]),
    ).toBe('not-linearizable');
  });

  it('adopts the member SPOP names when it is a valid choice', () => {
    // The model alone would pop "a" (its deterministic choice); the history says "c".
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b c', ':3'],
        [0, 2, 3, 'SPOP s', '$c'],
        [1, 4, 5, 'SMEMBERS s', ['$a', '$b']],
      ]),
    ).toBe('linearizable');
  });

  it('rejects an SPOP of a member the set never had, and a later read that contradicts the pop', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b', ':2'],
        [0, 2, 3, 'SPOP s', '$z'],
      ]),
    ).toBe('not-linearizable');
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b c', ':3'],
        [0, 2, 3, 'SPOP s', '$c'],
        [1, 4, 5, 'SMEMBERS s', ['$a', '$c']],
      ]),
    ).toBe('not-linearizable');
  });

  it('adopts SPOP with a count, in any order', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SADD s a b c d', ':4'],
        [0, 2, 3, 'SPOP s 2', ['$d', '$b']],
        [1, 4, 5, 'SMEMBERS s', ['$a', '$c']],
      ]),
    ).toBe('linearizable');
  });
});
