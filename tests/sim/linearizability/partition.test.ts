/**
 * Splitting a history by key (P-compositionality): multi-key commands and transactions join
 * their keys' partitions, keyspace-wide commands join everything, keyless commands stand alone,
 * and operations that cannot matter are left out. Judging partitions apart must not change
 * verdicts that depend on several keys.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory, partitionHistory } from '../../../sim/linearizability/index.ts';
import { history, verdictOf } from './histories.ts';

function keysOfPartitions(rows: Parameters<typeof history>[0]): string[][] {
  return partitionHistory(history(rows)).map((partition) => [...partition.keys]);
}

describe('partitions', () => {
  it('keeps single-key operations on different keys apart', () => {
    expect(
      keysOfPartitions([
        [0, 0, 1, 'SET a 1', '+OK'],
        [0, 2, 3, 'SET b 1', '+OK'],
        [0, 4, 5, 'GET a', '$1'],
      ]),
    ).toEqual([['a'], ['b']]);
  });

  it('joins the keys of MSET, MGET, DEL, RENAME, SMOVE and SINTER, transitively', () => {
    expect(
      keysOfPartitions([
        [0, 0, 1, 'MSET a 1 b 2', '+OK'],
        [0, 2, 3, 'RENAME b c', '+OK'],
        [0, 4, 5, 'SET d 1', '+OK'],
        [0, 6, 7, 'SMOVE s1 s2 m', ':0'],
        [0, 8, 9, 'SINTER s2 s3', []],
        [0, 10, 11, 'DEL e f', ':0'],
        [0, 12, 13, 'MGET f g', ['nil', 'nil']],
      ]),
    ).toEqual([['a', 'b', 'c'], ['d'], ['s1', 's2', 's3'], ['e', 'f', 'g']]);
  });

  it('joins every key for KEYS, SCAN, DBSIZE and FLUSHDB', () => {
    for (const command of ['KEYS *', 'DBSIZE', 'FLUSHDB', 'SCAN 0']) {
      const rows = [
        [0, 0, 1, 'SET a 1', '+OK'],
        [0, 2, 3, 'SET b 1', '+OK'],
        [1, 4, 5, command, '+OK'],
      ] as const;
      expect(keysOfPartitions(rows), command).toEqual([['a', 'b']]);
    }
  });

  it('joins the keys of a transaction', () => {
    expect(
      keysOfPartitions([
        [0, 0, 1, 'SET a 1; SET b 2', ['+OK', '+OK']],
        [0, 2, 3, 'SET c 1', '+OK'],
      ]),
    ).toEqual([['a', 'b'], ['c']]);
  });

  it('puts each keyless operation in a partition of its own', () => {
    const partitions = partitionHistory(
      history([
        [0, 0, 1, 'PING', '+PONG'],
        [1, 0, 1, 'ECHO hi', '$hi'],
        [1, 2, 3, 'SET a 1', '+OK'],
      ]),
    );
    expect(partitions.map((partition) => partition.ops.map((op) => op.id))).toEqual([[0], [1], [2]]);
  });

  it('leaves out operations with status fail', () => {
    const base = history([[0, 0, 1, 'SET a 1', '+OK']]);
    const failed = {
      ...base,
      ops: [
        ...base.ops,
        { ...(base.ops[0] as (typeof base.ops)[0]), id: 1, status: 'fail' as const, reply: null },
      ],
    };
    expect(partitionHistory(failed).flatMap((partition) => partition.ops.map((op) => op.id))).toEqual([0]);
  });
});

describe('verdicts that depend on several keys', () => {
  it('judges MSET atomic: MGET cannot see half of it', () => {
    const write = [0, 0, 10, 'MSET a 1 b 1', '+OK'] as const;
    expect(verdictOf([write, [1, 2, 3, 'MGET a b', ['$1', '$1']]])).toBe('linearizable');
    expect(verdictOf([write, [1, 2, 3, 'MGET a b', ['nil', 'nil']]])).toBe('linearizable');
    expect(verdictOf([write, [1, 2, 3, 'MGET a b', ['$1', 'nil']]])).toBe('not-linearizable');
  });

  it('judges a transaction atomic and its replies in order', () => {
    const rows = [
      [0, 0, 10, 'INCR n; INCR n', [':1', ':2']],
      [1, 2, 3, 'GET n', 'nil'],
    ] as const;
    expect(verdictOf(rows)).toBe('linearizable');
    expect(
      verdictOf([
        [0, 0, 10, 'INCR n; INCR n', [':1', ':2']],
        [1, 2, 3, 'GET n', '$1'],
      ]),
    ).toBe('not-linearizable');
    expect(verdictOf([[0, 0, 10, 'INCR n; INCR n', [':2', ':1']]])).toBe('not-linearizable');
  });

  it('takes an aborted EXEC (nil reply) as having had no effect', () => {
    const aborted = checkHistory({
      clock: 'virtual',
      ops: [
        {
          id: 0,
          process: 0,
          invokeMs: 0,
          returnMs: 1,
          commands: [
            ['SET', 'a', '1'],
            ['SET', 'b', '1'],
          ],
          txn: true,
          status: 'ok',
          reply: { type: 'array', value: null },
        },
        ...history([[1, 2, 3, 'MGET a b', ['nil', 'nil']]]).ops.map((op) => ({ ...op, id: 1 })),
      ],
    });
    expect(aborted.verdict).toBe('linearizable');
  });

  it('sees a RENAME move the value and its deadline together', () => {
    const rows = [
      [0, 0, 0, 'SET a 1 PX 10', '+OK'],
      [0, 1, 1, 'RENAME a b', '+OK'],
    ] as const;
    expect(verdictOf([...rows, [1, 5, 5, 'GET b', '$1'], [1, 11, 11, 'EXISTS a b', ':0']])).toBe(
      'linearizable',
    );
    expect(verdictOf([...rows, [1, 11, 11, 'GET b', '$1']])).toBe('not-linearizable');
  });

  it('reports the smallest failing partition when several fail', () => {
    const report = checkHistory(
      history([
        [0, 0, 1, 'SET a 1', '+OK'],
        [0, 2, 3, 'SET a 2', '+OK'],
        [0, 4, 5, 'GET a', '$9'],
        [1, 0, 1, 'SET b 1', '+OK'],
        [1, 2, 3, 'GET b', '$9'],
        [2, 0, 1, 'SET c 1', '+OK'],
      ]),
    );
    expect(report.verdict).toBe('not-linearizable');
    expect(report.partitions.map((partition) => partition.verdict)).toEqual([
      'not-linearizable',
      'not-linearizable',
      'linearizable',
    ]);
    expect(report.failure?.partition.keys).toEqual(['b']);
  });
});
