/**
 * LinearizedSet: which operations the current search path has linearized, with a short exact
 * key for Lowe's cache. Storing a bitset per cache entry would cost n bits each; instead the key
 * is the frontier (the lowest-indexed returned operation not yet linearized: everything below it
 * that returned is linearized) plus the linearized operations above it and the linearized
 * operations that never returned.
 *
 * That is short because of the real-time order: operations are indexed in invoke order, and an
 * operation can be linearized only while it was invoked before every pending return, the
 * frontier's included. So only operations invoked within the frontier's own interval can be
 * linearized above it, a number bounded by the history's concurrency.
 */
import type { TimedOp } from './EntryList.ts';

export class LinearizedSet {
  private readonly done: Uint8Array;
  private readonly invokeMs: Float64Array;
  private readonly returnMs: Float64Array;
  /** Indexes of the operations that never returned. */
  private readonly unreturned: readonly number[];
  private frontierIndex = 0;
  private linearized = 0;

  /** `ops` must be in invoke order. */
  constructor(ops: readonly TimedOp[]) {
    this.done = new Uint8Array(ops.length);
    this.invokeMs = Float64Array.from(ops, (op) => op.invokeMs);
    this.returnMs = Float64Array.from(ops, (op) => op.returnMs ?? Number.POSITIVE_INFINITY);
    this.unreturned = ops.flatMap((op, i) => (op.returnMs === null ? [i] : []));
    this.frontierIndex = this.advance(0);
  }

  get size(): number {
    return this.linearized;
  }

  get frontier(): number {
    return this.frontierIndex;
  }

  has(op: number): boolean {
    return this.done[op] === 1;
  }

  /** Adds `op`; returns the frontier before, which `remove` needs to restore it. */
  add(op: number): number {
    const before = this.frontierIndex;
    this.done[op] = 1;
    this.linearized++;
    if (op === before) this.frontierIndex = this.advance(op + 1);
    return before;
  }

  remove(op: number, frontierBefore: number): void {
    this.done[op] = 0;
    this.linearized--;
    this.frontierIndex = frontierBefore;
  }

  /** The exact key of this set. */
  key(): string {
    const frontier = this.frontierIndex;
    let key = `${frontier}`;
    const limitMs = frontier < this.done.length ? (this.returnMs[frontier] as number) : 0;
    for (let i = frontier + 1; i < this.done.length && (this.invokeMs[i] as number) <= limitMs; i++) {
      if (this.done[i] === 1 && this.returnMs[i] !== Number.POSITIVE_INFINITY) key += `,${i}`;
    }
    key += '|';
    for (const i of this.unreturned) if (this.done[i] === 1) key += `${i},`;
    return key;
  }

  /** The first returned, unlinearized operation at or after `from`. */
  private advance(from: number): number {
    let i = from;
    while (i < this.done.length && (this.done[i] === 1 || this.returnMs[i] === Number.POSITIVE_INFINITY)) i++;
    return i;
  }
}
