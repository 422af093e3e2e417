/**
 * The target behind redlite's RESP server code, in virtual time: each client is a Connection
 * (redlite/server/Connection.ts: the request parser, the session, the reply encoder) over an
 * in-memory socket, and this file plays the server's host as RespServer does (serve blocked
 * sessions after each command, deliver their replies, let woken connections run, time waits
 * out), but at the world's virtual times instead of on wall-clock timers. Requests go in as
 * RESP bytes and replies come back as bytes, read by the simulator's own reader (resp-wire.ts),
 * so the protocol layer is on the path: `--target server`.
 *
 * Leaves out sockets and listening: the bytes never leave the process.
 */
import type { Clock } from '../../../redlite/clock.ts';
import type { Redlite } from '../../../redlite/index.ts';
import type { Arg } from '../../../redlite/reply.ts';
import {
  Connection,
  type ConnectionHost,
  type ConnectionLimits,
} from '../../../redlite/server/Connection.ts';
import type { Wakeup } from '../../../redlite/server/outcome.ts';
import type { Session } from '../../../redlite/server/Session.ts';
import { SessionHub } from '../../../redlite/server/SessionHub.ts';
import { MemorySocket } from './MemorySocket.ts';
import { encodeRequest, ReplyReader } from './resp-wire.ts';
import type { TargetOutcome, TargetSessions, TargetWakeup } from './target-sessions.ts';

/** Redis's defaults: proto-max-bulk-len 512 MB, client-query-buffer-limit 1 GB. */
const LIMITS: ConnectionLimits = {
  bulkBytesMax: 512 * 1024 * 1024,
  multibulkLengthMax: 2147483647,
  queryBufferBytesMax: 1024 * 1024 * 1024,
};

export class WireProtocolError extends Error {
  constructor(client: number, detail: string) {
    super(`client ${client} over the in-memory wire: ${detail}`);
    this.name = 'WireProtocolError';
  }
}

interface Client {
  readonly socket: MemorySocket;
  readonly connection: Connection;
  readonly reader: ReplyReader;
}

export class WireSessions implements TargetSessions, ConnectionHost {
  readonly hub: SessionHub;
  private readonly clients = new Map<number, Client>();
  private readonly byConnection = new Map<Connection, number>();
  private readonly resumable: Connection[] = [];
  /** Clients served since the world last asked, in order. */
  private served: number[] = [];

  constructor(redlite: Redlite, clock: Clock, hub?: SessionHub) {
    this.hub = hub ?? new SessionHub(redlite, { clock });
  }

  private client(index: number): Client {
    const existing = this.clients.get(index);
    if (existing !== undefined && !existing.socket.isClosed) return existing;
    const socket = new MemorySocket();
    const connection = new Connection(
      socket as unknown as ConstructorParameters<typeof Connection>[0],
      this.hub.open(),
      this,
      LIMITS,
    );
    const client = { socket, connection, reader: new ReplyReader() };
    this.clients.set(index, client);
    this.byConnection.set(connection, index);
    return client;
  }

  /** The session behind a client's connection (planted bugs reach it through here). */
  sessionOf(index: number): Session {
    return this.client(index).connection.session;
  }

  exec(index: number, argv: readonly Arg[]): TargetOutcome {
    const client = this.client(index);
    client.socket.deliver(encodeRequest(argv));
    const replies = this.read(index, client);
    if (replies.length === 0) {
      if (!client.connection.session.isBlocked)
        throw new WireProtocolError(index, 'no reply and not blocked');
      return { kind: 'blocked' };
    }
    if (replies.length > 1) throw new WireProtocolError(index, `${replies.length} replies to one request`);
    return { kind: 'reply', reply: replies[0]! };
  }

  serveReady(): TargetWakeup[] {
    const woken = this.served;
    this.served = [];
    return this.collect(woken);
  }

  expireBlocked(nowMs: number): TargetWakeup[] {
    this.deliver(this.hub.expireBlocked(nowMs));
    this.settle();
    return this.serveReady();
  }

  isBlocked(index: number): boolean {
    const client = this.clients.get(index);
    return client !== undefined && !client.socket.isClosed && client.connection.session.isBlocked;
  }

  drop(index: number, partialRequest?: readonly Arg[]): void {
    const client = this.clients.get(index);
    if (client === undefined) return;
    if (partialRequest !== undefined) {
      const bytes = encodeRequest(partialRequest);
      client.socket.deliver(bytes.subarray(0, Math.max(1, bytes.length - 1)));
    }
    client.socket.destroy();
    this.clients.delete(index);
  }

  closeAll(): void {
    for (const index of [...this.clients.keys()]) this.drop(index);
  }

  afterCommand(): void {
    this.deliver(this.hub.serveReady());
  }

  afterRead(): void {
    this.settle();
  }

  forget(connection: Connection): void {
    this.byConnection.delete(connection);
  }

  private deliver(wakeups: readonly Wakeup[]): void {
    for (const { session, reply } of wakeups) {
      const connection = [...this.byConnection.keys()].find((c) => c.session === session);
      if (connection === undefined) continue;
      connection.deliver(reply);
      this.resumable.push(connection);
      this.served.push(this.byConnection.get(connection)!);
    }
  }

  /** Runs woken connections after the current one, as RespServer does. */
  private settle(): void {
    for (
      let connection = this.resumable.shift();
      connection !== undefined;
      connection = this.resumable.shift()
    ) {
      connection.process();
    }
  }

  private read(index: number, client: Client): ReturnType<ReplyReader['drain']> {
    client.reader.feed(client.socket.takeWritten());
    const replies = client.reader.drain();
    if (client.reader.pendingBytes > 0) throw new WireProtocolError(index, 'a partial reply was written');
    return replies;
  }

  private collect(woken: readonly number[]): TargetWakeup[] {
    const wakeups: TargetWakeup[] = [];
    for (const index of woken) {
      const client = this.clients.get(index);
      if (client === undefined) continue;
      const replies = this.read(index, client);
      if (replies.length !== 1) throw new WireProtocolError(index, `${replies.length} replies to a wake-up`);
      wakeups.push({ client: index, reply: replies[0]! });
    }
    return wakeups;
  }
}
