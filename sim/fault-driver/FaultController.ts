/**
 * FaultController: the simulator side of the faults. It applies fault events to the world's
 * simulated disk and target (crash, power loss, bit rot, disk full, armed statement faults,
 * slow disk, memory pressure, the I/O faults armed in the shim, the liveness restart), explains
 * error replies that a fault caused, keeps the durability log from the syncs SQLite was seen to
 * make, and runs the recovery checker after every restart. Everything it does follows from the
 * config and the events, so a replay or a shrunk trace rebuilds it exactly.
 */
import Database from 'better-sqlite3';
import type { IoFaultEvent, IoStep } from '../../faults/index.ts';
import {
  diskFullPageLimit,
  diskSpaceRestored,
  MemoryPressure,
  makeStatementFaultHook,
  SimDiskError,
  SimulatedCrash,
  type StatementFaultHook,
} from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';
import type { Reply } from '../../redlite/reply.ts';
import {
  type Candidate,
  CRASH_RECOVERY_CONSISTENT,
  dumpRecovered,
  settle,
  UNLISTABLE,
  verdictFor,
} from '../checkers/crash-recovery-consistent.ts';
import { EXEC_ATOMIC, partialExecVerdict } from '../checkers/exec-atomic.ts';
import { walDurabilityVerdict } from '../checkers/wal-durability.ts';
import { FAULT_EVENTS, FAULT_KIND } from '../config/fault-vocabulary.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { FaultEvent, OpEvent, SimEvent } from '../events.ts';
import { commandName } from '../format-reply.ts';
import type { AppliedStep } from '../model/session/types.ts';
import type { RunFailure } from '../run-types.ts';
import type { Applied, AuditAfter, OpObserver, World } from '../world/World.ts';
import { DurabilityLog, type LoggedOp, replayOp } from './DurabilityLog.ts';
import { IoFaultQueue, ioFaultProbe } from './io-fault-queue.ts';
import { ProcessFaults } from './process-faults.ts';
import type { SimDiskStorage } from './SimDiskStorage.ts';

export class UnknownFaultError extends Error {
  constructor(event: FaultEvent) {
    super(`event ${event.index}: unknown fault ${JSON.stringify(event.fault)}`);
    this.name = 'UnknownFaultError';
  }
}

const NONE: Applied = { reply: null, failure: null };
const NIL: Reply = { type: 'bulk', value: null };

/** A module function, not an arrow made at every op (docs/architecture.md, Closures on hot paths). */
function isTornRead(fault: { readonly action: string }): boolean {
  return fault.action === 'torn-read';
}

interface Armed {
  readonly kind: 'crash' | 'io_error';
  readonly statementsBefore: number;
}

/** Whether the op's units are just the op itself in database 0, logged as before sessions. */
function plainUnit(event: OpEvent, units: readonly (readonly AppliedStep[])[]): boolean {
  if (units.length !== 1 || units[0]!.length !== 1) return false;
  const step = units[0]![0]!;
  return (
    step.db === 0 &&
    step.argv.length === event.argv.length &&
    commandName(step.argv) === commandName(event.argv)
  );
}

/**
 * exec_atomic after a crash inside a transaction: when the recovered state is the model plus
 * only the first few of the in-flight EXEC's steps, that part of the transaction survived.
 */
function partialExec(
  world: World,
  actual: Parameters<typeof verdictFor>[1],
  steps: readonly AppliedStep[],
  eventIndex: number,
): RunFailure | null {
  if (steps.length < 2 || world.model.clone === undefined) return null;
  const model = world.model.clone();
  for (let applied = 1; applied < steps.length; applied++) {
    const step = steps[applied - 1]!;
    model.exec(step.argv, step.db);
    if (verdictFor(world, actual, model) === null) {
      return {
        invariant: EXEC_ATOMIC,
        event_index: eventIndex,
        message: partialExecVerdict(applied, steps.length),
      };
    }
  }
  return null;
}

export class FaultController implements OpObserver {
  private readonly config: WorldConfig;
  private readonly storage: SimDiskStorage;
  private world: World | null = null;
  private log: DurabilityLog | null = null;
  private armed: Armed | null = null;
  private active: { plan: Armed; hook: StatementFaultHook } | null = null;
  private inOp = false;
  private diskFull = false;
  /** The memory pressure in force, or null; its hook fails statements with SQLITE_NOMEM. */
  private pressure: MemoryPressure | null = null;
  private liveness = false;
  /** Set while the target reopens; a checkpoint redlite runs at open lands in `syncedAtOpen`. */
  private restarting = false;
  private syncedAtOpen = false;
  /** A world of several processes takes its faults there instead. */
  private readonly processFaults: ProcessFaults;
  /** I/O faults waiting to be armed in the shim for the coming commands. */
  private readonly ioFaults = new IoFaultQueue();
  /** Injected I/O faults that fired during the current command. */
  private firedInOp: IoFaultEvent[] = [];
  /** Whether the WAL held unsynced bytes after the last step. */
  private walDirty = false;

  constructor(config: WorldConfig, storage: SimDiskStorage) {
    this.config = config;
    this.storage = storage;
    this.processFaults = new ProcessFaults(config, storage);
    storage.listen({
      beforeStatement: (info) => {
        if (!this.inOp) return;
        this.active?.hook.hook(info);
        this.pressure?.hook(info);
      },
      onIoStep: (step) => this.onIoStep(step),
    });
  }

  /**
   * Binds the world once it exists, and replays the I/O of redlite's first open: what SQLite
   * synced while it created the database is durable, and nothing else.
   */
  attach(world: World): void {
    this.world = world;
    const rates = this.config.faults;
    if (
      [
        FAULT_KIND.powerLoss,
        FAULT_KIND.misdirectedWrite,
        FAULT_KIND.bitRot,
        FAULT_KIND.fsyncFailure,
        FAULT_KIND.crashMidIo,
      ].some((kind) => (rates[kind] ?? 0) > 0)
    )
      this.log = new DurabilityLog(world.model);
    this.storage.step();
  }

  readonly handle = (event: FaultEvent, world: World): Applied => {
    const group = world.processGroup;
    // Checked for undefined too: a world stand-in without the getter has one process.
    if (group !== null && group !== undefined) return this.processFaults.handle(event, world, group);
    switch (event.fault) {
      case FAULT_EVENTS.crash:
        return this.restartAfter(event, world, 'crash', null);
      case FAULT_EVENTS.crashMidCommand:
      case FAULT_EVENTS.ioError:
        if (this.liveness) return NONE;
        this.armed = {
          kind: event.fault === FAULT_EVENTS.ioError ? 'io_error' : 'crash',
          statementsBefore: Number(event.params?.statementsBefore ?? 0),
        };
        return NONE;
      case FAULT_EVENTS.powerLoss:
        return this.powerLoss(event, world);
      case FAULT_EVENTS.bitRot:
        return this.bitRot(event, world);
      case FAULT_EVENTS.diskFull:
        return this.fillDisk(event, world);
      case FAULT_EVENTS.diskSpaceRestored:
        if (this.diskFull) {
          world.target.setMaxPageCount?.(null);
          diskSpaceRestored();
        }
        this.diskFull = false;
        return NONE;
      case FAULT_EVENTS.memoryPressure:
        if (this.liveness || this.pressure !== null) return NONE;
        this.pressure = new MemoryPressure(Number(event.params?.failEvery ?? 1), Database.SqliteError);
        return NONE;
      case FAULT_EVENTS.memoryRelieved:
        this.pressure = null;
        return NONE;
      case FAULT_EVENTS.slowDisk:
        // The latency is already in the trace: the generator delayed that client's next op.
        probe('fault.slow_disk');
        return NONE;
      case FAULT_EVENTS.readError:
      case FAULT_EVENTS.writeError:
      case FAULT_EVENTS.shortWrite:
      case FAULT_EVENTS.enospc:
      case FAULT_EVENTS.fsyncFailure:
      case FAULT_EVENTS.tornRead:
      case FAULT_EVENTS.crashMidIo:
        if (!this.liveness) this.ioFaults.push(event);
        return NONE;
      case FAULT_EVENTS.connectionDrop:
        return this.dropConnection(event, world);
      case FAULT_EVENTS.livenessRestart:
        this.liveness = true;
        this.armed = null;
        this.pressure = null;
        this.ioFaults.clear();
        probe('recovery.liveness_restart');
        return this.restartAfter(event, world, 'the liveness restart', null);
      default:
        throw new UnknownFaultError(event);
    }
  };

  /** A simulated process death thrown out of a command: crash, reopen, settle the op in flight. */
  readonly onTargetThrow = (error: unknown, event: SimEvent, world: World): Applied | undefined => {
    if (!(error instanceof SimulatedCrash) || event.kind !== 'op') return undefined;
    this.endOp();
    return this.restartAfter(event, world, `a crash inside ${commandName(event.argv)}`, event);
  };

  beforeOp(_event: OpEvent): void {
    this.storage.step();
    this.inOp = true;
    this.firedInOp = [];
    this.log?.beforeOp();
    this.ioFaults.armNext(this.storage.disk);
    this.pressure?.takeFired();
    if (this.armed !== null) {
      const plan = this.armed;
      this.armed = null;
      this.active = { plan, hook: makeStatementFaultHook(plan, Database.SqliteError) };
    }
  }

  /**
   * Right after the command returned: a crash the shim fired inside one of its I/O calls is
   * the process dying there, so it is thrown as one, and the world restarts the target.
   */
  afterExec(event: OpEvent): void {
    this.storage.step();
    const crash = this.storage.disk.ioShim?.crashState() ?? null;
    if (crash === null) return;
    (this.world as World).logger.info(
      { event: event.index, file: crash.file.kind, call: crash.call, offset: crash.offsetBytes },
      'crash inside I/O',
    );
    throw new SimulatedCrash(-1);
  }

  explainReply(event: OpEvent, actual: Reply): boolean {
    const world = this.world as World;
    const ioFired = this.ioFaults.settle(this.storage.disk, this.firedInOp);
    this.firedInOp = [];
    if (ioFired.some(isTornRead)) {
      // SQLite has no page checksums: a torn page it read may now sit in its cache, or in the
      // database if a checkpoint copied it, exactly like rot that reached the store.
      world.corruption.faultMayHaveCorrupted();
      world.corruption.rotReachedStore();
    }
    if (ioFired.length > 0) {
      if (actual.type === 'error') {
        this.endOp();
        probe('recovery.io_fault_rejected');
        this.log?.opDone(world.model, this.walDirty);
        return true;
      }
      probe('recovery.io_fault_survived');
    }
    // A command queued by MULTI ran nothing yet: no fault explains its QUEUED.
    if (actual.type === 'simple' && actual.value === 'QUEUED') {
      this.endOp();
      return false;
    }
    // A keyspace-wide read may differ from the model by exactly the corrupted keys.
    if (world.corruption.excusesKeyspaceRead(event.argv)) {
      this.endOp();
      return true;
    }
    const fired = this.active?.hook.fired() === true ? this.active.plan.kind : null;
    const outOfMemory = this.pressure?.takeFired() === true;
    this.endOp();
    // An I/O error may also hit the checkpoint after the command's COMMIT, which redlite
    // survives: the command then succeeded, and the model judges it like any other.
    if (actual.type !== 'error') return false;
    if (fired === 'io_error') {
      probe('recovery.io_error_rolled_back');
    } else if (this.diskFull && /full/i.test(actual.value)) {
      probe('recovery.disk_full_rejected');
    } else if (outOfMemory && /out of memory/i.test(actual.value)) {
      // Not applied: the model skips it, so a write that did land shows at the next read of
      // its key or at the final state comparison.
      probe('recovery.memory_pressure_rejected');
    } else if (
      world.corruption.explainsError({
        argv: event.argv,
        actual,
        modelReply: () => world.modelReplyOnCopy(event.client, event.argv),
        livenessPhase: this.liveness,
      })
    ) {
      probe('recovery.corrupted_key_error');
    } else {
      return false;
    }
    this.log?.opDone(world.model, this.walDirty);
    return true;
  }

  afterOp(event: OpEvent, actual: Reply, write: boolean, units?: readonly AppliedStep[][]): void {
    const world = this.world as World;
    if (this.log === null) return;
    if (!write) this.log.opDone(world.model, this.walDirty);
    else if (units !== undefined && !plainUnit(event, units))
      this.log.afterUnits(event, units, world.model, this.walDirty);
    else this.log.afterOp(event, actual, world.model.isRandomCommand(event.argv), world.model, this.walDirty);
  }

  private endOp(): void {
    this.inOp = false;
    this.active = null;
    this.ioFaults.disarm(this.storage.disk);
  }

  /** One step of observed I/O: its faults are noted and probed, its syncs move the durable point. */
  private onIoStep(step: IoStep): void {
    this.walDirty = step.walDirty;
    for (const fault of step.faults) {
      probe(ioFaultProbe(fault));
      this.world?.logger.info(
        {
          file: fault.file.kind,
          call: fault.call,
          action: fault.action,
          offset: fault.offsetBytes,
          length: fault.lengthBytes,
          landed: fault.landedBytes,
          code: fault.code,
        },
        'I/O fault fired',
      );
      if (this.inOp) this.firedInOp.push(fault);
    }
    if (step.droppedBytes > 0) probe('recovery.fsync_dropped_pages');
    if (step.walSyncs > 0) probe('recovery.wal_sync_observed');
    if (step.dbSyncs > 0) probe('recovery.checkpoint_sync_observed');
    if (step.walSyncs + step.dbSyncs === 0) return;
    if (this.restarting) {
      // The model is not settled yet: the recovery check decides which state this sync made
      // durable (see recover()).
      this.syncedAtOpen = true;
      return;
    }
    if (this.world === null || this.log === null) return;
    // In WAL mode the database file is synced only when a checkpoint has copied every commit
    // into it; a WAL sync covers the frames written before it.
    this.log.onSync(step.dbSyncs > 0 ? 'checkpoint' : 'wal', this.inOp, this.world.model);
  }

  /** A process crash (or the liveness restart): the page cache survives, so nothing may be lost. */
  private restartAfter(event: SimEvent, world: World, what: string, inFlight: OpEvent | null): Applied {
    this.storage.step();
    // The in-flight op's steps, read before the restart ends its session (an EXEC's queue).
    const steps = inFlight === null ? null : world.inFlightSteps;
    const refused = this.reopen(world, this.storage.disk.crash().dbPath);
    if (refused !== null) return this.refusedOpen(event, world, what, refused);
    // SQLite recovers the WAL when the first connection opens, so a rotted frame cuts it short.
    const floor = this.log?.walRotExcuse === true ? 0 : null;
    const applied = this.recover(event, world, what, inFlight, floor, steps);
    return this.audited(applied, event, world, what, floor === null ? 'lossless-restart' : 'lossy-restart');
  }

  private powerLoss(event: FaultEvent, world: World): Applied {
    const misdirected = Number(event.params?.misdirectedProbability ?? 0);
    this.storage.step();
    const report = this.storage.disk.powerLoss(BigInt(event.seed), { misdirectedProbability: misdirected });
    world.logger.info(
      {
        event: event.index,
        unsynced: report.sectorsUnsynced,
        kept: report.sectorsKept,
        torn: report.sectorsTorn,
        dropped: report.sectorsDropped,
        misdirected: report.sectorsMisdirected,
      },
      'power loss',
    );
    if (report.sectorsMisdirected > 0) world.corruption.faultMayHaveCorrupted();
    const refused = this.reopen(world, report.dbPath);
    if (refused !== null) return this.refusedOpen(event, world, 'a power loss', refused);
    const floor = this.log?.durableFloor() ?? null;
    // Nothing acknowledged may be lost only when the floor covers every acknowledged write.
    const lossless =
      misdirected === 0 &&
      this.log?.walRotExcuse !== true &&
      (floor === null || floor >= (this.log?.acknowledged ?? 0));
    const applied = this.recover(event, world, 'a power loss', null, floor);
    return this.audited(
      applied,
      event,
      world,
      'a power loss',
      lossless ? 'lossless-restart' : 'lossy-restart',
    );
  }

  /** Reopens the target, noting whether redlite synced (checkpointed) while it opened. */
  private reopen(world: World, dbPath: string): unknown {
    // Faults armed for the process that died die with it; its crash is handled.
    this.ioFaults.disarm(this.storage.disk);
    this.storage.disk.ioShim?.clearCrash();
    this.restarting = true;
    this.syncedAtOpen = false;
    try {
      return world.restart(dbPath);
    } finally {
      this.storage.step();
      this.restarting = false;
    }
  }

  /**
   * The store would not open after a restart. After corruption, refusing with a corruption
   * error is what redlite promises (errors, never wrong data): the world cannot go on, and
   * halts without a failure. Any other refusal is a crash_recovery_consistent failure.
   */
  private refusedOpen(event: SimEvent, world: World, what: string, error: unknown): Applied {
    // The simulated disk failing while the store opened is a simulator bug, not redlite's.
    if (error instanceof SimDiskError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (world.corruption.explainsRefusedOpen(message)) {
      probe('recovery.open_refused_corrupt');
      return { reply: null, failure: null, halt: `after ${what}, the store refused to open: ${message}` };
    }
    return {
      reply: null,
      failure: {
        invariant: CRASH_RECOVERY_CONSISTENT,
        event_index: event.index,
        message: `after ${what}: the store cannot open: ${message}`,
      },
    };
  }

  /** storage_consistent after a recovery that passed its checks: SQLite's full check and redlite's audit. */
  private audited(applied: Applied, event: SimEvent, world: World, what: string, after: AuditAfter): Applied {
    if (applied.failure !== null) return applied;
    const failure = world.auditStorage(event.index, `after ${what}`, 'full', after);
    return failure === null ? applied : { reply: applied.reply, failure };
  }

  /**
   * The recovery checker: the restarted store must hold every acknowledged write (and the
   * in-flight one or not), or, from `floor` on, the snapshot plus a prefix of the logged writes.
   */
  private recover(
    event: SimEvent,
    world: World,
    what: string,
    inFlight: OpEvent | null,
    floor: number | null,
    steps: readonly AppliedStep[] | null = null,
  ): Applied {
    this.diskFull = false;
    const dumped = dumpRecovered(world, event.index, what);
    const log = this.log;
    const acknowledged = log?.acknowledged ?? 0;
    // The op in flight, whole: an EXEC's whole queue (its steps, taken before it ran).
    const inFlightOp: LoggedOp =
      steps === null || inFlight === null
        ? { argv: inFlight?.argv ?? [], atMs: inFlight?.atMs ?? 0, observed: NIL, random: false }
        : { argv: inFlight.argv, atMs: inFlight.atMs, observed: NIL, random: false, steps };
    if (dumped === UNLISTABLE) {
      // Nothing to compare: the whole key space answers errors. The model stands as it is.
      const kept: Candidate = { model: world.model, kept: null, inFlightApplied: false };
      const verdict = this.settled(event, world, what, kept, inFlightOp, acknowledged, floor);
      if (this.syncedAtOpen) log?.checkpointed(world.model);
      return verdict;
    }
    if (!(dumped instanceof Map)) return { reply: null, failure: dumped };
    const actual = dumped;
    const candidates = function* (): Generator<Candidate> {
      yield { model: world.model, kept: null, inFlightApplied: false };
      if (inFlight !== null && world.model.clone !== undefined) {
        const applied = world.model.clone();
        replayOp(applied, inFlightOp);
        yield { model: applied, kept: null, inFlightApplied: true };
      }
      if (log === null || floor === null) return;
      for (const { kept, model } of log.prefixes(floor, acknowledged)) {
        yield { model, kept, inFlightApplied: false };
      }
    };
    const outcome = settle(world, actual, candidates(), event.index, what);
    if ('failure' in outcome) {
      const partial = steps === null ? null : partialExec(world, actual, steps, event.index);
      return { reply: null, failure: partial ?? outcome.failure };
    }
    const { candidate } = outcome;
    if (inFlight !== null) probe('recovery.maybe_applied_settled');
    world.replaceModel(candidate.model);
    const verdict = this.settled(event, world, what, candidate, inFlightOp, acknowledged, floor);
    // A checkpoint redlite ran while it reopened put the recovered state on the platter: it is
    // the new durable snapshot. Otherwise a restart syncs nothing, so what was not durable
    // before is not durable now.
    if (this.syncedAtOpen) log?.checkpointed(candidate.model);
    return verdict;
  }

  /** Logs and probes what a settled recovery kept, and judges what it lost. */
  private settled(
    event: SimEvent,
    world: World,
    what: string,
    candidate: Candidate,
    inFlightOp: LoggedOp,
    acknowledged: number,
    floor: number | null,
  ): Applied {
    const log = this.log;
    if (candidate.kept === null) {
      world.logger.info(
        { event: event.index, acknowledged, floor, inFlight: candidate.inFlightApplied },
        'recovered all',
      );
      probe('recovery.all_acked_survived');
      log?.afterCrash(candidate.inFlightApplied ? inFlightOp : null);
      return NONE;
    }
    world.logger.info(
      { event: event.index, kept: candidate.kept, acknowledged, floor },
      'recovered a prefix',
    );
    probe('recovery.acked_lost');
    const failure = walDurabilityVerdict({
      eventIndex: event.index,
      what,
      durability: this.config.durability,
      strictDurability: this.config.strictDurability,
      strictRot: this.config.strictRot === true,
      acknowledged,
      durable: log?.durable ?? 0,
      kept: candidate.kept,
      walRotted: log?.walRotExcuse === true,
    });
    if (failure === null && candidate.kept < (log?.durable ?? 0)) probe('recovery.wal_rot_loss_excused');
    log?.afterPowerLoss(candidate.kept);
    return failure === null ? NONE : { reply: null, failure };
  }

  /**
   * A client's connection drops. `idle` cuts it as it stands (inside MULTI, blocked, watching);
   * `partial-exec` cuts it with half an EXEC sent, which must run nothing; `before-reply` lets
   * the client's next command run and cuts the connection before the reply is read.
   */
  private dropConnection(event: FaultEvent, world: World): Applied {
    const client = Number(event.params?.client ?? 0);
    const mode = String(event.params?.mode ?? 'idle');
    probe('fault.connection_drop');
    if (mode === 'before-reply') world.dropAfterNextOp(client);
    else world.dropConnection(client, mode === 'partial-exec' ? ['EXEC'] : undefined);
    return NONE;
  }

  private bitRot(event: FaultEvent, world: World): Applied {
    const report = this.storage.disk.bitRot(BigInt(event.seed), { evict: event.params?.evict === true });
    if (report === null) return NONE;
    world.logger.info(
      {
        event: event.index,
        file: report.file,
        page: report.pageNumber,
        frame: report.frameIndex,
        offset: report.offsetBytes,
        surfaced: report.surfaced,
      },
      'bit rot',
    );
    world.corruption.faultMayHaveCorrupted();
    // The OS evicted the page and read the rotted sector back; SQLite's own cache must let go
    // of it too, or a long-lived connection would never see the rot. A running connection reads
    // the newest version of a page from the WAL without checking the frame's checksum (only
    // recovery checks them), so rot in either file reaches the store.
    if (report.surfaced) {
      world.corruption.rotReachedStore();
      world.target.dropPageCache?.();
    }
    if (report.file === 'wal') this.log?.walRot();
    return NONE;
  }

  /**
   * Caps the database a few pages above its size. The size comes from the target's own
   * connection: worlds run redlite with exclusive locking, so no second connection could read it.
   */
  private fillDisk(event: FaultEvent, world: World): Applied {
    const target = world.target;
    if (target.setMaxPageCount === undefined || target.pageCount === undefined || this.diskFull) return NONE;
    const pages = target.pageCount();
    target.setMaxPageCount(diskFullPageLimit(Math.max(pages, 1), BigInt(event.seed)));
    this.diskFull = true;
    return NONE;
  }
}
