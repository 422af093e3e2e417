/**
 * The model's connections and what they share, as redlite/server's SessionHub: the store, the
 * watches (each with the mark its key had when last looked at), and the blocked pops with
 * Redis's service order. After every step a command applies, watched keys whose mark moved
 * dirty their watchers, and waited keys that now exist are signalled ready; `serveReady` then
 * serves them oldest wait first, and `expireBlocked` times waits out at their deadlines.
 *
 * Leaves out each connection's own state (ModelSession.ts). Sessions are per world process: a
 * crash or restart ends them all (`closeAll`), as it cuts every connection.
 */
import type { Clock } from '../../../redlite/clock.ts';
import { type Arg, array, bulk, NIL_ARRAY, type Reply } from '../../../redlite/reply.ts';
import { argText } from '../parse.ts';
import { BlockedWaits, type ModelWait } from './BlockedWaits.ts';
import { ModelSession } from './ModelSession.ts';
import {
  type AppliedStep,
  isNilReply,
  type ModelOutcome,
  type ModelWakeup,
  type SessionStore,
} from './types.ts';

type Mark = ReturnType<SessionStore['watchMark']>;

interface ModelWatch {
  readonly session: ModelSession;
  readonly db: number;
  readonly key: string;
  mark: Mark;
}

function sameMark(a: Mark, b: Mark): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.entry === b.entry && a.text === b.text;
}

export class ModelSessions {
  private readonly store: () => SessionStore;
  private readonly clock: Clock;
  private readonly sessions = new Map<number, ModelSession>();
  private readonly watches: ModelWatch[] = [];
  private readonly blocked = new BlockedWaits();
  private readonly waitOf = new Map<number, ModelWait>();

  /** `store` is read at each use: the world may adopt another model after a recovery. */
  constructor(store: () => SessionStore, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  nowMs(): number {
    return this.clock.now();
  }

  /** The session of client `client`, opened on first use (a connection per client). */
  session(client: number): ModelSession {
    let session = this.sessions.get(client);
    if (session === undefined) {
      session = new ModelSession(this, client);
      this.sessions.set(client, session);
    }
    return session;
  }

  /** Runs `argv` on the client's session; see ModelSession.exec. */
  exec(client: number, argv: readonly Arg[], observed: Reply | null, steps: AppliedStep[]): ModelOutcome {
    return this.session(client).exec(argv, observed, steps);
  }

  /**
   * The steps `argv` would apply if it ran whole, before it runs: what a crash in its middle
   * may have applied (the durability checker's in-flight candidate). An EXEC's are its queue's.
   */
  planned(client: number, argv: readonly Arg[]): AppliedStep[] {
    const session = this.session(client);
    if (session.isBlocked) return [];
    const name = argText(argv[0] ?? '').toLowerCase();
    if (name === 'exec') {
      if (this.watchesChanged(session)) return [];
      let db = session.db;
      const steps: AppliedStep[] = [];
      for (const queued of session.queuedCommands()) {
        const queuedName = argText(queued[0] ?? '').toLowerCase();
        const id = argText(queued[1] ?? '');
        if (queuedName === 'select' && /^(0|[1-9]\d?)$/.test(id) && Number(id) < 16) {
          db = Number(id);
        } else if (!['unwatch', 'select'].includes(queuedName)) {
          steps.push({ db, argv: queued, observed: null });
        }
      }
      return steps;
    }
    if (session.inMulti || ['multi', 'discard', 'watch', 'unwatch', 'select'].includes(name)) return [];
    return [{ db: session.db, argv, observed: null }];
  }

  /**
   * A fault explained the target's error reply, so the command changed nothing; an EXEC's
   * transaction is gone all the same (the target discards it when it aborts).
   */
  explained(client: number, argv: readonly Arg[]): void {
    if (argText(argv[0] ?? '').toLowerCase() === 'exec') this.session(client).abandonTransaction();
  }

  get blockedCount(): number {
    return this.blocked.size;
  }

  /** Clients blocked now, in the order their waits began. */
  blockedClients(): number[] {
    return this.blocked.all().map((wait) => wait.client);
  }

  /** The deadline of a blocked client's wait (null: forever), or undefined when not blocked. */
  deadlineOf(client: number): number | null | undefined {
    return this.waitOf.get(client)?.deadlineMs;
  }

  /** The keys a blocked client waits on, in its database. */
  waitOn(client: number): { db: number; keys: readonly string[] } | undefined {
    const wait = this.waitOf.get(client);
    return wait === undefined ? undefined : { db: wait.db, keys: wait.keys };
  }

  /** Applies one command to the store in `db`, then notes what it changed. */
  apply(db: number, argv: readonly Arg[], observed: Reply | null, steps: AppliedStep[]): Reply {
    const store = this.store();
    const random = observed !== null && store.isRandomCommand(argv);
    const reply = random ? store.execAdopting(argv, observed, db).reply : store.exec(argv, db);
    steps.push({ db, argv, observed: random ? observed : null });
    this.afterStep();
    return reply;
  }

  /** After each applied step: dirty the watchers of changed keys, signal waited keys. */
  private afterStep(): void {
    const store = this.store();
    if (this.watches.length > 0) {
      for (const watch of [...this.watches]) {
        if (!this.watches.includes(watch)) continue;
        const now = store.watchMark(watch.db, watch.key);
        if (sameMark(now, watch.mark)) continue;
        watch.mark = now;
        watch.session.watchedKeyChanged();
      }
    }
    if (this.blocked.size > 0) this.blocked.signalHeld(store);
  }

  watch(session: ModelSession, db: number, key: string): void {
    if (this.watches.some((w) => w.session === session && w.db === db && w.key === key)) return;
    this.watches.push({ session, db, key, mark: this.store().watchMark(db, key) });
  }

  /** Whether any of the session's watched keys is not as it was (expired since, included). */
  watchesChanged(session: ModelSession): boolean {
    const store = this.store();
    return this.watches.some((w) => w.session === session && !sameMark(store.watchMark(w.db, w.key), w.mark));
  }

  unwatchAll(session: ModelSession): void {
    for (let i = this.watches.length - 1; i >= 0; i--) {
      if (this.watches[i]!.session === session) this.watches.splice(i, 1);
    }
  }

  block(wait: ModelWait): void {
    this.blocked.block(wait);
    this.waitOf.set(wait.client, wait);
  }

  /**
   * Serves the waits on keys made ready, key by key in signal order and oldest wait first on
   * each key, while the key holds a list; a move onto a key of another type ends its wait with
   * that error, and the element stays. `steps` collects the pops and moves, one unit each.
   */
  serveReady(stepUnits: AppliedStep[][]): ModelWakeup[] {
    const woken: ModelWakeup[] = [];
    const roundsMax = 4 * (this.blocked.size + 1) * (this.blocked.size + 1);
    for (let round = 0; round < roundsMax; round++) {
      const ready = this.blocked.takeReady();
      if (ready === undefined) return woken;
      const waits = this.blocked.waitsOn(ready.db, ready.key);
      if (waits.length === 0) continue;
      const type = this.store().exec(['TYPE', ready.key], ready.db);
      if (type.type !== 'simple' || type.value !== 'list') continue;
      for (const wait of waits) {
        if (!this.blocked.has(wait)) continue;
        const steps: AppliedStep[] = [];
        const served = this.apply(wait.db, wait.serveArgv(ready.key), null, steps);
        if (isNilReply(served)) break;
        stepUnits.push(steps);
        const reply =
          served.type === 'error' || !wait.namesKey
            ? served
            : array([bulk(Buffer.from(ready.key, 'latin1')), served]);
        woken.push(this.end(wait, reply));
      }
    }
    throw new Error(`model: serving blocked clients took more than ${roundsMax} rounds`);
  }

  /** Ends every wait whose deadline is at or before `nowMs` with the nil array. */
  expireBlocked(nowMs: number): ModelWakeup[] {
    if (this.blocked.size === 0) return [];
    return this.blocked.timedOut(nowMs).map((wait) => this.end(wait, NIL_ARRAY));
  }

  private end(wait: ModelWait, reply: Reply): ModelWakeup {
    this.blocked.unblock(wait);
    this.waitOf.delete(wait.client);
    this.session(wait.client).unblocked();
    return { client: wait.client, reply };
  }

  /** The client's connection is gone: its wait, queue and watches go, leaving no trace. */
  closeSession(client: number): void {
    const session = this.sessions.get(client);
    if (session === undefined) return;
    const wait = this.waitOf.get(client);
    if (wait !== undefined) {
      this.blocked.unblock(wait);
      this.waitOf.delete(client);
    }
    session.close();
    this.sessions.delete(client);
  }

  /** Every connection is cut (a crash or a restart of the process). */
  closeAll(): void {
    for (const client of [...this.sessions.keys()]) this.closeSession(client);
  }
}
