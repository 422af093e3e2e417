/**
 * The target's connections as redlite/server's own Sessions over one SessionHub, driven in
 * virtual time: the world is the host that serves blocked sessions after each command and
 * times their waits out (SessionHub.ts). No bytes: `--target direct`.
 */
import type { Clock } from '../../../redlite/clock.ts';
import type { Redlite } from '../../../redlite/index.ts';
import type { Arg } from '../../../redlite/reply.ts';
import type { Wakeup } from '../../../redlite/server/outcome.ts';
import type { Session } from '../../../redlite/server/Session.ts';
import { SessionHub } from '../../../redlite/server/SessionHub.ts';
import { NO_WAKEUPS, type TargetOutcome, type TargetSessions, type TargetWakeup } from './target-sessions.ts';

export class DirectSessions implements TargetSessions {
  readonly hub: SessionHub;
  private readonly sessions = new Map<number, Session>();
  private readonly clients = new Map<Session, number>();

  constructor(redlite: Redlite, clock: Clock, hub?: SessionHub) {
    this.hub = hub ?? new SessionHub(redlite, { clock });
  }

  session(client: number): Session {
    let session = this.sessions.get(client);
    if (session === undefined || session.isClosed) {
      session = this.hub.open();
      this.sessions.set(client, session);
      this.clients.set(session, client);
    }
    return session;
  }

  exec(client: number, argv: readonly Arg[]): TargetOutcome {
    const outcome = this.session(client).exec(argv);
    if (outcome.kind === 'blocked') return outcome;
    // QUIT closes the connection after its reply; the next command opens a new one.
    return { kind: 'reply', reply: outcome.reply ?? { type: 'simple', value: 'OK' } };
  }

  serveReady(): readonly TargetWakeup[] {
    return this.wakeups(this.hub.serveReady());
  }

  expireBlocked(nowMs: number): readonly TargetWakeup[] {
    return this.wakeups(this.hub.expireBlocked(nowMs));
  }

  isBlocked(client: number): boolean {
    return this.sessions.get(client)?.isBlocked === true;
  }

  drop(client: number): void {
    this.sessions.get(client)?.close();
    this.sessions.delete(client);
  }

  closeAll(): void {
    for (const client of [...this.sessions.keys()]) this.drop(client);
  }

  private wakeups(woken: readonly Wakeup[]): readonly TargetWakeup[] {
    if (woken.length === 0) return NO_WAKEUPS;
    return woken.map(({ session, reply }) => {
      const client = this.clients.get(session);
      if (client === undefined)
        throw new Error(`a wake-up for session ${session.id}, which no client opened`);
      return { client, reply };
    });
  }
}
