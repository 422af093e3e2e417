/**
 * HistoryRecorder: builds a history as a run goes. A client calls `invoke` when it sends an
 * operation and `complete` (or `fail`) when the answer comes back; whatever is still open when
 * the run ends, or is `abandon`ed when its process crashes or its connection drops, becomes an
 * `unknown` outcome. It covers bookkeeping only: no judging, no files (history-jsonl.ts writes
 * them).
 *
 * Wall-clock callers pass fractional readings: invoke times round down and return times up, so
 * a recorded interval always contains the real one.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { History, HistoryClock, HistoryOp, OpStatus } from './history.ts';

export class RecorderError extends Error {
  readonly handle: number;
  constructor(handle: number, reason: string) {
    super(`history recorder, op #${handle}: ${reason}`);
    this.name = 'RecorderError';
    this.handle = handle;
  }
}

interface OpenOp {
  readonly process: number;
  readonly invokeMs: number;
  readonly commands: readonly (readonly Arg[])[];
  readonly txn: boolean;
}

export class HistoryRecorder {
  readonly clock: HistoryClock;
  private readonly open = new Map<number, OpenOp>();
  private readonly closed: HistoryOp[] = [];
  private nextId = 0;

  constructor(clock: HistoryClock) {
    this.clock = clock;
  }

  /** Records a command sent by `process`; returns the handle that completes it. */
  invoke(process: number, argv: readonly Arg[], atMs: number): number {
    return this.invokeOp(process, [argv], false, atMs);
  }

  /** Records a MULTI/EXEC block sent by `process`, applied atomically if at all. */
  invokeTxn(process: number, commands: readonly (readonly Arg[])[], atMs: number): number {
    return this.invokeOp(process, commands, true, atMs);
  }

  complete(handle: number, reply: Reply, atMs: number): void {
    this.close(handle, 'ok', reply, atMs);
  }

  /** The operation returned and is known to have had no effect. */
  fail(handle: number, atMs: number): void {
    this.close(handle, 'fail', null, atMs);
  }

  /** The operation's outcome will never be known (its process crashed, its connection died). */
  abandon(handle: number): void {
    const op = this.take(handle);
    this.closed.push({ id: handle, ...op, returnMs: null, status: 'unknown', reply: null });
  }

  get openCount(): number {
    return this.open.size;
  }

  /** The history so far, in id order; operations still open count as unknown. */
  history(): History {
    const ops = [...this.closed];
    for (const [id, op] of this.open) ops.push({ id, ...op, returnMs: null, status: 'unknown', reply: null });
    ops.sort((a, b) => a.id - b.id);
    return { clock: this.clock, ops };
  }

  private invokeOp(
    process: number,
    commands: readonly (readonly Arg[])[],
    txn: boolean,
    atMs: number,
  ): number {
    const id = this.nextId++;
    this.open.set(id, { process, invokeMs: Math.floor(atMs), commands, txn });
    return id;
  }

  private close(handle: number, status: OpStatus, reply: Reply | null, atMs: number): void {
    const op = this.take(handle);
    const returnMs = Math.ceil(atMs);
    if (returnMs < op.invokeMs) throw new RecorderError(handle, `returned at ${atMs}, before its invoke`);
    this.closed.push({ id: handle, ...op, returnMs, status, reply });
  }

  private take(handle: number): OpenOp {
    const op = this.open.get(handle);
    if (op === undefined) throw new RecorderError(handle, 'not open (never invoked, or closed already)');
    this.open.delete(handle);
    return op;
  }
}
