/**
 * EntryList: the list of call and return events of Wing and Gong's search, as Lowe and
 * porcupine use it. Every operation has a call entry at its invoke time and, when it returned, a
 * return entry at its return time; operations that never returned have a call only. Entries are
 * sorted by time, calls before returns at equal times (so operations that touch the same
 * millisecond count as concurrent: a millisecond clock cannot order them).
 *
 * Linearizing an operation lifts its call and return out of the list; backtracking unlifts them.
 * Both are O(1) relinkings in flat arrays (Knuth's dancing links), and unlifting in the reverse
 * order of lifting restores the list exactly. It covers the list only: the search that walks it
 * is search.ts.
 */

export interface TimedOp {
  readonly invokeMs: number;
  readonly returnMs: number | null;
}

export class EntryList {
  /** The sentinel before the first entry. */
  readonly head = 0;
  /** The sentinel after the last entry. */
  readonly tail: number;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** The operation (its index in the partition) of each entry. */
  private readonly opIndex: Int32Array;
  private readonly call: Uint8Array;
  private readonly time: Float64Array;
  /** For a call entry: its return entry, or 0 when the operation never returned. */
  private readonly returnEntry: Int32Array;
  private readonly callEntry: Int32Array;

  constructor(ops: readonly TimedOp[]) {
    const events: { op: number; call: boolean; timeMs: number }[] = [];
    ops.forEach((op, index) => {
      events.push({ op: index, call: true, timeMs: op.invokeMs });
      if (op.returnMs !== null) events.push({ op: index, call: false, timeMs: op.returnMs });
    });
    events.sort((a, b) => a.timeMs - b.timeMs || Number(b.call) - Number(a.call) || a.op - b.op);
    const size = events.length + 2;
    this.tail = size - 1;
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.opIndex = new Int32Array(size).fill(-1);
    this.call = new Uint8Array(size);
    this.time = new Float64Array(size);
    this.returnEntry = new Int32Array(size);
    this.callEntry = new Int32Array(ops.length);
    for (let i = 0; i < size; i++) {
      this.next[i] = i + 1;
      this.prev[i] = i - 1;
    }
    events.forEach((event, i) => {
      const entry = i + 1;
      this.opIndex[entry] = event.op;
      this.call[entry] = event.call ? 1 : 0;
      this.time[entry] = event.timeMs;
      if (event.call) this.callEntry[event.op] = entry;
      else this.returnEntry[this.callEntry[event.op] as number] = entry;
    });
  }

  first(): number {
    return this.next[this.head] as number;
  }

  nextOf(entry: number): number {
    return this.next[entry] as number;
  }

  isEmpty(): boolean {
    return this.first() === this.tail;
  }

  isCall(entry: number): boolean {
    return this.call[entry] === 1;
  }

  opOf(entry: number): number {
    return this.opIndex[entry] as number;
  }

  timeOf(entry: number): number {
    return this.time[entry] as number;
  }

  callOf(op: number): number {
    return this.callEntry[op] as number;
  }

  /** The time of the first return entry still listed (the earliest pending return), or Infinity. */
  firstReturnMs(): number {
    for (let entry = this.first(); entry !== this.tail; entry = this.nextOf(entry)) {
      if (!this.isCall(entry)) return this.timeOf(entry);
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Takes a call entry (and its return) out of the list. */
  lift(callEntry: number): void {
    this.unlink(callEntry);
    const returned = this.returnEntry[callEntry] as number;
    if (returned !== 0) this.unlink(returned);
  }

  /** Puts back what the matching `lift` took out; lifts must be undone newest first. */
  unlift(callEntry: number): void {
    const returned = this.returnEntry[callEntry] as number;
    if (returned !== 0) this.relink(returned);
    this.relink(callEntry);
  }

  private unlink(entry: number): void {
    const before = this.prev[entry] as number;
    const after = this.next[entry] as number;
    this.next[before] = after;
    this.prev[after] = before;
  }

  private relink(entry: number): void {
    this.next[this.prev[entry] as number] = entry;
    this.prev[this.next[entry] as number] = entry;
  }
}
