/**
 * FaultController: the simulator side of the faults. It applies fault events to the world's
 * simulated disk and target (crash, power loss, bit rot, disk full, armed statement faults,
 * slow disk, the liveness restart), explains error replies that a fault caused, keeps the
 * durability log, and runs the recovery checker after every restart. Everything it does
 * follows from the config and the events, so a replay or a shrunk trace rebuilds it exactly.
 */
import Database from 'better-sqlite3';
import {
  diskFullPageLimit,
  diskSpaceRestored,
  makeStatementFaultHook,
  SimulatedCrash,
  type StatementFaultHook,
} from '../../faults/index.ts';
import { probe } from '../../faults/probe.ts';
import { RedliteOpenError } from '../../redlite/errors.ts';
import type { Reply } from '../../redlite/reply.ts';
import {
  type Candidate,
  CRASH_RECOVERY_CONSISTENT,
  dumpRecovered,
  settle,
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
import type { Applied, OpObserver, World } from '../world/World.ts';
import { adoptTargetState } from './adopt-state.ts';
import { DurabilityLog, type LoggedOp, replayOp } from './DurabilityLog.ts';
import type { SimDiskStorage, SyncKind } from './SimDiskStorage.ts';

export class UnknownFaultError extends Error {
  constructor(event: FaultEvent) {
    super(`event ${event.index}: unknown fault ${JSON.stringify(event.fault)}`);
    this.name = 'UnknownFaultError';
  }
}

const NONE: Applied = { reply: null, failure: null };
const NIL: Reply = { type: 'bulk', value: null };

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

/**
 * Restarts the target; a store SQLite cannot open (rot in its schema) is an outcome to judge,
 * never a crash of the tool: the run ends with it as a crash_recovery_consistent finding.
 */
function reopen(world: World, dbPath: string, event: SimEvent, what: string): Applied | null {
  try {
    world.restart(dbPath);
    return null;
  } catch (error) {
    if (!(error instanceof RedliteOpenError)) throw error;
    const message = `after ${what}: the recovered store cannot be opened: ${error.message}`;
    world.logger.error({ event: event.index, invariant: CRASH_RECOVERY_CONSISTENT }, message);
    return {
      reply: null,
      failure: { invariant: CRASH_RECOVERY_CONSISTENT, event_index: event.index, message },
    };
  }
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
  private liveness = false;

  constructor(config: WorldConfig, storage: SimDiskStorage) {
    this.config = config;
    this.storage = storage;
    storage.listen({
      beforeStatement: (info) => {
        if (this.inOp) this.active?.hook.hook(info);
      },
      onSync: (kind) => this.onSync(kind),
    });
  }

  /**
   * Binds the world once it exists, with one sync: SQLite syncs a database it creates. Later
   * reopens sync nothing; a restarted process makes nothing durable until its next sync point.
   */
  attach(world: World): void {
    this.world = world;
    this.storage.disk.sync();
    const rates = this.config.faults;
    if (
      [FAULT_KIND.powerLoss, FAULT_KIND.misdirectedWrite, FAULT_KIND.bitRot].some(
        (kind) => (rates[kind] ?? 0) > 0,
      )
    )
      this.log = new DurabilityLog(world.model);
  }

  readonly handle = (event: FaultEvent, world: World): Applied => {
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
      case FAULT_EVENTS.slowDisk:
        // The latency is already in the trace: the generator delayed that client's next op.
        probe('fault.slow_disk');
        return NONE;
      case FAULT_EVENTS.connectionDrop:
        return this.dropConnection(event, world);
      case FAULT_EVENTS.livenessRestart:
        this.liveness = true;
        this.armed = null;
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
    this.inOp = true;
    if (this.armed !== null) {
      const plan = this.armed;
      this.armed = null;
      this.active = { plan, hook: makeStatementFaultHook(plan, Database.SqliteError) };
    }
  }

  explainReply(event: OpEvent, actual: Reply): boolean {
    const world = this.world as World;
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
    this.endOp();
    // An I/O error may also hit the checkpoint after the command's COMMIT, which redlite
    // survives: the command then succeeded, and the model judges it like any other.
    if (actual.type !== 'error') return false;
    if (fired === 'io_error') {
      probe('recovery.io_error_rolled_back');
    } else if (this.diskFull && /full/i.test(actual.value)) {
      probe('recovery.disk_full_rejected');
    } else if (
      world.corruption.explainsError({
        argv: event.argv,
        actual,
        modelReply: () => world.model.clone?.().exec(event.argv),
        livenessPhase: this.liveness,
      })
    ) {
      probe('recovery.corrupted_key_error');
    } else {
      return false;
    }
    this.log?.opDone(world.model);
    return true;
  }

  afterOp(event: OpEvent, actual: Reply, write: boolean, units?: readonly AppliedStep[][]): void {
    const world = this.world as World;
    if (this.log === null) return;
    if (!write) this.log.opDone(world.model);
    else if (units !== undefined && !plainUnit(event, units)) this.log.afterUnits(event, units, world.model);
    else this.log.afterOp(event, actual, world.model.isRandomCommand(event.argv), world.model);
  }

  private endOp(): void {
    this.inOp = false;
    this.active = null;
  }

  private onSync(kind: SyncKind): void {
    if (this.world === null || this.log === null) return;
    this.log.onSync(kind, this.inOp, this.world.model);
  }

  /** A process crash (or the liveness restart): the page cache survives, so nothing may be lost. */
  private restartAfter(event: SimEvent, world: World, what: string, inFlight: OpEvent | null): Applied {
    // The in-flight op's steps, read before the restart ends its session (an EXEC's queue).
    const steps = inFlight === null ? null : world.inFlightSteps;
    const unopenable = reopen(world, this.storage.disk.crash().dbPath, event, what);
    if (unopenable !== null) return unopenable;
    // SQLite recovers the WAL when the first connection opens, so a rotted frame cuts it short.
    const floor = this.log?.walRotExcuse === true ? 0 : null;
    return this.recover(event, world, what, inFlight, floor, steps);
  }

  private powerLoss(event: FaultEvent, world: World): Applied {
    const misdirected = Number(event.params?.misdirectedProbability ?? 0);
    const report = this.storage.disk.powerLoss(BigInt(event.seed), { misdirectedProbability: misdirected });
    if (report.sectorsMisdirected > 0) world.corruption.faultMayHaveCorrupted();
    const unopenable = reopen(world, report.dbPath, event, 'a power loss');
    if (unopenable !== null) return unopenable;
    return this.recover(event, world, 'a power loss', null, this.log?.durableFloor(misdirected > 0) ?? null);
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
    const actual = dumpRecovered(world, event.index, what);
    if (!(actual instanceof Map)) return { reply: null, failure: actual };
    const log = this.log;
    const acknowledged = log?.acknowledged ?? 0;
    // The op in flight, whole: an EXEC's whole queue (its steps, taken before it ran).
    const inFlightOp: LoggedOp =
      steps === null || inFlight === null
        ? { argv: inFlight?.argv ?? [], atMs: inFlight?.atMs ?? 0, observed: NIL, random: false }
        : { argv: inFlight.argv, atMs: inFlight.atMs, observed: NIL, random: false, steps };
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
      return this.unexplained(event, world, partial ?? outcome.failure);
    }
    const { candidate } = outcome;
    if (inFlight !== null) probe('recovery.maybe_applied_settled');
    // No sync here: a restarted process makes nothing durable until its next sync point.
    world.replaceModel(candidate.model);
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
      acknowledged,
      kept: candidate.kept,
      walRotted: log?.walRotExcuse === true,
      mayMisplaceSectors: Number((event as FaultEvent).params?.misdirectedProbability ?? 0) > 0,
    });
    log?.afterPowerLoss(candidate.kept);
    return failure === null ? NONE : { reply: null, failure };
  }

  /**
   * A recovery no candidate explains. After a rotted WAL frame, or a power loss that misplaced
   * sectors, SQLite may lay older WAL frames over newer database pages: a mix the checker
   * cannot enumerate and SQLite cannot detect. Only then is the recovered state adopted (and
   * probed); any other unexplained recovery is a crash_recovery_consistent failure.
   */
  private unexplained(event: SimEvent, world: World, failure: RunFailure): Applied {
    const misdirected = event.kind === 'fault' && Number(event.params?.misdirectedProbability ?? 0) > 0;
    const clone = world.model.clone?.();
    if (this.log?.walRotExcuse !== true && !misdirected) return { reply: null, failure };
    if (clone === undefined) return { reply: null, failure };
    world.corruption.adoptRecovery((corrupted) => adoptTargetState(world.target, clone, corrupted));
    world.replaceModel(clone);
    this.log?.adopted(clone);
    probe('recovery.corrupt_recovery_adopted');
    return NONE;
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
    world.corruption.faultMayHaveCorrupted();
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
