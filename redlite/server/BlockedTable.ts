/**
 * Blocked list pops shared by every session over one Redlite, as Redis 7.0's blocked.c keeps
 * them: for each (database, key) the waits on it in the order they began (a wait on several keys
 * sits in each key's queue), the keys signalled ready since the last serve (in signal order, each
 * once), and every wait's deadline. Serving (which pop runs, what it answers) is the hub's work;
 * this file only keeps the order.
 *
 * A deadline is the first clock reading at which the wait has timed out. Redis times a wait out
 * once its clock passes `start + timeout`, so the deadline is `start + timeout + 1`.
 */
import type { Arg, Reply } from '../reply.ts';
import { keySlot } from './key-slot.ts';
import type { Session } from './Session.ts';

/** Redis's `bpop` state: what a blocked session waits for and how it is served. */
export interface BlockedWait {
  readonly session: Session;
  readonly db: number;
  /** The keys waited on, duplicates removed, in argument order. */
  readonly keys: readonly Buffer[];
  /** The command that serves the wait from `key` (a pop or a move), run in `db`. */
  readonly serveArgv: (key: Buffer) => Arg[];
  /** The reply for the waiting client, from the serving command's non-nil reply. */
  readonly replyFor: (key: Buffer, served: Reply) => Reply;
  /** First clock reading at which the wait has timed out; null waits forever. */
  readonly deadlineMs: number | null;
}

export interface ReadyKey {
  readonly db: number;
  readonly key: Buffer;
  readonly slot: string;
}

const LLONG_MAX = 9223372036854775807n;
const ULLONG_SPAN = 18446744073709551616n;

/**
 * Redis's `timeout += mstime()` in signed 64-bit arithmetic (it wraps, and a wrapped deadline
 * has already passed), plus one for "timed out once the clock passes it". Null for 0, forever.
 */
export function deadlineAfter(nowMs: number, timeoutMs: bigint): number | null {
  if (timeoutMs === 0n) return null;
  let end = BigInt(Math.trunc(nowMs)) + timeoutMs;
  if (end > LLONG_MAX) end -= ULLONG_SPAN;
  return Number(end) + 1;
}

export class BlockedTable {
  private readonly byKey = new Map<string, BlockedWait[]>();
  private readonly waits = new Set<BlockedWait>();
  private readonly ready: ReadyKey[] = [];
  private readonly readySlots = new Set<string>();
  /** nextDeadlineMs's answer, kept until a wait begins or ends (hosts ask after every command). */
  private earliestDeadlineMs: number | null | undefined = undefined;

  get size(): number {
    return this.waits.size;
  }

  get readyCount(): number {
    return this.ready.length;
  }

  has(wait: BlockedWait): boolean {
    return this.waits.has(wait);
  }

  block(wait: BlockedWait): void {
    this.waits.add(wait);
    this.earliestDeadlineMs = undefined;
    for (const key of wait.keys) {
      const slot = keySlot(wait.db, key);
      const queue = this.byKey.get(slot);
      if (queue === undefined) this.byKey.set(slot, [wait]);
      else queue.push(wait);
    }
  }

  unblock(wait: BlockedWait): void {
    if (!this.waits.delete(wait)) return;
    this.earliestDeadlineMs = undefined;
    for (const key of wait.keys) {
      const slot = keySlot(wait.db, key);
      const queue = this.byKey.get(slot);
      if (queue === undefined) continue;
      const index = queue.indexOf(wait);
      if (index >= 0) queue.splice(index, 1);
      if (queue.length === 0) this.byKey.delete(slot);
    }
  }

  /** Redis `signalKeyAsReady`: queued only when someone waits on it, and only once. */
  signal(db: number, key: Buffer): void {
    const slot = keySlot(db, key);
    if (!this.byKey.has(slot) || this.readySlots.has(slot)) return;
    this.readySlots.add(slot);
    this.ready.push({ db, key, slot });
  }

  /** The oldest ready key, taken off the queue (it may be signalled again while served). */
  takeReady(): ReadyKey | undefined {
    const next = this.ready.shift();
    if (next !== undefined) this.readySlots.delete(next.slot);
    return next;
  }

  /** The waits on a key, oldest first, as a copy the caller may walk while serving. */
  waitsOn(slot: string): BlockedWait[] {
    return [...(this.byKey.get(slot) ?? [])];
  }

  /** Waits whose deadline is at or before `nowMs`: by deadline, then session id (Redis's order). */
  timedOut(nowMs: number): BlockedWait[] {
    const expired: BlockedWait[] = [];
    for (const wait of this.waits) {
      if (wait.deadlineMs !== null && wait.deadlineMs <= nowMs) expired.push(wait);
    }
    return expired.sort((a, b) => a.deadlineMs! - b.deadlineMs! || a.session.id - b.session.id);
  }

  nextDeadlineMs(): number | null {
    if (this.earliestDeadlineMs !== undefined) return this.earliestDeadlineMs;
    let next: number | null = null;
    for (const wait of this.waits) {
      if (wait.deadlineMs !== null && (next === null || wait.deadlineMs < next)) next = wait.deadlineMs;
    }
    this.earliestDeadlineMs = next;
    return next;
  }
}
