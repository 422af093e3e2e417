/**
 * Textbook register histories (GET/SET on one key): sequential and concurrent, linearizable
 * and not. Each "not" case differs from a passing one only where the order of real time rules
 * the reply out.
 */
import { describe, expect, it } from 'vitest';
import { verdictOf } from './histories.ts';

describe('a register (GET/SET)', () => {
  it('accepts a sequential history whose reads see the last write', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SET x 1', '+OK'],
        [1, 2, 3, 'GET x', '$1'],
        [0, 4, 5, 'SET x 2', '+OK'],
        [1, 6, 7, 'GET x', '$2'],
      ]),
    ).toBe('linearizable');
  });

  it('rejects a read, after a write returned, of the value before it', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'SET x 1', '+OK'],
        [1, 2, 3, 'GET x', 'nil'],
      ]),
    ).toBe('not-linearizable');
  });

  it('lets a read that overlaps a write see either value', () => {
    for (const seen of ['nil', '$1'] as const) {
      expect(
        verdictOf([
          [0, 0, 10, 'SET x 1', '+OK'],
          [1, 2, 5, 'GET x', seen],
        ]),
      ).toBe('linearizable');
    }
  });

  it('rejects a stale read: the new value seen, then the old one by a later read', () => {
    const rows = [
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 2, 20, 'SET x 2', '+OK'],
      [1, 3, 4, 'GET x', '$2'],
    ] as const;
    expect(verdictOf(rows)).toBe('linearizable');
    expect(verdictOf([...rows, [2, 5, 6, 'GET x', '$1']])).toBe('not-linearizable');
  });

  it('finds the one order of two concurrent writes that explains two reads', () => {
    const writes = [
      [0, 0, 10, 'SET x a', '+OK'],
      [1, 0, 10, 'SET x b', '+OK'],
    ] as const;
    expect(verdictOf([...writes, [2, 11, 12, 'GET x', '$a'], [2, 13, 14, 'GET x', '$a']])).toBe(
      'linearizable',
    );
    expect(verdictOf([...writes, [2, 11, 12, 'GET x', '$b']])).toBe('linearizable');
    expect(verdictOf([...writes, [2, 11, 12, 'GET x', '$a'], [3, 13, 14, 'GET x', '$b']])).toBe(
      'not-linearizable',
    );
  });

  it('rejects two concurrent readers that see the writes in opposite orders', () => {
    // Both writes are concurrent with everything; reader 1 sees a then b, reader 2 b then a.
    const rows = [
      [0, 0, 100, 'SET x a', '+OK'],
      [1, 0, 100, 'SET x b', '+OK'],
      [2, 1, 2, 'GET x', '$a'],
      [2, 3, 4, 'GET x', '$b'],
      [3, 1, 2, 'GET x', '$b'],
      [3, 3, 4, 'GET x', '$a'],
    ] as const;
    expect(verdictOf(rows)).toBe('not-linearizable');
    expect(verdictOf(rows.slice(0, 4))).toBe('linearizable');
  });

  it('treats operations that share a millisecond as concurrent', () => {
    // The write returns at 5 and the read is invoked at 5: either order is possible.
    expect(
      verdictOf([
        [0, 0, 5, 'SET x 1', '+OK'],
        [1, 5, 6, 'GET x', 'nil'],
      ]),
    ).toBe('linearizable');
    expect(
      verdictOf([
        [0, 0, 5, 'SET x 1', '+OK'],
        [1, 6, 7, 'GET x', 'nil'],
      ]),
    ).toBe('not-linearizable');
  });

  it('compares replies exactly: a wrong type of reply fails', () => {
    expect(verdictOf([[0, 0, 1, 'SET x 1', '$OK']])).toBe('not-linearizable');
    expect(verdictOf([[0, 0, 1, 'GET x', '$']])).toBe('not-linearizable');
  });

  it('judges error replies like any other', () => {
    expect(
      verdictOf([
        [0, 0, 1, 'LPUSH x a', ':1'],
        [1, 2, 3, 'GET x', '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      ]),
    ).toBe('linearizable');
    expect(
      verdictOf([
        [0, 0, 1, 'SET x 1', '+OK'],
        [1, 2, 3, 'GET x', '-WRONGTYPE Operation against a key holding the wrong kind of value'],
      ]),
    ).toBe('not-linearizable');
  });
});
