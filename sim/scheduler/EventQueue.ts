/**
 * EventQueue: a binary min-heap of pending events ordered by (virtual time, insertion sequence).
 * The sequence makes ties deterministic: two events at the same millisecond run in the order
 * they were scheduled. The queue is bounded; overflowing it is a simulator bug.
 */
export class QueueOverflowError extends Error {
  readonly sizeMax: number;
  constructor(sizeMax: number) {
    super(`event queue holds more than ${sizeMax} events`);
    this.name = 'QueueOverflowError';
    this.sizeMax = sizeMax;
  }
}

interface Entry<T> {
  atMs: number;
  seq: number;
  item: T;
}

export class EventQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private nextSeq = 0;
  readonly sizeMax: number;

  constructor(sizeMax: number) {
    this.sizeMax = sizeMax;
  }

  get size(): number {
    return this.heap.length;
  }

  push(atMs: number, item: T): void {
    if (this.heap.length >= this.sizeMax) throw new QueueOverflowError(this.sizeMax);
    this.heap.push({ atMs, seq: this.nextSeq++, item });
    this.siftUp(this.heap.length - 1);
  }

  /** The earliest time in the queue, or undefined when empty. */
  peekMs(): number | undefined {
    return this.heap[0]?.atMs;
  }

  pop(): { atMs: number; item: T } | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const last = this.heap.pop() as Entry<T>;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return { atMs: top.atMs, item: top.item };
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private siftUp(start: number): void {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const child = this.heap[i] as Entry<T>;
      const above = this.heap[parent] as Entry<T>;
      if (!this.less(child, above)) return;
      this.heap[i] = above;
      this.heap[parent] = child;
      i = parent;
    }
  }

  private siftDown(start: number): void {
    const n = this.heap.length;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.less(this.heap[left] as Entry<T>, this.heap[smallest] as Entry<T>))
        smallest = left;
      if (right < n && this.less(this.heap[right] as Entry<T>, this.heap[smallest] as Entry<T>))
        smallest = right;
      if (smallest === i) return;
      const swap = this.heap[i] as Entry<T>;
      this.heap[i] = this.heap[smallest] as Entry<T>;
      this.heap[smallest] = swap;
      i = smallest;
    }
  }
}
