/**
 * The clients' connections to a started redlite-server (ServerTarget.ts): one TCP connection
 * per simulated client, opened on first use, requests as RESP bytes and replies read back by
 * the simulator's own reader (sessions/resp-wire.ts), so the whole protocol layer is on the
 * path. `--target server`.
 *
 * What a client cannot see, the server's admin commands tell, so every answer is the same on
 * every run: a command with no reply is blocked once the server says its session is
 * (`DEBUG SESSION`); after a command, and when the clock passes a deadline, the server lists
 * the clients whose waits ended, in the order it served them (`DEBUG SERVED`), and their
 * replies are read off their connections in that order. Both are asked only while some client
 * is blocked. A dropped connection is a closed socket, waited for until the server has
 * forgotten the session, so that no later push can serve it.
 *
 * Leaves out the process and the sockets themselves (ServerLink.ts).
 */
import type { Arg } from '../../../redlite/reply.ts';
import { commandName } from '../../format-reply.ts';
import { encodeRequest } from '../sessions/resp-wire.ts';
import type { TargetOutcome, TargetSessions, TargetWakeup } from '../sessions/target-sessions.ts';
import { ServerReplyError, type ServerTarget } from './ServerTarget.ts';

/** A wake-up the world cannot place: the server served a session no blocked client holds. */
export class ServerWakeupError extends Error {
  constructor(session: number) {
    super(`redlite-server ended the wait of session ${session}, which no blocked client holds`);
    this.name = 'ServerWakeupError';
  }
}

interface Client {
  readonly socket: number;
  readonly session: number;
}

export class ServerSessions implements TargetSessions {
  private readonly target: ServerTarget;
  private readonly clients = new Map<number, Client>();
  /** Blocked clients by CLIENT ID. */
  private readonly blocked = new Map<number, number>();

  constructor(target: ServerTarget) {
    this.target = target;
  }

  private client(index: number): Client {
    let client = this.clients.get(index);
    if (client === undefined) {
      client = this.target.openClient();
      this.clients.set(index, client);
    }
    return client;
  }

  exec(index: number, argv: readonly Arg[]): TargetOutcome {
    const client = this.client(index);
    const { replies, parked } = this.target.exchange(client.socket, [argv], client.session);
    if (parked) {
      this.blocked.set(client.session, index);
      return { kind: 'blocked' };
    }
    const reply = replies[0]!;
    // QUIT's OK (not its QUEUED inside MULTI) closes the connection; the next command opens a new one.
    if (commandName(argv) === 'QUIT' && reply.type === 'simple' && reply.value === 'OK') this.drop(index);
    return { kind: 'reply', reply };
  }

  serveReady(): TargetWakeup[] {
    return this.ended();
  }

  expireBlocked(nowMs: number): TargetWakeup[] {
    return this.ended(nowMs);
  }

  isBlocked(index: number): boolean {
    const client = this.clients.get(index);
    return client !== undefined && this.blocked.has(client.session);
  }

  drop(index: number, partialRequest?: readonly Arg[]): void {
    const client = this.clients.get(index);
    if (client === undefined) return;
    let partial: Buffer | null = null;
    if (partialRequest !== undefined) {
      const bytes = encodeRequest(partialRequest);
      partial = bytes.subarray(0, Math.max(1, bytes.length - 1));
    }
    this.target.closeClient(client.socket, client.session, partial);
    this.clients.delete(index);
    this.blocked.delete(client.session);
  }

  closeAll(): void {
    for (const index of [...this.clients.keys()]) this.drop(index);
  }

  /** The waits that ended since the last ask (with `atMs`, once the clock reads it). */
  private ended(atMs?: number): TargetWakeup[] {
    if (this.blocked.size === 0) return [];
    const { replies } = this.target.exchange(0, [['DEBUG', 'SERVED']], undefined, atMs);
    const served = replies[0]!;
    if (served.type !== 'array' || served.value === null) throw new ServerReplyError('DEBUG SERVED', served);
    if (served.value.length === 0) return [];
    const clients = served.value.map((item) => {
      const session = Number(item.value);
      const index = this.blocked.get(session);
      if (index === undefined) throw new ServerWakeupError(session);
      this.blocked.delete(session);
      return index;
    });
    const woken = this.target.wakeups(clients.map((index) => this.clients.get(index)!.socket));
    return clients.map((client, i) => ({ client, reply: woken[i]! }));
  }
}
