/**
 * The history the linearizability checker judges: one record per operation a client issued,
 * with the process (client) that issued it, its invoke and return times, what it asked and
 * what it was told. It covers the types and their validation; reading and writing files is
 * history-jsonl.ts, and building a history as a run goes is HistoryRecorder.ts.
 *
 * Times are integer milliseconds on one clock: virtual time for simulated worlds, wall time
 * for live servers (a recorder rounds invoke times down and return times up, which only widens
 * an interval and so never turns a linearizable history into a failing one).
 *
 * An operation has one of three outcomes:
 * - `ok`: it returned `reply` at `returnMs`, and took effect once, somewhere in
 *   [invokeMs, returnMs];
 * - `unknown`: it never returned (a crash or a dropped connection cut it off). It may have taken
 *   effect at any time after `invokeMs`, or never; its reply is unknown;
 * - `fail`: it returned at `returnMs` and is known to have had no effect (the client was told
 *   so before the command ran). It is kept for the record and the export, and ignored by the
 *   search.
 *
 * An operation is one command, or a transaction: several commands applied atomically at one
 * instant (a MULTI/EXEC block) whose reply is the array of their replies.
 *
 * A history may also hold losses: a server killed at `killMs` and answering again at `upMs`
 * whose promise lets it lose the writes it acknowledged after `fromMs` (Redis's everysec). The
 * server's state after the restart is then its state at some instant at or after `fromMs`: the
 * writes applied since that instant are lost, as one suffix, and nothing older is. Replies given
 * before the kill stand as observed (they came from memory). partition-history.ts turns each
 * loss into a pseudo-operation of every partition, and search.ts rolls the state back for it.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { formatArgv } from '../format-reply.ts';

export type OpStatus = 'ok' | 'unknown' | 'fail';

export type HistoryClock = 'virtual' | 'wall';

export interface HistoryOp {
  /** Unique within the history; reports name operations by it (`#12`). */
  readonly id: number;
  /** The client (connection) that issued it. */
  readonly process: number;
  readonly invokeMs: number;
  /** Null exactly when status is `unknown`. */
  readonly returnMs: number | null;
  /** One argv for a command; several for a transaction. */
  readonly commands: readonly (readonly Arg[])[];
  readonly txn: boolean;
  readonly status: OpStatus;
  /** The reply when status is `ok` (for a transaction, the array of replies); else null. */
  readonly reply: Reply | null;
  /**
   * Set only on a loss's pseudo-operation (partition-history.ts): the instant from which
   * acknowledged writes may be lost. Its invokeMs and returnMs are the kill and the restart.
   */
  readonly lossFromMs?: number;
}

export interface LossEvent {
  /** Unique among the history's operations and losses. */
  readonly id: number;
  /** Writes applied at or after this instant may be lost (killMs minus the promise's window). */
  readonly fromMs: number;
  readonly killMs: number;
  /** When the restarted server answered again. */
  readonly upMs: number;
}

export interface History {
  readonly clock: HistoryClock;
  readonly ops: readonly HistoryOp[];
  /** Kills that may have lost a suffix of acknowledged writes; none when absent. */
  readonly losses?: readonly LossEvent[];
}

export class HistoryError extends Error {
  readonly opId: number;
  readonly reason: string;
  constructor(opId: number, reason: string) {
    super(`history op #${opId}: ${reason}`);
    this.name = 'HistoryError';
    this.opId = opId;
    this.reason = reason;
  }
}

function isTime(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Throws HistoryError for the first operation that breaks the rules above. */
export function validateHistory(history: History): void {
  const ids = new Set<number>();
  for (const op of history.ops) {
    validateOp(op);
    if (ids.has(op.id)) throw new HistoryError(op.id, 'id used twice');
    ids.add(op.id);
  }
  for (const loss of history.losses ?? []) {
    validateLoss(loss);
    if (ids.has(loss.id)) throw new HistoryError(loss.id, 'id used twice');
    ids.add(loss.id);
  }
}

/** Throws HistoryError when a loss's times are out of order. */
export function validateLoss(loss: LossEvent): void {
  if (!Number.isSafeInteger(loss.id) || loss.id < 0)
    throw new HistoryError(loss.id, 'loss id must be an integer >= 0');
  for (const [name, value] of [
    ['fromMs', loss.fromMs],
    ['killMs', loss.killMs],
    ['upMs', loss.upMs],
  ] as const) {
    if (!Number.isSafeInteger(value))
      throw new HistoryError(loss.id, `loss ${name} ${value} must be an integer`);
  }
  if (!(loss.fromMs <= loss.killMs && loss.killMs <= loss.upMs))
    throw new HistoryError(loss.id, `loss times must satisfy fromMs <= killMs <= upMs`);
}

/** Throws HistoryError when one operation breaks the rules above (uniqueness aside). */
export function validateOp(op: HistoryOp): void {
  if (!Number.isSafeInteger(op.id) || op.id < 0) throw new HistoryError(op.id, 'id must be an integer >= 0');
  if (!Number.isSafeInteger(op.process) || op.process < 0)
    throw new HistoryError(op.id, `process ${op.process} must be an integer >= 0`);
  if (!isTime(op.invokeMs)) throw new HistoryError(op.id, `invokeMs ${op.invokeMs} must be an integer >= 0`);
  validateOutcome(op);
  if (op.commands.length === 0) throw new HistoryError(op.id, 'no command');
  if (!op.txn && op.commands.length !== 1) throw new HistoryError(op.id, 'several commands but not a txn');
  for (const argv of op.commands) {
    if (argv.length === 0) throw new HistoryError(op.id, 'an empty argv');
  }
}

function validateOutcome(op: HistoryOp): void {
  if (op.status === 'unknown') {
    if (op.returnMs !== null) throw new HistoryError(op.id, 'an unknown outcome has no returnMs');
    if (op.reply !== null) throw new HistoryError(op.id, 'an unknown outcome has no reply');
    return;
  }
  if (op.returnMs === null) throw new HistoryError(op.id, `status ${op.status} needs a returnMs`);
  if (!isTime(op.returnMs)) throw new HistoryError(op.id, `returnMs ${op.returnMs} must be an integer >= 0`);
  if (op.returnMs < op.invokeMs)
    throw new HistoryError(op.id, `returnMs ${op.returnMs} is before invokeMs ${op.invokeMs}`);
  if (op.status === 'ok' && op.reply === null) throw new HistoryError(op.id, 'status ok needs a reply');
}

/** The operation as one line of text: `SET k v`, or `MULTI; INCR a; GET a; EXEC`. */
export function opText(op: HistoryOp): string {
  if (op.lossFromMs !== undefined)
    return `(kill: writes applied since ${op.lossFromMs} ms may be lost by the restart)`;
  const parts = op.commands.map(formatArgv);
  return op.txn ? `MULTI; ${parts.join('; ')}; EXEC` : (parts[0] ?? '');
}
