/**
 * The EDN export (docs/history-format.md, "EDN export"): the exact lines Jepsen's tools read,
 * each Redis command's form in each model, what is left out, and what makes the export fail.
 */
import { describe, expect, it } from 'vitest';
import {
  EdnExportError,
  EdnModelError,
  exportEdn,
  type HistoryOp,
} from '../../../sim/linearizability/index.ts';
import { history } from './histories.ts';

describe('the EDN export', () => {
  it('writes invocations and completions in time order, :info last, with Jepsen process numbers', () => {
    const exported = exportEdn(
      history([
        [0, 1000, 1003, 'SET x 1', '+OK'],
        [1, 1001, null, 'SET x 2'],
        [1, 1005, 1006, 'MGET x y', ['$1', 'nil']],
        [0, 1003, 1004, 'GET x', '$1'],
      ]),
    );
    expect(exported.model).toBe('rw-register');
    expect(exported.text.split('\n')).toEqual([
      '{:type :invoke, :f :txn, :value [[:w "x" 1]], :process 0, :time 0, :index 0}',
      '{:type :invoke, :f :txn, :value [[:w "x" 2]], :process 1, :time 1000000, :index 1}',
      '{:type :invoke, :f :txn, :value [[:r "x" nil]], :process 0, :time 3000000, :index 2}',
      '{:type :ok, :f :txn, :value [[:w "x" 1]], :process 0, :time 3000000, :index 3}',
      '{:type :ok, :f :txn, :value [[:r "x" 1]], :process 0, :time 4000000, :index 4}',
      '{:type :invoke, :f :txn, :value [[:r "x" nil] [:r "y" nil]], :process 3, :time 5000000, :index 5}',
      '{:type :ok, :f :txn, :value [[:r "x" 1] [:r "y" nil]], :process 3, :time 6000000, :index 6}',
      '{:type :info, :f :txn, :value [[:w "x" 2]], :process 1, :time 6000000, :index 7}',
      '',
    ]);
  });

  it('writes a transaction as one Elle transaction, and a failed operation as :fail', () => {
    const base = history([
      [0, 0, 2, 'SET a 1; GET b', ['+OK', '$7']],
      [0, 3, 4, 'SET a 1; GET b', ['+OK', '$7']],
    ]);
    const [done, second] = base.ops as [HistoryOp, HistoryOp];
    const text = exportEdn({ ...base, ops: [done, { ...second, status: 'fail', reply: null }] }).text;
    expect(text).toContain(':type :ok, :f :txn, :value [[:w "a" 1] [:r "b" 7]]');
    // A failed operation's reads carry nothing and are left out; its write stays, marked :fail.
    expect(text).toContain(':type :fail, :f :txn, :value [[:w "a" 1]]');
  });

  it('maps RPUSH and LRANGE 0 -1 to list-append', () => {
    const exported = exportEdn(
      history([
        [0, 0, 1, 'RPUSH l 1 2', ':2'],
        [0, 2, 3, 'LRANGE l 0 -1', ['$1', '$2']],
        [0, 4, 5, 'LLEN l', ':2'],
      ]),
    );
    expect(exported.model).toBe('list-append');
    expect(exported.dropped).toBe(1);
    expect(exported.text).toContain(':value [[:append "l" 1] [:append "l" 2]]');
    expect(exported.text).toContain(':type :ok, :f :txn, :value [[:r "l" [1 2]]]');
  });

  it('maps INCR, INCRBY and GET of one key to the counter model', () => {
    const exported = exportEdn(
      history([
        [0, 0, 1, 'GET n', 'nil'],
        [0, 2, 3, 'INCR n', ':1'],
        [1, 2, 3, 'INCRBY n 5', ':6'],
        [0, 4, 5, 'GET n', '$6'],
      ]),
    );
    expect(exported.model).toBe('counter');
    const lines = exported.text.trim().split('\n');
    expect(lines[0]).toBe('{:type :invoke, :f :read, :value nil, :process 0, :time 0, :index 0}');
    expect(lines[1]).toBe('{:type :ok, :f :read, :value 0, :process 0, :time 1000000, :index 1}');
    expect(exported.text).toContain(':type :ok, :f :add, :value 5, :process 1');
    expect(exported.text).toContain(':type :ok, :f :read, :value 6');
  });

  it('maps GET and SET of one key to cas-register when asked', () => {
    const exported = exportEdn(
      history([
        [0, 0, 1, 'SET r a', '+OK'],
        [1, 2, 3, 'GET r', '$a'],
      ]),
      'cas-register',
    );
    expect(exported.text).toContain(':type :ok, :f :write, :value "a"');
    expect(exported.text).toContain(':type :ok, :f :read, :value "a"');
  });

  it('leaves out reads it cannot express and operations that answered an error', () => {
    const exported = exportEdn(
      history([
        [0, 0, 1, 'SET x 1', '+OK'],
        [0, 2, 3, 'EXISTS x', ':1'],
        [0, 4, 5, 'LPUSH x a', '-WRONGTYPE Operation against a key holding the wrong kind of value'],
        [0, 6, 7, 'GET x', '$1'],
      ]),
    );
    expect(exported).toMatchObject({ model: 'rw-register', exported: 2, dropped: 2 });
  });

  it('fails, naming the operation, on a write the model cannot express', () => {
    const rows = history([
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 2, 3, 'DEL x', ':1'],
    ]);
    expect(() => exportEdn(rows, 'rw-register')).toThrow(EdnExportError);
    expect(() => exportEdn(rows, 'rw-register')).toThrow('cannot export op #1 to the rw-register model: DEL');
    expect(() => exportEdn(rows)).toThrow(EdnModelError);
    expect(() => exportEdn(history([[0, 0, 1, 'SET x 1 PX 10', '+OK']]), 'rw-register')).toThrow('SET');
  });

  it('refuses two keys in a one-key model', () => {
    const rows = history([
      [0, 0, 1, 'INCR a', ':1'],
      [0, 2, 3, 'INCR b', ':1'],
    ]);
    expect(() => exportEdn(rows, 'counter')).toThrow('the model holds one key, and the history has a and b');
  });

  it('writes integers in canonical form as numbers and escapes other bytes', () => {
    const exported = exportEdn(
      history([
        [0, 0, 1, 'MSET a 007 b -12 c "q"\\', '+OK'],
        [0, 2, 3, 'MSET d 123456789012345678901', '+OK'],
      ]),
    );
    expect(exported.text).toContain('[:w "a" "007"] [:w "b" -12] [:w "c" "\\"q\\"\\\\"]');
    expect(exported.text).toContain('[:w "d" "123456789012345678901"]');
    const binary = exportEdn({
      clock: 'virtual',
      ops: [
        {
          id: 0,
          process: 0,
          invokeMs: 0,
          returnMs: 1,
          commands: [['SET', 'k', Buffer.from([0, 0xe9, 10])]],
          txn: false,
          status: 'ok',
          reply: { type: 'simple', value: 'OK' },
        },
      ],
    });
    expect(binary.text).toContain('[:w "k" "\\u0000\\u00e9\\n"]');
  });
});
