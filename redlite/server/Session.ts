/**
 * One connection's state over a shared Redlite, and the order in which Redis 7.0 checks a
 * command (`processCommand`): unknown command and arity, then AUTH, then MULTI queueing, then
 * the run. The state: the selected database, authentication, the client name, the MULTI queue
 * and its error flag, the watched keys and their dirty flag, and a blocked pop's wait.
 *
 * EXEC runs the whole queue as one SQLite transaction (`Redlite.transaction`), so a crash never
 * leaves half of it; a command's runtime error is its element of the reply array, as in Redis.
 * A session never waits on its own: a blocking pop that finds nothing returns `blocked`, and the
 * hub later hands the reply back to the host (SessionHub.ts). `close()` ends a connection with
 * no trace: its wait, queue and watches go.
 *
 * Leaves out the commands' own handlers (connection-commands.ts, blocking-commands.ts) and
 * the wire (RespServer.ts).
 */
import { isSqliteError } from '../Redlite.ts';
import { type Arg, argBytes, array, error, NIL_ARRAY, OK, type Reply, simple } from '../reply.ts';
import type { BlockedWait } from './BlockedTable.ts';
import { isCrossProtocolAttack, type Resolved, resolveCommand } from './command-lookup.ts';
import { HubInvariantError, SessionStateError } from './errors.ts';
import { keySlot } from './key-slot.ts';
import { type Outcome, replyOutcome } from './outcome.ts';
import type { SessionHub } from './SessionHub.ts';
import { SESSION_COMMANDS } from './session-commands.ts';
import { liveVersion, type Watch, type Watcher } from './WatchTable.ts';

export const NOAUTH = 'NOAUTH Authentication required.';
const EXECABORT_PREVIOUS_ERRORS = 'EXECABORT Transaction discarded because of previous errors.';
/**
 * A bound on one MULTI queue (docs/architecture.md, principle 5); Redis has none but memory.
 * Past it the transaction is flagged, and EXEC aborts it.
 */
export const QUEUED_COMMANDS_MAX = 1_000_000;
const QUEUED: Reply = simple('QUEUED');

/** Redis's `execCommandAbort`: the reason without the generic "ERR " prefix. */
function execAbort(message: string): Reply {
  const reason = message.startsWith('ERR ') ? message.slice(4) : message;
  return error(`EXECABORT Transaction discarded because of: ${reason}`);
}

interface MultiState {
  readonly queued: Buffer[][];
  /** Redis's CLIENT_DIRTY_EXEC: a command was rejected while queueing; EXEC will abort. */
  dirtyExec: boolean;
}

export class Session implements Watcher {
  readonly hub: SessionHub;
  /** CLIENT ID: unique among the hub's sessions, never reused. */
  readonly id: number;
  private selectedDb = 0;
  private authenticatedFlag: boolean;
  private clientName: Buffer | null = null;
  private multi: MultiState | null = null;
  /** Redis's CLIENT_DIRTY_CAS: a watched key changed; EXEC will answer the nil array. */
  private dirtyCas = false;
  private readonly watches: Watch[] = [];
  private readonly watchedSlots = new Set<string>();
  private wait: BlockedWait | null = null;
  private closed = false;

  constructor(hub: SessionHub, id: number) {
    this.hub = hub;
    this.id = id;
    this.authenticatedFlag = hub.requirePass === null;
  }

  get db(): number {
    return this.selectedDb;
  }

  get authenticated(): boolean {
    return this.authenticatedFlag;
  }

  get name(): Buffer | null {
    return this.clientName;
  }

  get inMulti(): boolean {
    return this.multi !== null;
  }

  get isBlocked(): boolean {
    return this.wait !== null;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs one command: its reply, `blocked` for a pop that must wait, or `close` (QUIT). */
  exec(argv: readonly Arg[]): Outcome {
    if (this.closed) throw new SessionStateError(this.id, 'closed', 'run a command');
    if (this.wait !== null) throw new SessionStateError(this.id, 'blocked', 'run a command');
    const args = argv.map(argBytes);
    if (args.length > 0 && isCrossProtocolAttack(args[0]!)) {
      this.close();
      return { kind: 'close', reply: null };
    }
    const resolved = resolveCommand(SESSION_COMMANDS, this.hub.redlite, args);
    if (resolved.kind === 'rejected') return this.reject(resolved.message, resolved.exec);
    const command = resolved.kind === 'session' ? resolved.command : null;
    if (!this.authenticatedFlag && !command?.noAuth) return this.reject(NOAUTH, command?.name === 'EXEC');
    if (this.multi !== null && !command?.immediate) return this.queue(this.multi, args);
    return this.run(resolved, args, false);
  }

  /** Redis's `rejectCommand`: flags an open transaction; a rejected EXEC aborts it. */
  private reject(message: string, isExec: boolean): Outcome {
    if (this.multi !== null) this.multi.dirtyExec = true;
    if (!isExec) return replyOutcome(error(message));
    this.discardTransaction();
    return replyOutcome(execAbort(message));
  }

  private queue(multi: MultiState, args: Buffer[]): Outcome {
    if (multi.queued.length >= QUEUED_COMMANDS_MAX) {
      multi.dirtyExec = true;
      return replyOutcome(error(`ERR MULTI queue is full (${QUEUED_COMMANDS_MAX} commands)`));
    }
    // Redis stops storing commands once the transaction is doomed, and still answers QUEUED.
    if (!multi.dirtyExec && !this.dirtyCas) multi.queued.push(args.map((arg) => Buffer.from(arg)));
    return replyOutcome(QUEUED);
  }

  private run(resolved: Resolved, args: Buffer[], inExec: boolean): Outcome {
    if (resolved.kind === 'session') return resolved.command.run(this, args, inExec);
    if (resolved.kind === 'redlite') return replyOutcome(this.hub.redlite.exec(args, this.selectedDb));
    return replyOutcome(error(resolved.message));
  }

  multiCommand(): Outcome {
    if (this.multi !== null) return replyOutcome(error('ERR MULTI calls can not be nested'));
    this.multi = { queued: [], dirtyExec: false };
    return replyOutcome(OK);
  }

  discardCommand(): Outcome {
    if (this.multi === null) return replyOutcome(error('ERR DISCARD without MULTI'));
    this.discardTransaction();
    return replyOutcome(OK);
  }

  execCommand(): Outcome {
    const multi = this.multi;
    if (multi === null) return replyOutcome(error('ERR EXEC without MULTI'));
    if (!multi.dirtyExec && !this.dirtyCas) {
      try {
        if (this.watchedVersionsChanged()) this.dirtyCas = true;
      } catch (caught) {
        if (!isSqliteError(caught)) throw caught;
        this.discardTransaction();
        return replyOutcome(execAbort(`ERR ${caught.message}`));
      }
    }
    if (multi.dirtyExec) {
      this.discardTransaction();
      return replyOutcome(error(EXECABORT_PREVIOUS_ERRORS));
    }
    if (this.dirtyCas) {
      this.discardTransaction();
      return replyOutcome(NIL_ARRAY);
    }
    this.unwatchAll();
    // Session state the queue may change, restored if the transaction does not commit.
    const before = { db: this.selectedDb, name: this.clientName, authenticated: this.authenticatedFlag };
    const result = this.hub.redlite.transaction(() => multi.queued.map((args) => this.runQueued(args)));
    this.discardTransaction();
    if (result.committed) return replyOutcome(array(result.value));
    this.selectedDb = before.db;
    this.clientName = before.name;
    this.authenticatedFlag = before.authenticated;
    return replyOutcome(execAbort(result.error));
  }

  private runQueued(args: Buffer[]): Reply {
    const outcome = this.run(resolveCommand(SESSION_COMMANDS, this.hub.redlite, args), args, true);
    if (outcome.kind !== 'reply') throw new HubInvariantError('exec_never_waits', `queued ${outcome.kind}`);
    return outcome.reply;
  }

  /** Redis's `discardTransaction`: no queue, no flags, no watches. */
  private discardTransaction(): void {
    this.multi = null;
    this.dirtyCas = false;
    this.unwatchAll();
  }

  watchCommand(args: Buffer[]): Outcome {
    if (this.multi !== null) return replyOutcome(error('ERR WATCH inside MULTI is not allowed'));
    if (this.dirtyCas) return replyOutcome(OK);
    for (let i = 1; i < args.length; i++) {
      const key = args[i]!;
      const slot = keySlot(this.selectedDb, key);
      if (this.watchedSlots.has(slot)) continue;
      let state: ReturnType<typeof this.hub.redlite.keyState>;
      try {
        state = this.hub.redlite.keyState(this.selectedDb, key);
      } catch (caught) {
        if (!isSqliteError(caught)) throw caught;
        return replyOutcome(error(`ERR ${caught.message}`));
      }
      this.watches.push(this.hub.watches.add(this, this.selectedDb, Buffer.from(key), state));
      this.watchedSlots.add(slot);
    }
    return replyOutcome(OK);
  }

  unwatchCommand(): Outcome {
    this.unwatchAll();
    this.dirtyCas = false;
    return replyOutcome(OK);
  }

  /** Called by the watch table: a watched key changed. Redis stops watching the rest. */
  watchedKeyChanged(): void {
    this.dirtyCas = true;
    this.unwatchAll();
  }

  /** Any watched key whose row is not the one watched (written, deleted, expired since). */
  private watchedVersionsChanged(): boolean {
    for (const watch of this.watches) {
      const now = liveVersion(this.hub.redlite.keyState(watch.db, watch.key));
      const then = watch.version;
      if (now === null || then === null ? now !== then : now.id !== then.id || now.version !== then.version) {
        return true;
      }
    }
    return false;
  }

  private unwatchAll(): void {
    for (const watch of this.watches) this.hub.watches.remove(watch);
    this.watches.length = 0;
    this.watchedSlots.clear();
  }

  /** Starts a wait (blocking-commands.ts); the hub ends it with a Wakeup. */
  block(wait: Omit<BlockedWait, 'session' | 'db'>): Outcome {
    // Field by field: a literal opening with a spread gets a hidden class of its own each time
    // (V8 11), which turns every site that reads waits megamorphic.
    const full: BlockedWait = {
      session: this,
      db: this.selectedDb,
      keys: wait.keys,
      serveArgv: wait.serveArgv,
      replyFor: wait.replyFor,
      deadlineMs: wait.deadlineMs,
    };
    this.hub.blocked.block(full);
    this.wait = full;
    return { kind: 'blocked' };
  }

  /** Called by the hub when it ends this session's wait. */
  unblocked(wait: BlockedWait): void {
    if (this.wait !== wait) throw new HubInvariantError('wait_belongs_to_session', `session ${this.id}`);
    this.wait = null;
  }

  selectDb(db: number): void {
    this.selectedDb = db;
  }

  setName(name: Buffer | null): void {
    this.clientName = name;
  }

  authenticate(): void {
    this.authenticatedFlag = true;
  }

  /** RESET: database 0, no transaction or watches, no name, and AUTH again if there is a password. */
  reset(): void {
    this.discardTransaction();
    this.selectedDb = 0;
    this.clientName = null;
    this.authenticatedFlag = this.hub.requirePass === null;
  }

  /** The connection is gone: the wait, the queue and the watches go with it, leaving no trace. */
  close(): void {
    if (this.closed) return;
    if (this.wait !== null) this.hub.blocked.unblock(this.wait);
    this.wait = null;
    this.discardTransaction();
    this.hub.forget(this);
    this.closed = true;
  }
}
