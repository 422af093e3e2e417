/**
 * What the durability checker knows between two restarts: a snapshot of the model at the last
 * checkpoint (where everything committed is on the platter), the acknowledged writes since, and
 * how many of them the last sync made durable. The syncs are the ones SQLite made, as the
 * simulated disk observed them: a WAL sync makes durable every write whose frames were written
 * before it, and a database sync (a checkpoint's) makes the whole state durable. A sync inside
 * a command covers that command only when nothing was written to the WAL after it. A power loss must recover the snapshot plus SOME
 * prefix of those writes, at least up to the last sync; the candidates are rebuilt by replaying
 * the writes on a copy of the snapshot at their original virtual times.
 *
 * Rot in a WAL frame is the honest exception: recovery stops at the rotted frame, so once the
 * WAL has rotted (for the rest of the run: a rotted sector stays on the platter until other
 * bytes are written over it), any prefix down to the snapshot is allowed; so is a power loss
 * that may misplace unsynced sectors, which can land on a durable frame.
 */
import { type Arg, NIL_ARRAY, type Reply } from '../../redlite/reply.ts';
import type { OpEvent } from '../events.ts';
import type { AppliedStep } from '../model/session/types.ts';
import type { ModelPort } from '../world/model-port.ts';

/** A WAL sync, or a database sync that ended a checkpoint. */
export type SyncKind = 'wal' | 'checkpoint';

export interface LoggedOp {
  readonly argv: readonly Arg[];
  readonly atMs: number;
  /** What the target answered, so a random command replays the same choice. */
  readonly observed: Reply;
  readonly random: boolean;
  /**
   * A write unit of several commands or another database than 0 (an EXEC's queue, a blocked
   * client's pop): replayed in place of `argv`, all of it, as one SQLite transaction commits.
   */
  readonly steps?: readonly AppliedStep[];
}

export class ModelNotCloneableError extends Error {
  constructor() {
    super('the durability checker needs a model with clone() and atTime()');
    this.name = 'ModelNotCloneableError';
  }
}

export class DurabilityLog {
  private snapshot: ModelPort;
  private ops: LoggedOp[] = [];
  private durableOps = 0;
  private walRotted = false;
  private syncInOp: SyncKind | null = null;
  /** Logged writes when the current command began. */
  private opsBeforeOp = 0;

  constructor(model: ModelPort) {
    this.snapshot = cloneOf(model);
  }

  /** Acknowledged writes since the snapshot. */
  get acknowledged(): number {
    return this.ops.length;
  }

  /**
   * The fewest logged writes a recovery may keep: those the last sync made durable, or none
   * once a WAL frame rotted (recovery stops at the rotted frame; wal_durability judges that).
   */
  durableFloor(): number {
    return this.walRotted ? 0 : this.durableOps;
  }

  /** Logged writes the last sync made durable. */
  get durable(): number {
    return this.durableOps;
  }

  get walRotExcuse(): boolean {
    return this.walRotted;
  }

  /** A sync point; `inOp` when it ran inside a command (its op is logged after the model runs). */
  onSync(kind: SyncKind, inOp: boolean, model: ModelPort): void {
    if (inOp) {
      if (this.syncInOp !== 'checkpoint') this.syncInOp = kind;
      return;
    }
    this.applySync(kind, model);
  }

  /** A command begins: a sync inside it covers at least the writes logged before it. */
  beforeOp(): void {
    this.opsBeforeOp = this.ops.length;
    this.syncInOp = null;
  }

  afterOp(event: OpEvent, observed: Reply, random: boolean, model: ModelPort, walDirty: boolean): void {
    this.ops.push({ argv: event.argv, atMs: event.atMs, observed, random });
    this.opDone(model, walDirty);
  }

  /** An op that applied session steps: each unit is one transaction in the target. */
  afterUnits(
    event: OpEvent,
    units: readonly (readonly AppliedStep[])[],
    model: ModelPort,
    walDirty: boolean,
  ): void {
    for (const steps of units) {
      this.ops.push({ argv: event.argv, atMs: event.atMs, observed: NIL_ARRAY, random: false, steps });
    }
    this.opDone(model, walDirty);
  }

  /**
   * Ends an op; a sync inside it still counts. With bytes written to the WAL after that sync
   * (`walDirty`), the command's own frames may be among them, so only the writes before it
   * are durable (and a checkpoint's snapshot cannot be taken at a state the disk lacks).
   */
  opDone(model: ModelPort, walDirty: boolean): void {
    const sync = this.syncInOp;
    this.syncInOp = null;
    if (sync === null) return;
    if (walDirty) {
      this.durableOps = Math.max(this.durableOps, Math.min(this.opsBeforeOp, this.ops.length));
      return;
    }
    this.applySync(sync, model);
  }

  walRot(): void {
    this.walRotted = true;
  }

  /**
   * After a process restart settled the state: the page cache survived, so every logged write
   * stays (plus the in-flight one, when the recovery showed it applied), but a restart syncs
   * nothing, so what was not durable before is not durable now. The snapshot stays: only a
   * checkpoint moves it, because a rotted or misplaced WAL sector can still cut a later
   * recovery back to it.
   */
  afterCrash(inFlight: LoggedOp | null): void {
    if (inFlight !== null) this.ops.push(inFlight);
    this.syncInOp = null;
  }

  /** After a power loss settled on the first `kept` writes: the rest are gone for good. */
  afterPowerLoss(kept: number): void {
    // The rot excuse stays: SQLite appends after the last valid frame, and a frame rewritten
    // with the same bytes over the rotted one can revive the stale frames behind it.
    this.ops.length = kept;
    this.durableOps = kept;
    this.syncInOp = null;
  }

  /** A checkpoint that made `model` durable outside any command (redlite's checkpoint at open). */
  checkpointed(model: ModelPort): void {
    this.applySync('checkpoint', model);
  }

  /**
   * The candidate states for `kept` logged writes, from `from` up to (not including) `to`,
   * in order; each is a fresh model the caller may take as its own.
   */
  *prefixes(from: number, to: number): Generator<{ kept: number; model: ModelPort }> {
    const model = cloneOf(this.snapshot);
    const replayAt = model.atTime?.bind(model) ?? ((_: number, body: () => unknown) => body());
    for (let kept = 0; kept < to; kept++) {
      if (kept >= from) yield { kept, model: cloneOf(model) };
      const op = this.ops[kept] as LoggedOp;
      replayAt(op.atMs, () => replayOp(model, op));
    }
  }

  private applySync(kind: SyncKind, model: ModelPort): void {
    if (kind === 'checkpoint') {
      // The WAL rot excuse outlives a checkpoint: a rotted sector stays on the platter until
      // something different is written over it, so a later recovery may still stop there.
      this.snapshot = cloneOf(model);
      this.ops = [];
      this.durableOps = 0;
    } else {
      this.durableOps = this.ops.length;
    }
  }
}

/** Applies a logged op to `model`, at the model's current time. */
export function replayOp(model: ModelPort, op: LoggedOp): void {
  if (op.steps === undefined) {
    if (op.random) model.execAdopting(op.argv, op.observed);
    else model.exec(op.argv as Arg[]);
    return;
  }
  for (const step of op.steps) {
    if (step.observed !== null) model.execAdopting(step.argv, step.observed, step.db);
    else model.exec(step.argv, step.db);
  }
}

function cloneOf(model: ModelPort): ModelPort {
  if (model.clone === undefined) throw new ModelNotCloneableError();
  return model.clone();
}
