/**
 * The state all sessions over one Redlite share, and the host's handle on it: it opens
 * sessions, listens for committed key changes (to dirty WATCHers and to mark keys ready for
 * blocked pops), serves blocked sessions in Redis's order, and times their waits out.
 *
 * The hub owns no timer and reads no clock on its own (docs/architecture.md, principle 1: time
 * enters through the host): the host passes the clock in, asks
 * `serveReady()` after every command it runs (Redis serves right after the command that made a
 * key ready), and calls `expireBlocked(nowMs)` at `nextDeadlineMs()`. Both return the replies
 * for the sessions they woke, in order, for the host to deliver. The RESP server does this with
 * real timers; the simulator can do it in virtual time.
 *
 * Leaves out per-connection state (Session.ts) and sockets (RespServer.ts).
 */
import type { Clock } from '../clock.ts';
import { RedliteOptionError } from '../errors.ts';
import type { KeyChange, KeyChangeListener } from '../key-changes.ts';
import type { Redlite } from '../Redlite.ts';
import { NIL_ARRAY, type Reply } from '../reply.ts';
import { BlockedTable, type BlockedWait } from './BlockedTable.ts';
import { HubInvariantError } from './errors.ts';
import type { Wakeup } from './outcome.ts';
import { Session } from './Session.ts';
import { WatchTable } from './WatchTable.ts';

export interface SessionHubOptions {
  /** The host's clock (milliseconds since the epoch), read when a wait begins. */
  readonly clock: Clock;
  /** Redis's `requirepass`: sessions must AUTH before other commands. Null: no password. */
  readonly requirePass?: string | null;
}

function isNil(reply: Reply): boolean {
  return (reply.type === 'bulk' || reply.type === 'array') && reply.value === null;
}

export class SessionHub implements KeyChangeListener {
  readonly redlite: Redlite;
  readonly clock: Clock;
  readonly requirePass: Buffer | null;
  readonly watches = new WatchTable();
  readonly blocked = new BlockedTable();
  private readonly sessions = new Set<Session>();
  private nextSessionId = 1;
  private closed = false;

  constructor(redlite: Redlite, options: SessionHubOptions) {
    if (typeof options.clock?.now !== 'function') {
      throw new RedliteOptionError('clock', options.clock, 'an object with now()');
    }
    const pass = options.requirePass ?? null;
    if (pass !== null && typeof pass !== 'string') {
      throw new RedliteOptionError('requirePass', pass, 'a string or null');
    }
    this.redlite = redlite;
    this.clock = options.clock;
    this.requirePass = pass === null ? null : Buffer.from(pass);
    redlite.setKeyListener(this);
  }

  /** A new connection's session: database 0, authenticated when there is no password. */
  open(): Session {
    if (this.closed) throw new RedliteOptionError('hub', 'closed', 'open (close() was called)');
    const session = new Session(this, this.nextSessionId++);
    this.sessions.add(session);
    return session;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  get blockedCount(): number {
    return this.blocked.size;
  }

  /** Called by Session.close: the session has already dropped its waits and watches. */
  forget(session: Session): void {
    this.sessions.delete(session);
  }

  keyChanged(db: number, key: Buffer, change: KeyChange): void {
    this.watches.keyChanged(db, key, change);
    // Redis signals readiness from dbAdd only: an existing key cannot have waiters (a wait
    // begins only on missing keys, and lists are deleted when they empty).
    if (change === 'created') this.blocked.signal(db, key);
  }

  /**
   * Redis `handleClientsBlockedOnKeys`: for each key made ready (in signal order, including
   * keys made ready while serving, by BLMOVE's push), serves its waits oldest first while the
   * key holds a non-empty list. A served wait ends with the pop's reply; a move whose destination
   * holds another type ends with that error and the element stays, as in Redis.
   */
  serveReady(): Wakeup[] {
    const woken: Wakeup[] = [];
    // Every round takes one signal; signals only come from the initial queue and from moves,
    // and each move ends one wait, so this bound is never reached.
    const roundsMax = this.blocked.readyCount + this.blocked.size + 1;
    for (let round = 0; this.blocked.readyCount > 0; round++) {
      if (round >= roundsMax) throw new HubInvariantError('serve_bounded', `more than ${roundsMax} rounds`);
      const ready = this.blocked.takeReady()!;
      const waits = this.blocked.waitsOn(ready.slot);
      if (waits.length === 0) continue;
      const type = this.redlite.exec(['TYPE', ready.key], ready.db);
      if (type.type !== 'simple' || type.value !== 'list') continue;
      for (const wait of waits) {
        if (!this.blocked.has(wait)) continue;
        const served = this.redlite.exec(wait.serveArgv(ready.key), wait.db);
        if (isNil(served)) break;
        woken.push(this.end(wait, served.type === 'error' ? served : wait.replyFor(ready.key, served)));
      }
    }
    return woken;
  }

  /** Ends every wait whose deadline is at or before `nowMs` with the nil array, as Redis does. */
  expireBlocked(nowMs: number): Wakeup[] {
    // The host calls this before every command; the earliest deadline is kept, so the common
    // case (nobody due) costs one comparison.
    const next = this.blocked.nextDeadlineMs();
    if (next === null || next > nowMs) return [];
    return this.blocked.timedOut(nowMs).map((wait) => this.end(wait, NIL_ARRAY));
  }

  /** The first clock reading at which `expireBlocked` will time a wait out; null when none will. */
  nextDeadlineMs(): number | null {
    return this.blocked.nextDeadlineMs();
  }

  private end(wait: BlockedWait, reply: Reply): Wakeup {
    if (!this.blocked.has(wait)) throw new HubInvariantError('wait_ends_once', `session ${wait.session.id}`);
    this.blocked.unblock(wait);
    wait.session.unblocked(wait);
    return { session: wait.session, reply };
  }

  /** Closes every session (dropping their waits) and stops listening; the Redlite stays open. */
  close(): void {
    if (this.closed) return;
    for (const session of [...this.sessions]) session.close();
    this.redlite.setKeyListener(null);
    this.closed = true;
  }
}
