/**
 * World: the clock, the storage, the target process, the model and the checkers of one run,
 * and how one event changes them. It applies events it is given; it does not choose them.
 * The faults subsystem reaches in through `restart` (reopen the target on given files, the way
 * a process restarts after a crash), through `corruption` (what it knows of rotted bytes),
 * through `auditStorage` after a recovery, and through the fault handler it installs.
 */
import { probe } from '../../faults/probe.ts';
import type { AuditIntegrity, AuditReport } from '../../redlite/audit.ts';
import type { RedliteProbe } from '../../redlite/probes.ts';
import { type Arg, array, integer, NIL_ARRAY, type Reply } from '../../redlite/reply.ts';
import { BLOCKED_WAKES, blocksVerdict } from '../checkers/blocked-wakes.ts';
import { CorruptionLedger, type CorruptionPort } from '../checkers/CorruptionLedger.ts';
import { databasesCompared, modelDump, targetDump } from '../checkers/database-dumps.ts';
import { ExpiryShadow } from '../checkers/ExpiryShadow.ts';
import { EXEC_ATOMIC, execReplyVerdict } from '../checkers/exec-atomic.ts';
import { sameExecReply } from '../checkers/exec-reply.ts';
import { OP_CHECKERS, STRUCTURAL_COMMANDS } from '../checkers/index.ts';
import { rotVerdict } from '../checkers/rot-detected.ts';
import { type Normalize, sameReply } from '../checkers/same-reply.ts';
import { SILENT_CORRUPTION } from '../checkers/silent-corruption.ts';
import { DumpError, type KeyState } from '../checkers/state-dump.ts';
import { compareStates, STATE_INVARIANT } from '../checkers/state-matches-model.ts';
import { AUDIT_EXAMPLES_MAX, STORAGE_CONSISTENT, StorageAuditTrail } from '../checkers/storage-consistent.ts';
import { TARGET_NEVER_THROWS, thrownMessage } from '../checkers/target-never-throws.ts';
import type { OpObservation } from '../checkers/types.ts';
import { WATCH_ABORTS_ON_CHANGE, watchVerdict } from '../checkers/watch-aborts-on-change.ts';
import { FAULT_EVENTS } from '../config/fault-vocabulary.ts';
import { processCount, type WorldConfig } from '../config/WorldConfig.ts';
import type { FaultEvent, OpEvent, SimEvent, TimerEvent } from '../events.ts';
import { commandName, formatArg, formatArgv, formatReply } from '../format-reply.ts';
import type { Logger } from '../log/logger.ts';
import type { AppliedStep, SessionStore } from '../model/session/types.ts';
import type { Steps } from '../pacing.ts';
import type { RunFailure } from '../run-types.ts';
import type { VirtualClock } from '../VirtualClock.ts';
import type { ModelPort } from './model-port.ts';
import { ProcessGroup } from './processes/ProcessGroup.ts';
import { RarePathCrashes } from './rare-path-crashes.ts';
import { countRedliteProbe } from './redlite-probes.ts';
import type { Storage } from './Storage.ts';
import { defaultSessionsFactory, plainSessionsFactory } from './sessions/defaults.ts';
import { type SessionFinding, SessionPair } from './sessions/SessionPair.ts';
import {
  NO_WAKEUPS,
  type SessionsFactory,
  type TargetOutcome,
  type TargetSessions,
  type TargetWakeup,
} from './sessions/target-sessions.ts';
import { TARGET_LOCKING, type TargetFactory, tunedConstants, type WorldTarget } from './target.ts';

export interface Applied {
  readonly reply: Reply | null;
  readonly failure: RunFailure | null;
  /** Blocked clients whose waits ended during the event (served, or timed out), in order. */
  readonly woken?: readonly TargetWakeup[];
  /**
   * Set when the world cannot go on and that is not a failure: the store refused to open after
   * corruption, an error rather than wrong data. The run stops here, and says why.
   */
  readonly halt?: string;
}

/**
 * What came before a storage audit: nothing special, a restart that kept every commit (versions
 * are compared with the audit before it), or one that may have lost commits (they are not).
 */
export type AuditAfter = 'no-restart' | 'lossless-restart' | 'lossy-restart';

/** A collection this large counts as deep (probe `sim.deep_collection`). */
const DEEP_ELEMENTS_MIN = 128;

/** Handles fault events; installed by the faults subsystem. */
export type FaultHandler = (event: FaultEvent, world: World) => Applied;

/**
 * Sees every exception the target throws before the world judges it. The faults subsystem
 * uses it to turn its own simulated process deaths into a crash-and-restart; returning
 * undefined leaves the exception to be reported as a target_never_throws finding.
 */
export type TargetThrowHandler = (error: unknown, event: SimEvent, world: World) => Applied | undefined;

/** What a world holds after its store refused to open: using it is a simulator bug. */
export class StoreNotOpenError extends Error {
  constructor() {
    super('the store refused to open, so the world has no target to run commands on');
    this.name = 'StoreNotOpenError';
  }
}

const CLOSED_TARGET: WorldTarget = {
  exec: () => {
    throw new StoreNotOpenError();
  },
  expireCycle: () => {
    throw new StoreNotOpenError();
  },
  close: () => {},
};

export class NoFaultHandlerError extends Error {
  constructor(event: FaultEvent) {
    super(`event ${event.index} is a ${event.fault} fault, but no fault handler is installed`);
    this.name = 'NoFaultHandlerError';
  }
}

/**
 * Watches every op for the faults subsystem. `beforeOp` arms statement faults; `explainError`
 * sees the reply before the model runs and returns true when a fault explains an error reply
 * (the command then changed nothing, so the model skips it); `afterOp` sees each op
 * the model applied, for the durability checker's log.
 */
export interface OpObserver {
  beforeOp(event: OpEvent): void;
  /**
   * Right after the target returned, before its reply is judged. It may throw a simulated
   * process death that happened inside the command (the I/O shim's crash), which the world
   * handles like one the target threw.
   */
  afterExec?(event: OpEvent): void;
  explainReply(event: OpEvent, actual: Reply): boolean;
  afterOp(event: OpEvent, actual: Reply, write: boolean, units?: readonly AppliedStep[][]): void;
}

export interface WorldParts {
  readonly config: WorldConfig;
  readonly clock: VirtualClock;
  readonly storage: Storage;
  readonly targetFactory: TargetFactory;
  readonly model: ModelPort;
  /** Commands known not to write; every other command refreshes the expiry shadow. */
  readonly readCommands: ReadonlySet<string>;
  readonly logger: Logger;
  readonly faultHandler?: FaultHandler;
  readonly onTargetThrow?: TargetThrowHandler;
  readonly opObserver?: OpObserver;
  /** Makes the target's connections; by default, redlite's Sessions (sessions/defaults.ts). */
  readonly sessionsFactory?: SessionsFactory;
}

export class World {
  readonly config: WorldConfig;
  readonly clock: VirtualClock;
  readonly storage: Storage;
  private currentModel: ModelPort;
  private currentExpiry = new ExpiryShadow();
  /** What is known about corruption; the faults reach it only through `corruption`. */
  private readonly ledger = new CorruptionLedger();
  /** The previous storage audit, which the next one's versions are compared with. */
  private readonly audits = new StorageAuditTrail();
  /** Crashes at redlite's rare paths, in worlds with crashes on (rare-path-crashes.ts). */
  private readonly rarePaths: RarePathCrashes;
  readonly logger: Logger;
  private readonly parts: WorldParts;
  /** The one process's target; a world of several reads process 0's from the group instead. */
  private ownTarget: WorldTarget;
  private readonly debug: boolean;
  private readonly normalize: Normalize;
  private readonly modelPttl = (key: string): Reply => this.currentModel.exec(['PTTL', key]);
  /** The processes of a world that has several (its ops are judged as a history); else null. */
  private readonly processes: ProcessGroup | null;
  /** The model's answer to isRandomCommand, per command name: it depends on the name only. */
  private readonly randomCommands = new Map<string, boolean>();
  /** Both sides' connections: one session per client. */
  private readonly sessions: SessionPair;
  /** What the op being run would apply whole: the in-flight candidate if a crash cuts it. */
  private pendingSteps: AppliedStep[] | null = null;
  private readonly sessionStores = new WeakMap<ModelPort, SessionStore>();
  /** Clients whose connection drops once their next command has run (connection-drop). */
  private readonly dropAfterOp = new Set<number>();

  constructor(parts: WorldParts) {
    this.parts = parts;
    this.config = parts.config;
    this.clock = parts.clock;
    this.storage = parts.storage;
    this.currentModel = parts.model;
    this.logger = parts.logger;
    this.debug = parts.logger.isLevelEnabled('debug');
    this.normalize = (argv, reply) => this.model.normalizeReply(argv, reply);
    this.rarePaths = new RarePathCrashes(parts.config);
    this.processes = processCount(parts.config) > 1 ? new ProcessGroup(parts) : null;
    this.ownTarget = this.processes?.target(0) ?? this.openTarget(parts.storage.dbPath());
    this.sessions = new SessionPair(
      () => this.sessionStore(),
      this.clock,
      this.makeSessions(this.currentTarget),
    );
  }

  /** The model as the sessions see it, made once per model instance. */
  private sessionStore(): SessionStore {
    const model = this.currentModel;
    let store = this.sessionStores.get(model);
    if (store === undefined) {
      store = {
        exec: (argv, db) => model.exec(argv, db),
        execAdopting: (argv, observed, db) => model.execAdopting(argv, observed, db),
        isRandomCommand: (argv) => this.isRandom(argv),
        watchMark: (db, key) => model.watchMark?.(db, key),
      };
      this.sessionStores.set(model, store);
    }
    return store;
  }

  private makeSessions(target: WorldTarget): TargetSessions {
    const fallback = this.config.sessions === undefined ? plainSessionsFactory : defaultSessionsFactory;
    return (this.parts.sessionsFactory ?? fallback)(target, this.clock);
  }

  /** The steps of the op in flight, had it run whole (null between ops). */
  get inFlightSteps(): readonly AppliedStep[] | null {
    return this.pendingSteps;
  }

  /** The client's connection drops on both sides; `partialRequest` was being sent when it did. */
  dropConnection(client: number, partialRequest?: readonly Arg[]): void {
    this.sessions.drop(client, partialRequest);
  }

  /** The client's connection drops right after its next command runs, before it reads the reply. */
  dropAfterNextOp(client: number): void {
    this.dropAfterOp.add(client);
  }

  /** Whether the client is waiting in a blocking pop (on the model's side). */
  isBlocked(client: number): boolean {
    return this.sessions.model.session(client).isBlocked;
  }

  /** Whether the client has an open MULTI (on the model's side). */
  inMulti(client: number): boolean {
    return this.sessions.model.session(client).inMulti;
  }

  /**
   * The model's reply to `argv` sent on the client's connection, changing nothing: the
   * session's own answer, else the store's, in the client's database, on a copy (an EXEC that
   * would run gives its queued commands' replies). Undefined when the model cannot copy.
   */
  modelReplyOnCopy(client: number, argv: readonly Arg[]): Reply | undefined {
    const session = this.sessions.model.session(client);
    const own = session.ownReply(argv);
    if (own !== undefined) return own;
    const copy = this.model.clone?.();
    if (copy === undefined) return undefined;
    if (commandName(argv) !== 'EXEC') return copy.exec(argv, session.db);
    return array(this.sessions.model.planned(client, argv).map((step) => copy.exec(step.argv, step.db)));
  }

  get target(): WorldTarget {
    return this.currentTarget;
  }

  /** Process 0's target with several processes (a restart replaces it), else the one target. */
  private get currentTarget(): WorldTarget {
    return this.processes?.target(0) ?? this.ownTarget;
  }

  /** The processes of a world that has several, for the fault driver; null with one. */
  get processGroup(): ProcessGroup | null {
    return this.processes;
  }

  get model(): ModelPort {
    return this.currentModel;
  }

  get expiry(): ExpiryShadow {
    return this.currentExpiry;
  }

  /** The corruption ledger's face for the fault driver and the recovery check. */
  get corruption(): CorruptionPort {
    return this.ledger;
  }

  /** Adopts another model state (a recovery settled on it); the expiry shadow starts afresh. */
  replaceModel(model: ModelPort): void {
    if (model === this.currentModel) return;
    this.currentModel = model;
    this.currentExpiry = new ExpiryShadow();
  }

  /**
   * Opens the target on `dbPath` without closing the old one: a process restart after a crash.
   * A store that will not open is an outcome for the caller to judge, never a crash of the
   * simulator: the error is returned, and the world holds a closed target from then on.
   */
  restart(dbPath: string): unknown {
    let refused: unknown = null;
    this.ownTarget.abandon?.();
    try {
      this.ownTarget = this.openTarget(dbPath);
    } catch (error) {
      this.ownTarget = CLOSED_TARGET;
      refused = error;
    }
    // The process is gone: its connections, open transactions and blocked clients with it.
    this.sessions.restart(this.makeSessions(this.currentTarget));
    this.pendingSteps = null;
    return refused;
  }

  close(): void {
    if (this.processes !== null) this.processes.close();
    else this.currentTarget.close();
  }

  /**
   * An op and the ops nested inside its pause (sim/world/processes/), one Applied each, in
   * order. With one process nothing can nest, so they run one after another.
   */
  applyGroup(group: readonly OpEvent[]): Applied[] {
    const first = group[0];
    if (first === undefined) return [];
    if (this.processes === null) return group.map((event) => this.apply(event));
    this.clock.advanceTo(first.atMs);
    return this.processes.applyGroup(group).map((applied) => this.reviewed(applied));
  }

  apply(event: SimEvent): Applied {
    this.clock.advanceTo(event.atMs);
    let expired: readonly TargetWakeup[] = NO_WAKEUPS;
    if (this.config.sessions !== undefined) {
      // Waits due by now end first, as Redis times clients out before it reads more commands.
      const ended = this.sessions.expire(event.atMs);
      if (ended.finding !== null)
        return this.reviewed(this.sessionFailure(event, ended.finding, ended.woken));
      expired = ended.woken;
    }
    const applied = this.reviewed(this.applyEvent(event));
    if (expired.length === 0) return applied;
    return { ...applied, woken: [...expired, ...(applied.woken ?? [])] };
  }

  private applyEvent(event: SimEvent): Applied {
    switch (event.kind) {
      case 'op': {
        const group = this.processes?.applyGroup([event])[0];
        if (group !== undefined) return group;
        const applied = this.applyOp(event);
        if (this.dropAfterOp.delete(event.client)) this.sessions.drop(event.client);
        return applied;
      }
      case 'timer':
        try {
          return this.applyTimer(event);
        } catch (error) {
          return this.targetThrew(error, event, `timer ${event.timer}`);
        }
      case 'fault':
        if (this.parts.faultHandler === undefined) throw new NoFaultHandlerError(event);
        if (event.fault === FAULT_EVENTS.livenessRestart) this.rarePaths.stop();
        return this.parts.faultHandler(event, this);
    }
  }

  /** The liveness check after the last event: every wait due by now has ended. */
  checkBlocked(eventIndex: number): Applied {
    const finding = this.sessions.overdue(this.clock.now());
    if (finding === null) return { reply: null, failure: null };
    this.logger.error({ event: eventIndex, invariant: finding.invariant }, finding.message);
    return this.reviewed({
      reply: null,
      failure: { invariant: finding.invariant, event_index: eventIndex, message: finding.message },
    });
  }

  private sessionFailure(event: SimEvent, finding: SessionFinding, woken: readonly TargetWakeup[]): Applied {
    this.logger.error({ event: event.index, invariant: finding.invariant }, finding.message);
    const failure: RunFailure = {
      invariant: finding.invariant,
      event_index: event.index,
      message: finding.message,
    };
    if (event.kind === 'op') {
      failure.command = commandName(event.argv);
      failure.argv = event.argv.map(formatArg);
    }
    return { reply: null, failure, woken };
  }

  /**
   * Every failure passes rot_detected on its way out: after rot reached the store while it
   * ran, a failure while the store's own checks find damage is that known weakness.
   */
  private reviewed(applied: Applied): Applied {
    if (applied.failure === null || !this.ledger.rotInStore) return applied;
    const problems = this.currentTarget.integrityProblems?.() ?? [];
    const verdict = rotVerdict(applied.failure, problems, this.config.strictRot === true);
    switch (verdict.kind) {
      case 'not-rot':
        return applied;
      case 'excused':
        probe('recovery.rot_excused');
        this.logger.info({ event: applied.failure.event_index }, verdict.halt);
        return { reply: applied.reply, failure: null, halt: verdict.halt };
      case 'failure':
        return { reply: applied.reply, failure: verdict.failure };
    }
  }

  /**
   * The full-state comparison, as run by state-check timers and at the end of a run, then the
   * storage audit: quick at a timer, SQLite's full integrity check at the end.
   */
  checkState(eventIndex: number, moment: 'timer' | 'end' = 'timer'): Applied {
    return this.reviewed(this.compareState(eventIndex, moment));
  }

  /**
   * The check at the end of a world: checkState's, or with several processes the judgement of
   * their history. Paced (sim/pacing.ts), since that judgement can take seconds: a stop reason
   * sent back at a pause ends it with RunInterruptedError.
   */
  *finalCheck(eventIndex: number): Steps<Applied> {
    if (this.processes === null) return this.checkState(eventIndex, 'end');
    return this.reviewed(yield* this.judgeProcesses(eventIndex));
  }

  /**
   * A world of several processes keeps no model in step: its end is the linearizability
   * judgement of their history, then the same storage audit as a single process's end.
   */
  private *judgeProcesses(eventIndex: number): Steps<Applied> {
    const judged = yield* (this.processes as ProcessGroup).judge(eventIndex);
    if (judged.failure !== null) return judged;
    const audit = this.auditStorage(eventIndex, 'at the end of the world', 'full', 'no-restart');
    return { reply: judged.reply, failure: audit };
  }

  private compareState(eventIndex: number, moment: 'timer' | 'end'): Applied {
    probe('sim.state_check');
    let actual: Map<string, KeyState>;
    const databases = this.databasesCompared();
    try {
      actual = targetDump((argv, db) => this.currentTarget.exec(argv, db), databases);
    } catch (error) {
      if (this.unlistable(error)) return { reply: null, failure: null };
      // The model's dump below is trusted; only the target's side can be a finding.
      const invariant = error instanceof DumpError ? STATE_INVARIANT : TARGET_NEVER_THROWS;
      const message =
        error instanceof DumpError ? `state check: ${error.message}` : thrownMessage('a state dump', error);
      this.logger.error({ event: eventIndex, invariant }, message);
      return { reply: null, failure: { invariant, event_index: eventIndex, message } };
    }
    const expected = modelDump(this.model, databases);
    this.ledger.leaveOutCorrupted(actual, expected);
    const verdict = compareStates(actual, expected, this.expiry, this.clock.now());
    this.logger.info({ event: eventIndex, keys: expected.size, ok: verdict === null }, 'state check');
    if (verdict === null) {
      const audit =
        moment === 'end'
          ? this.auditStorage(eventIndex, 'at the end of the world', 'full', 'no-restart')
          : this.auditStorage(eventIndex, 'at a state check', 'quick', 'no-restart');
      return { reply: integer(expected.size), failure: audit };
    }
    this.logger.error({ event: eventIndex, invariant: verdict.invariant }, verdict.message);
    return { reply: integer(actual.size), failure: { event_index: eventIndex, ...verdict } };
  }

  /**
   * storage_consistent: runs redlite's own audit of its files, when the target has one, and
   * judges it (sim/checkers/storage-consistent.ts). The fault driver calls it after each
   * recovery, with full integrity and what the restart may have lost.
   */
  auditStorage(
    eventIndex: number,
    what: string,
    integrity: AuditIntegrity,
    after: AuditAfter,
  ): RunFailure | null {
    const target = this.currentTarget;
    if (target.audit === undefined) return null;
    probe('sim.storage_audit');
    let report: AuditReport;
    try {
      report = target.audit({ integrity, examplesMax: AUDIT_EXAMPLES_MAX });
    } catch (error) {
      const message = thrownMessage('the storage audit', error);
      this.logger.error({ event: eventIndex, invariant: TARGET_NEVER_THROWS }, message);
      return { invariant: TARGET_NEVER_THROWS, event_index: eventIndex, message, actual: '(threw)' };
    }
    const verdict = this.audits.judge(report, {
      what,
      corruptionPossible: this.ledger.corruptionPossible,
      versionsMayGoBack: after === 'lossy-restart',
    });
    if (verdict.excused > 0) probe('sim.audit_corruption_excused');
    if (verdict.versionsCompared && after === 'lossless-restart') probe('sim.audit_versions_after_recovery');
    if (Object.values(report.elementsMax).some((count) => count >= DEEP_ELEMENTS_MIN))
      probe('sim.deep_collection');
    this.logger.info(
      { event: eventIndex, integrity, problems: report.problems.length, excused: verdict.excused },
      'storage audit',
    );
    if (verdict.failure === null) return null;
    this.logger.error({ event: eventIndex, invariant: STORAGE_CONSISTENT }, verdict.failure);
    const counts = report.problems.map((problem) => `${problem.check} x${problem.count}`).join(', ');
    return {
      invariant: STORAGE_CONSISTENT,
      event_index: eventIndex,
      message: verdict.failure,
      expected: 'a sound store',
      actual: counts === '' ? 'versions went back' : counts,
    };
  }

  /** How many databases state comparisons cover now (sim/checkers/database-dumps.ts). */
  databasesCompared(): number {
    return databasesCompared(this.config.sessions !== undefined);
  }

  /**
   * True when corruption excuses a failed dump: rot reached the key index, so SCAN errs and
   * every key counts as corrupted from then on (see CorruptionLedger.excusesUnlistable).
   */
  unlistable(error: unknown): boolean {
    const first = !this.ledger.unlistable;
    if (!this.ledger.excusesUnlistable(error)) return false;
    if (first) probe('recovery.store_unlistable');
    return true;
  }

  private openTarget(dbPath: string): WorldTarget {
    // The storage's hooks are fixed objects whose methods look their listeners up when called,
    // so a copy with the probe hook added behaves the same.
    const hooks = {
      ...this.storage.hooks(),
      probe: (name: RedliteProbe) => {
        countRedliteProbe(name);
        this.rarePaths.atProbe(name);
      },
    };
    return this.parts.targetFactory(dbPath, {
      clock: this.clock,
      synchronous: this.config.durability,
      walCheckpointPages: this.config.walCheckpointPages,
      locking: TARGET_LOCKING,
      hooks,
      ...tunedConstants(this.config),
    });
  }

  private applyTimer(event: TimerEvent): Applied {
    switch (event.timer) {
      case 'expire-cycle': {
        const removed = this.currentTarget.expireCycle(this.config.expireCycleKeysMax);
        if (removed > 0) probe('sim.expire_cycle_removed');
        return { reply: integer(removed), failure: null };
      }
      case 'checkpoint':
        this.currentTarget.checkpoint?.();
        return { reply: null, failure: null };
      case 'state-check':
        // Several processes: their history is judged whole at the end, not in pieces.
        if (this.processes !== null) return { reply: null, failure: null };
        return this.checkState(event.index);
      case 'block-timeout':
        // The waits due now already ended in `apply`; this event only marks the time.
        return { reply: null, failure: null };
    }
  }

  private isRandom(argv: readonly Arg[]): boolean {
    const command = commandName(argv);
    let random = this.randomCommands.get(command);
    if (random === undefined) {
      random = this.model.isRandomCommand(argv);
      this.randomCommands.set(command, random);
    }
    return random;
  }

  private applyOp(event: OpEvent): Applied {
    const argv = event.argv as Arg[];
    const command = commandName(argv);
    const client = event.client;
    const model = this.sessions.model;
    const target = this.sessions.target;
    const modelBlocked = model.session(client).isBlocked;
    if (modelBlocked || target.isBlocked(client)) {
      // A waiting client sends nothing: its next command waits until the wait ends.
      const verdict = blocksVerdict(client, target.isBlocked(client), modelBlocked);
      if (verdict === null) return { reply: null, failure: null };
      return this.sessionFailure(event, { invariant: BLOCKED_WAKES, message: verdict }, []);
    }
    const observer = this.parts.opObserver;
    // Only the fault driver needs the in-flight candidate (a crash inside this command).
    this.pendingSteps = observer === undefined ? null : model.planned(client, argv);
    observer?.beforeOp(event);
    let outcome: TargetOutcome;
    this.rarePaths.during(event);
    try {
      outcome = target.exec(client, argv);
      observer?.afterExec?.(event);
    } catch (error) {
      return this.targetThrew(error, event, command);
    } finally {
      this.rarePaths.during(null);
    }
    this.pendingSteps = null;
    const actual = outcome.kind === 'reply' ? outcome.reply : null;
    if (observer !== undefined) {
      // A wait is no error; the observer still learns the op is over.
      if (observer.explainReply(event, actual ?? NIL_ARRAY)) {
        model.explained(client, argv);
        return { reply: actual, failure: null };
      }
    }
    const queued =
      command === 'EXEC'
        ? model
            .session(client)
            .queuedCommands()
            .map((q) => [...q])
        : null;
    const steps: AppliedStep[] = [];
    const expectedOutcome = model.exec(client, argv, actual, steps);
    const random = this.isRandom(argv);
    if (random && steps.length > 0) probe('sim.random_adopted');
    const expected = expectedOutcome.kind === 'reply' ? expectedOutcome.reply : null;
    if (actual === null || expected === null) {
      const verdict = blocksVerdict(client, actual === null, expected === null);
      if (verdict !== null)
        return this.sessionFailure(event, { invariant: BLOCKED_WAKES, message: verdict }, []);
    }
    if (actual !== null && expected !== null) {
      const judged = this.judgeReply(event, command, argv, queued, actual, expected);
      if (judged !== null) return judged;
    }
    const units: AppliedStep[][] = steps.length > 0 ? [steps] : [];
    const served = this.sessions.serve(units);
    if (served.finding !== null) return this.sessionFailure(event, served.finding, served.woken);
    let write = false;
    for (const unit of units) {
      for (const step of unit) {
        const name = step.argv === argv ? command : commandName(step.argv);
        if (this.parts.readCommands.has(name)) continue;
        write = true;
        if (step.db === 0) this.expiry.afterWrite(name, step.argv as Arg[], event.atMs, this.modelPttl);
      }
    }
    observer?.afterOp(event, actual ?? NIL_ARRAY, write || random, units);
    const woken = served.woken;
    return woken.length === 0 ? { reply: actual, failure: null } : { reply: actual, failure: null, woken };
  }

  /**
   * After corruption, an EXEC whose differing elements are all errors the corruption ledger
   * explains (rotted keys answer errors inside a transaction as they do outside it): the ledger
   * then leaves those commands' keys out of later comparisons, as it does for a single command.
   */
  private corruptedElementsExplain(queued: readonly Arg[][], actual: Reply, expected: Reply): boolean {
    if (
      actual.type !== 'array' ||
      expected.type !== 'array' ||
      actual.value === null ||
      expected.value === null
    )
      return false;
    if (actual.value.length !== expected.value.length) return false;
    return actual.value.every((item, i) => {
      const wanted = expected.value![i]!;
      const argv = queued[i] ?? ['EXEC'];
      if (sameReply(argv, item, wanted, this.normalize)) return true;
      if (this.ledger.excusesKeyspaceRead(argv)) return true;
      return (
        item.type === 'error' &&
        this.ledger.explainsError({ argv, actual: item, modelReply: () => wanted, livenessPhase: false })
      );
    });
  }

  /** The reply checks of one command whose target and model both answered; null when it passes. */
  private judgeReply(
    event: OpEvent,
    command: string,
    argv: Arg[],
    queued: Arg[][] | null,
    actual: Reply,
    expected: Reply,
  ): Applied | null {
    const equal =
      queued === null
        ? sameReply(argv, actual, expected, this.normalize)
        : sameExecReply(queued, actual, expected, this.normalize);
    if (this.debug) {
      this.logger.debug(
        { event: event.index, client: event.client, argv: formatArgv(argv), reply: formatReply(actual) },
        'op',
      );
    }
    if (!equal && queued !== null && this.corruptedElementsExplain(queued, actual, expected)) return null;
    const silent = this.ledger.judgeReply(command, actual, equal);
    if (silent !== null) {
      const failure = this.failure(
        event,
        SILENT_CORRUPTION,
        silent,
        formatReply(expected),
        formatReply(actual),
      );
      return { reply: actual, failure };
    }
    if (!equal && queued !== null) {
      const watch = watchVerdict(actual, expected);
      const atomic = watch === null ? execReplyVerdict(queued.length, actual, expected) : null;
      const invariant = watch !== null ? WATCH_ABORTS_ON_CHANGE : atomic !== null ? EXEC_ATOMIC : null;
      if (invariant !== null) {
        const failure = this.failure(
          event,
          invariant,
          (watch ?? atomic)!,
          formatReply(expected),
          formatReply(actual),
        );
        return { reply: actual, failure };
      }
    }
    // Agreeing replies need the checkers only where a checker inspects the reply itself.
    if (!equal || STRUCTURAL_COMMANDS.has(command)) {
      const observation: OpObservation = {
        event,
        command,
        actual,
        expected,
        equal,
        nowMs: event.atMs,
        expiry: this.expiry,
      };
      for (const checker of OP_CHECKERS) {
        const message = checker.check(observation);
        if (message === null) continue;
        const failure = this.failure(
          event,
          checker.invariant,
          message,
          formatReply(expected),
          formatReply(actual),
        );
        return { reply: actual, failure };
      }
    }
    return null;
  }

  private targetThrew(error: unknown, event: SimEvent, what: string): Applied {
    const handled = this.parts.onTargetThrow?.(error, event, this);
    if (handled !== undefined) return handled;
    const message = thrownMessage(what, error);
    this.logger.error({ event: event.index, invariant: TARGET_NEVER_THROWS }, message);
    const failure: RunFailure = {
      invariant: TARGET_NEVER_THROWS,
      event_index: event.index,
      message,
      actual: '(threw)',
    };
    if (event.kind === 'op') {
      failure.command = commandName(event.argv);
      failure.argv = event.argv.map(formatArg);
      failure.expected = '(a reply)';
    }
    return { reply: null, failure };
  }

  private failure(
    event: OpEvent,
    invariant: string,
    message: string,
    expected: string,
    actual: string,
  ): RunFailure {
    this.logger.error({ event: event.index, invariant }, message);
    return {
      invariant,
      event_index: event.index,
      message,
      command: commandName(event.argv),
      argv: event.argv.map(formatArg),
      expected,
      actual,
    };
  }
}
