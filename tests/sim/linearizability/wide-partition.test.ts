/**
 * Wide partitions: a keyspace-wide operation (DBSIZE here) joins every key into one partition,
 * and its long interval pins the search's frontier, so hundreds of operations are linearized
 * above it. The search must stay small in memory there (states and sets are numbered
 * incrementally, StateInterner.ts and SetInterner.ts), its verdicts must stay exact, and a spent
 * byte budget (`cacheBytesMax`) must give `unknown` naming it.
 */
import { describe, expect, it } from 'vitest';
import { SearchBudget } from '../../../sim/linearizability/budget.ts';
import { checkHistory, checkLimits } from '../../../sim/linearizability/index.ts';
import type { KeyRecord } from '../../../sim/linearizability/key-state.ts';
import { EMPTY_SET_ID, SetInterner, type SetPath } from '../../../sim/linearizability/SetInterner.ts';
import { StateInterner } from '../../../sim/linearizability/StateInterner.ts';
import { history, wideRows } from './histories.ts';

/** histories.ts's wide partition over 300 keys: 901 ops in one partition. */
const KEYS = 300;

/**
 * The search explores about 1,200 states here and remembers under 400 KB. Before sets and states
 * were numbered, its state strings and cache keys came to about 7.4 MB (6 KB a state).
 */
const SMALL_BYTES = 1_000_000;
const SMALL_STEPS = 20_000;

describe('a wide partition', () => {
  it('is one partition of every key', () => {
    const report = checkHistory(history(wideRows(KEYS)), { limits: { stepsMax: SMALL_STEPS } });
    expect(report.partitions).toHaveLength(1);
    expect(report.partitions[0]?.keys).toHaveLength(KEYS);
  });

  it('is decided within a small step and byte budget', () => {
    const report = checkHistory(history(wideRows(KEYS)), {
      limits: { stepsMax: SMALL_STEPS, cacheBytesMax: SMALL_BYTES },
    });
    expect(report.partitions[0]?.unknownReason).toBeNull();
    expect(report.verdict).toBe('linearizable');
  });

  it('still finds a violation: a read of a value never written, late in the history', () => {
    const rows = wideRows(KEYS, (key) => (key === KEYS - 2 ? '$c' : key % 2 === 0 ? '$a' : '$b'));
    const report = checkHistory(history(rows), {
      limits: { stepsMax: SMALL_STEPS, cacheBytesMax: SMALL_BYTES },
    });
    expect(report.verdict).toBe('not-linearizable');
  });

  it('still finds a violation: a keyspace read that cannot fit', () => {
    const rows = wideRows(KEYS);
    rows[0] = [0, 0, 4 * KEYS + 1, 'DBSIZE', `:${KEYS + 1}`];
    expect(checkHistory(history(rows), { limits: { stepsMax: SMALL_STEPS } }).verdict).toBe(
      'not-linearizable',
    );
  });

  it('gives unknown, naming cacheBytesMax, when the bytes run out', () => {
    const report = checkHistory(history(wideRows(KEYS)), { limits: { cacheBytesMax: 20_000 } });
    expect(report.verdict).toBe('unknown');
    expect(report.partitions[0]?.unknownReason).toContain('cacheBytesMax');
    expect(report.failure).toBeNull();
  });

  it('rejects a bad cacheBytesMax naming it', () => {
    expect(() => checkLimits({ cacheBytesMax: 0 })).toThrow('invalid cacheBytesMax: 0');
    expect(() => checkLimits({ cacheBytesMax: 1.5 })).toThrow('invalid cacheBytesMax: 1.5');
  });
});

/** A set being built operation by operation, as the search does. */
class Path implements SetPath {
  private readonly members = new Set<number>();
  private readonly ids: number[] = [];
  constructor(private readonly interner: SetInterner) {}
  has(op: number): boolean {
    return this.members.has(op);
  }
  setIdOfSize(size: number): number {
    return size === 0 ? EMPTY_SET_ID : (this.ids[size - 1] ?? -1);
  }
  add(op: number): number {
    const parent = this.setIdOfSize(this.ids.length);
    this.members.add(op);
    const id = this.interner.idWith(parent, op, this);
    this.ids.push(id);
    return id;
  }
}

function budget(): SearchBudget {
  return new SearchBudget(checkLimits(), null);
}

describe('SetInterner', () => {
  it('numbers a set alike whatever the order of adding, and different sets apart', () => {
    const interner = new SetInterner(6, budget());
    const ab = new Path(interner);
    ab.add(1);
    const abId = ab.add(4);
    const ba = new Path(interner);
    ba.add(4);
    expect(ba.add(1)).toBe(abId);
    const other = new Path(interner);
    other.add(1);
    expect(other.add(5)).not.toBe(abId);
  });

  it('never merges different sets when every hash collides', () => {
    const interner = new SetInterner(8, budget(), () => 0);
    const seen = new Map<string, number>();
    // Every subset of {0..7}, each added in two orders.
    for (let mask = 1; mask < 256; mask++) {
      const ops = [0, 1, 2, 3, 4, 5, 6, 7].filter((op) => (mask & (1 << op)) !== 0);
      for (const order of [ops, [...ops].reverse()]) {
        const path = new Path(interner);
        let id = EMPTY_SET_ID;
        for (const op of order) id = path.add(op);
        const known = seen.get(ops.join(','));
        if (known === undefined) seen.set(ops.join(','), id);
        else expect(id).toBe(known);
      }
    }
    expect(new Set(seen.values()).size).toBe(255);
    expect(interner.count).toBe(256);
  });
});

describe('StateInterner', () => {
  const record = (digest: string, deadlineMs: number | null = null): KeyRecord => ({ digest, deadlineMs });
  const absent = record('');

  it('numbers states built step by step as it numbers them built at once', () => {
    const interner = new StateInterner(40, budget());
    const empty = Array.from({ length: 40 }, () => absent);
    const root = interner.chunksOf(empty, null, []);
    const written = empty.slice();
    written[3] = record('string|-|$1:x');
    written[37] = record('string|-|$1:y');
    const stepped = interner.chunksOf(written, root, [3, 37]);
    const whole = interner.chunksOf(written, null, []);
    expect(stepped).toEqual(whole);
    expect(interner.stateId(written, stepped, [], 0)).toBe(interner.stateId(written, whole, [], 0));
    expect(interner.stateId(written, stepped, [], 0)).not.toBe(interner.stateId(empty, root, [], 0));
  });

  it('counts a key whose deadline passed as absent', () => {
    const interner = new StateInterner(40, budget());
    const empty = Array.from({ length: 40 }, () => absent);
    const root = interner.chunksOf(empty, null, []);
    const expiring = empty.slice();
    expiring[20] = record('string|100|$1:x', 100);
    const chunks = interner.chunksOf(expiring, root, [20]);
    const emptyId = interner.stateId(empty, root, [], 0);
    expect(interner.stateId(expiring, chunks, [20], 100)).not.toBe(emptyId);
    expect(interner.stateId(expiring, chunks, [20], 101)).toBe(emptyId);
  });
});
