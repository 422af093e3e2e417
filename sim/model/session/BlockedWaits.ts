/**
 * The model's blocked pops, kept as Redis 7.0's blocked.c keeps them: for each (database, key)
 * the waits in the order they began, the keys made ready since the last serve (in the order
 * they were made ready, each once), and each wait's deadline. Serving is ModelSessions' work;
 * this file keeps only the order.
 */
import type { Arg } from '../../../redlite/reply.ts';

export interface ModelWait {
  readonly client: number;
  readonly db: number;
  /** The keys waited on, each once, in argument order. */
  readonly keys: readonly string[];
  /** The non-blocking command that serves the wait from `key` (LPOP, RPOP, LMOVE, ...). */
  serveArgv(key: string): Arg[];
  /** Whether the client's reply names the key (BLPOP, BRPOP) or is the element (the moves). */
  readonly namesKey: boolean;
  /** First virtual time at which the wait has timed out; null waits forever. */
  readonly deadlineMs: number | null;
}

/** Where a key's presence is read: its watch mark, undefined while the key does not exist. */
export interface KeyHolder {
  watchMark(db: number, key: string): unknown;
}

function slotOf(db: number, key: string): string {
  return `${db}\u0000${key}`;
}

export class BlockedWaits {
  private readonly byKey = new Map<string, ModelWait[]>();
  private readonly waits = new Set<ModelWait>();
  private readonly ready: { db: number; key: string }[] = [];
  private readonly readySlots = new Set<string>();

  get size(): number {
    return this.waits.size;
  }

  has(wait: ModelWait): boolean {
    return this.waits.has(wait);
  }

  block(wait: ModelWait): void {
    this.waits.add(wait);
    for (const key of wait.keys) {
      const slot = slotOf(wait.db, key);
      const queue = this.byKey.get(slot);
      if (queue === undefined) this.byKey.set(slot, [wait]);
      else queue.push(wait);
    }
  }

  unblock(wait: ModelWait): void {
    if (!this.waits.delete(wait)) return;
    for (const key of wait.keys) {
      const slot = slotOf(wait.db, key);
      const queue = this.byKey.get(slot) ?? [];
      const kept = queue.filter((other) => other !== wait);
      if (kept.length === 0) this.byKey.delete(slot);
      else this.byKey.set(slot, kept);
    }
  }

  /** The waits on a key, oldest first (a copy: serving changes the queue). */
  waitsOn(db: number, key: string): ModelWait[] {
    return [...(this.byKey.get(slotOf(db, key)) ?? [])];
  }

  /**
   * Marks ready every waited key that `store` holds (in wait order, then argument order). A
   * loop here rather than a generator of (database, key) pairs: it runs after every step while
   * anyone waits, and the pairs were most of what a step allocated.
   */
  signalHeld(store: KeyHolder): void {
    for (const wait of this.waits) {
      for (const key of wait.keys) if (store.watchMark(wait.db, key) !== undefined) this.signal(wait.db, key);
    }
  }

  /** Marks a waited key ready, once until it is taken. */
  signal(db: number, key: string): void {
    const slot = slotOf(db, key);
    if (this.readySlots.has(slot) || !this.byKey.has(slot)) return;
    this.readySlots.add(slot);
    this.ready.push({ db, key });
  }

  takeReady(): { db: number; key: string } | undefined {
    const next = this.ready.shift();
    if (next !== undefined) this.readySlots.delete(slotOf(next.db, next.key));
    return next;
  }

  /** Waits whose deadline is at or before `nowMs`, oldest first. */
  timedOut(nowMs: number): ModelWait[] {
    const due: ModelWait[] = [];
    for (const wait of this.waits) if (wait.deadlineMs !== null && wait.deadlineMs <= nowMs) due.push(wait);
    return due;
  }

  /** Every wait, oldest first. */
  all(): ModelWait[] {
    return [...this.waits];
  }
}
