/**
 * ProcessGroup: the redlite processes of a world that has several (docs/architecture.md,
 * processes). Each process is its own handle, its own SQLite connection on the one database
 * file with normal locking, serving the clients dealt to it (client c on process c mod N).
 *
 * Interleaving is nesting, on the one thread: an op with a `pause` stops before its statement
 * of that index, inside redlite's `beforeStatement` hook, and the ops nested inside it run to
 * their end on their own processes before it resumes. Connections never wait for a lock: they
 * open with `busyTimeoutMs` 0, and an op that meets another's lock answers SQLITE_BUSY, which
 * redlite documents as "changed nothing" (redlite/options.ts). The group then runs it again
 * once the op holding the lock has returned, as `busy_timeout` would have waited for it, but in
 * virtual time; only an op still locked out after BUSY_RETRIES_MAX answers the error, and the
 * history records it as failed.
 *
 * Every op goes into a history (sim/linearizability) with its invoke and return times; the
 * final judgement adds closing reads of every key the history names and hands it to the
 * `linearizable` checker.
 *
 * Faults (sim/fault-driver/process-faults.ts decides which): a crashed process loses its
 * handle, never closed, as a dead process never closes, and opens the file again while the
 * others go on; an op a crash cut off never returns, so the history holds it as unknown. A
 * power cut reopens every process on the rebuilt files; under `synchronous=normal` it may lose
 * the writes acknowledged since the last sync, which the history records as a loss (one
 * suffix, sim/linearizability/history.ts).
 */
import Database from 'better-sqlite3';
import { makeStatementFaultHook, SimulatedCrash, type StatementFaultHook } from '../../../faults/index.ts';
import type { StatementInfo } from '../../../redlite/options.ts';
import { type Arg, error, type Reply } from '../../../redlite/reply.ts';
import { CRASH_RECOVERY_CONSISTENT } from '../../checkers/crash-recovery-consistent.ts';
import { judgeLinearizable, LINEARIZABLE } from '../../checkers/linearizable.ts';
import { TARGET_NEVER_THROWS, thrownMessage } from '../../checkers/target-never-throws.ts';
import { processCount, processOfClient, type WorldConfig } from '../../config/WorldConfig.ts';
import type { OpEvent } from '../../events.ts';
import { commandName, formatArg } from '../../format-reply.ts';
import { commandKeys } from '../../linearizability/command-traits.ts';
import type { History, LossEvent } from '../../linearizability/history.ts';
import { type HistoryOp, HistoryRecorder } from '../../linearizability/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Steps } from '../../pacing.ts';
import type { RunFailure } from '../../run-types.ts';
import type { VirtualClock } from '../../VirtualClock.ts';
import { countRedliteProbe } from '../redlite-probes.ts';
import type { Storage } from '../Storage.ts';
import { type TargetFactory, type TargetHooks, tunedConstants, type WorldTarget } from '../target.ts';
import type { Applied } from '../World.ts';
import { closingReads } from './closing-reads.ts';

/** What redlite answers when SQLite reports SQLITE_BUSY (its message is "database is locked"). */
export const BUSY_REPLY = 'ERR database is locked';

/** Runs of an op locked out by another process, after the first, before it answers BUSY. */
export const BUSY_RETRIES_MAX = 2;

/** How long after the last event the closing reads run, so that no op overlaps them. */
const CLOSING_READS_AFTER_MS = 1;

export interface ProcessGroupParts {
  readonly config: WorldConfig;
  readonly clock: VirtualClock;
  readonly storage: Storage;
  readonly targetFactory: TargetFactory;
  readonly logger: Logger;
}

interface Pause {
  readonly process: number;
  readonly statement: number;
  readonly run: () => void;
}

interface Running {
  readonly event: OpEvent;
  readonly handle: number;
}

/** A crash armed by a crash-mid-command event, once the next op has taken it. */
interface ActiveCrash {
  readonly event: OpEvent;
  readonly process: number;
  readonly hook: StatementFaultHook;
}

/** A kill that may have lost the writes acknowledged since `fromMs` (ids come at judgement). */
type Loss = Omit<LossEvent, 'id'>;

export class ProcessGroup {
  private readonly parts: ProcessGroupParts;
  private readonly targets: WorldTarget[] = [];
  private readonly recorder = new HistoryRecorder('virtual');
  private readonly eventOfOp = new Map<number, number>();
  private pause: Pause | null = null;
  private armedCrash: number | null = null;
  private activeCrash: ActiveCrash | null = null;
  private readonly losses: Loss[] = [];
  /** When the files last reached the platter: what a power cut under `normal` may fall back to. */
  private syncedAtMs: number;

  constructor(parts: ProcessGroupParts) {
    this.parts = parts;
    this.syncedAtMs = parts.clock.now();
    for (let process = 0; process < processCount(parts.config); process++)
      this.targets.push(this.open(process, parts.storage.dbPath()));
  }

  get size(): number {
    return this.targets.length;
  }

  target(process: number): WorldTarget {
    const target = this.targets[process];
    if (target === undefined) throw new RangeError(`no process ${process} of ${this.targets.length}`);
    return target;
  }

  /**
   * Runs an op and the ops nested inside its pause; the result is one Applied per op, in
   * order. Ops that a pause never reached (the op had fewer statements) run after it.
   */
  applyGroup(group: readonly OpEvent[]): Applied[] {
    const [outer, ...inner] = group;
    if (outer === undefined) return [];
    const results = new Map<OpEvent, Applied>();
    const locked: Running[] = [];
    const runInner = (): void => {
      for (const event of inner) this.runOne(event, locked, results);
    };
    if (outer.pause !== undefined && inner.length > 0) {
      this.pause = { process: this.processOf(outer), statement: outer.pause, run: runInner };
    }
    this.runOne(outer, locked, results);
    if (this.pause !== null) {
      this.pause = null;
      if (results.get(outer)?.failure === null) runInner();
    }
    this.retryLocked(locked, results);
    return group.map((event) => results.get(event) ?? { reply: null, failure: null });
  }

  /** Arms a crash before statement `statementsBefore` of the next op, whichever process runs it; null disarms. */
  armCrash(statementsBefore: number | null): void {
    this.armedCrash = statementsBefore;
  }

  /**
   * A process dies and starts again on `dbPath`: its old handle is dropped unclosed (closing
   * would checkpoint, which a dead process never does). Returns the error when it cannot open.
   */
  restart(process: number, dbPath: string): unknown {
    this.target(process);
    try {
      this.targets[process] = this.open(process, dbPath);
      return null;
    } catch (caught) {
      return caught;
    }
  }

  /**
   * A power cut: every process dies, and starts again on the rebuilt files at `dbPath`. Under
   * `synchronous=normal` the writes acknowledged since the last sync may be gone.
   */
  powerCut(dbPath: string): unknown {
    const now = this.parts.clock.now();
    if (this.parts.config.durability === 'normal')
      this.losses.push({ fromMs: this.syncedAtMs, killMs: now, upMs: now });
    return this.restartAll(dbPath);
  }

  /** Every process dies and starts again on `dbPath`; the first error to open, or null. */
  restartAll(dbPath: string): unknown {
    for (let process = 0; process < this.targets.length; process++) {
      const refused = this.restart(process, dbPath);
      if (refused !== null) return refused;
    }
    return null;
  }

  /**
   * The final judgement: closing reads of every key, then the history's linearizability, paced
   * (sim/pacing.ts) so that a signal can stop a long check.
   */
  *judge(closingIndex: number): Steps<Applied> {
    const history = this.recorder.history();
    const keys = new Set<string>();
    for (const op of history.ops)
      for (const argv of op.commands) for (const key of commandKeys(argv)) keys.add(key);
    const reader = this.parts.config.clients;
    // Ops at one millisecond overlap; a millisecond later the reads come after every op.
    this.parts.clock.advanceTo(this.parts.clock.now() + CLOSING_READS_AFTER_MS);
    try {
      closingReads([...keys].sort(), (argv) => {
        const handle = this.recorder.invoke(reader, argv, this.parts.clock.now());
        const reply = this.target(0).exec(argv as Arg[]);
        this.recorder.complete(handle, reply, this.parts.clock.now());
        return reply;
      });
    } catch (caught) {
      const message = thrownMessage('a closing read', caught);
      return { reply: null, failure: { invariant: TARGET_NEVER_THROWS, event_index: closingIndex, message } };
    }
    this.parts.logger.debug(
      { event: closingIndex, ops: this.recorder.history().ops.length },
      'closing reads done',
    );
    const verdict = yield* judgeLinearizable(
      this.historyWithLosses(),
      (op: HistoryOp) => this.eventOfOp.get(op.id) ?? null,
      closingIndex,
    );
    const { report } = verdict;
    this.parts.logger.info(
      { event: closingIndex, ops: report.ops, partitions: report.partitions.length, verdict: report.verdict },
      'linearizability check',
    );
    if (verdict.failure !== null) {
      this.parts.logger.error(
        { event: verdict.failure.event_index, invariant: LINEARIZABLE },
        verdict.failure.message,
      );
    }
    return { reply: null, failure: verdict.failure };
  }

  close(): void {
    for (const target of this.targets) target.close();
  }

  private historyWithLosses(): History {
    const history = this.recorder.history();
    if (this.losses.length === 0) return history;
    const firstId = history.ops.reduce((max, op) => Math.max(max, op.id), -1) + 1;
    return { ...history, losses: this.losses.map((loss, index) => ({ id: firstId + index, ...loss })) };
  }

  private processOf(event: OpEvent): number {
    return processOfClient(this.parts.config, event.client);
  }

  private open(process: number, dbPath: string): WorldTarget {
    const { config, clock, storage } = this.parts;
    // An open writes and syncs the file (the WAL switch, the check after an unclean shutdown):
    // the disk replays what the other processes did first.
    storage.step?.();
    const base = storage.hooks();
    // The storage's hooks look their listeners up when called, so a copy behaves the same.
    const hooks: TargetHooks = {
      ...base,
      beforeStatement: (info: StatementInfo) => {
        // Several connections write and sync the file between one op's steps: the disk replays
        // what SQLite did at every statement, before another process can write again.
        storage.step?.();
        base?.beforeStatement?.call(base, info);
        // A crash comes before the pause at the same statement: the process is gone by then.
        if (this.activeCrash?.process === process) this.activeCrash.hook.hook(info);
        this.atStatement(process, info);
      },
      afterCommit: () => {
        base?.afterCommit?.call(base);
        if (config.durability === 'full') this.syncedAtMs = clock.now();
      },
      afterCheckpoint: () => {
        base?.afterCheckpoint?.call(base);
        this.syncedAtMs = clock.now();
      },
      probe: countRedliteProbe,
    };
    return this.parts.targetFactory(dbPath, {
      clock,
      synchronous: config.durability,
      walCheckpointPages: config.walCheckpointPages,
      locking: 'normal',
      ...tunedConstants(config),
      busyTimeoutMs: 0,
      hooks,
    });
  }

  private atStatement(process: number, info: StatementInfo): void {
    const pause = this.pause;
    if (pause === null || pause.process !== process || info.statementIndex !== pause.statement) return;
    this.pause = null;
    pause.run();
  }

  /** Runs one op on its process; an op locked out waits in `locked` for its retry. */
  private runOne(event: OpEvent, locked: Running[], results: Map<OpEvent, Applied>): void {
    this.parts.clock.advanceTo(event.atMs);
    const handle = this.recorder.invoke(event.client, event.argv, event.atMs);
    this.eventOfOp.set(handle, event.index);
    const running = { event, handle };
    if (this.armedCrash !== null) {
      const plan = { kind: 'crash' as const, statementsBefore: this.armedCrash };
      this.armedCrash = null;
      this.activeCrash = {
        event,
        process: this.processOf(event),
        hook: makeStatementFaultHook(plan, Database.SqliteError),
      };
    }
    const reply = this.exec(running, results);
    if (this.activeCrash?.event === event) this.activeCrash = null;
    if (reply === null) return;
    if (isBusy(reply)) {
      locked.push(running);
      return;
    }
    this.recorder.complete(handle, reply, this.parts.clock.now());
    results.set(event, { reply, failure: null });
  }

  /** Ops locked out run again, in order, once the op that held the lock has returned. */
  private retryLocked(locked: readonly Running[], results: Map<OpEvent, Applied>): void {
    for (const running of locked) {
      let reply: Reply | null = error(BUSY_REPLY);
      for (let retry = 0; retry < BUSY_RETRIES_MAX && reply !== null && isBusy(reply); retry++) {
        this.parts.logger.debug({ event: running.event.index, retry }, 'busy retry');
        reply = this.exec(running, results);
      }
      if (reply === null) continue;
      if (isBusy(reply)) this.recorder.fail(running.handle, this.parts.clock.now());
      else this.recorder.complete(running.handle, reply, this.parts.clock.now());
      results.set(running.event, { reply, failure: null });
    }
  }

  /** The op's reply, or null when the target threw (its result then holds the finding). */
  private exec(running: Running, results: Map<OpEvent, Applied>): Reply | null {
    const { event } = running;
    try {
      return this.target(this.processOf(event)).exec(event.argv as Arg[]);
    } catch (caught) {
      this.recorder.abandon(running.handle);
      if (caught instanceof SimulatedCrash) {
        results.set(event, { reply: null, failure: this.restartAfterCrash(event) });
        return null;
      }
      const command = commandName(event.argv);
      const failure: RunFailure = {
        invariant: TARGET_NEVER_THROWS,
        event_index: event.index,
        message: thrownMessage(command, caught),
        command,
        argv: event.argv.map(formatArg),
        expected: '(a reply)',
        actual: '(threw)',
      };
      results.set(event, { reply: null, failure });
      return null;
    }
  }

  /** A crash inside an op: its process starts again on the same files while the others go on. */
  private restartAfterCrash(event: OpEvent): RunFailure | null {
    this.activeCrash = null;
    const refused = this.restart(this.processOf(event), this.parts.storage.dbPath());
    if (refused === null) return null;
    const message = refused instanceof Error ? refused.message : String(refused);
    return {
      invariant: CRASH_RECOVERY_CONSISTENT,
      event_index: event.index,
      message: `after a crash inside ${commandName(event.argv)}: the store cannot open: ${message}`,
    };
  }
}

function isBusy(reply: Reply): boolean {
  return reply.type === 'error' && reply.value === BUSY_REPLY;
}
