/**
 * The RESP server: a node:net listener whose connections each drive one Session of a shared
 * SessionHub. After every command it asks the hub to serve blocked sessions, delivers their
 * replies and lets them run what they had pipelined behind the wait; it keeps one alarm at the
 * hub's next deadline, and runs redlite's active expiry on a period. Clients beyond `maxClients`
 * get Redis's error and are closed. `close()` is the graceful shutdown: stop accepting, write
 * every reply owed, end the connections (waiting at most `shutdownWaitMs`), stop the timers.
 *
 * Time comes from the HostTimers and Clock it is given: this file reads no clock itself. With
 * `admin` (`redlite-server --clock manual`), the host answers its own commands ahead of the
 * sessions and hears of every ended wait (manual-clock-admin.ts).
 * Leaves out the command line (bin/redlite-server.ts) and opening the store.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Clock } from '../clock.ts';
import { RedliteOptionError } from '../errors.ts';
import type { Reply } from '../reply.ts';
import { Connection, type ConnectionHost, type ConnectionLimits } from './Connection.ts';
import type { HostTimers } from './host-timers.ts';
import type { AdminCommands, AdminView } from './manual-clock-admin.ts';
import type { Wakeup } from './outcome.ts';
import type { Session } from './Session.ts';
import type { SessionHub } from './SessionHub.ts';

export interface RespServerOptions {
  readonly hub: SessionHub;
  readonly clock: Clock;
  readonly timers: HostTimers;
  /** 0 picks a free port (see `port` once listening). */
  readonly port: number;
  readonly bind: string;
  readonly maxClients: number;
  readonly limits: ConnectionLimits;
  /** Period of redlite's active expiry (Redis runs it 10 times a second). */
  readonly expireCycleMs?: number;
  /** Keys deleted per active expiry run at most. */
  readonly expireKeysPerCycle?: number;
  /** How long `close()` waits for clients to take their last replies before cutting them off. */
  readonly shutdownWaitMs?: number;
  /** Commands the host answers itself, and who hears of ended waits (`--clock manual`). */
  readonly admin?: AdminCommands;
}

const MAX_CLIENTS_REPLY = Buffer.from('-ERR max number of clients reached\r\n');

export class RespServer implements ConnectionHost, AdminView {
  private readonly options: RespServerOptions;
  private readonly listener: Server;
  private readonly connections = new Set<Connection>();
  private readonly bySession = new Map<Session, Connection>();
  /** Connections whose wait ended, to run their buffered requests after the current one. */
  private readonly resumable: Connection[] = [];
  private resuming = false;
  private cancelDeadline: (() => void) | null = null;
  private deadlineMs: number | null = null;
  private readonly cancelExpiry: () => void;
  private closing: Promise<void> | null = null;

  private constructor(options: RespServerOptions, listener: Server) {
    this.options = options;
    this.listener = listener;
    listener.on('connection', (socket) => this.accept(socket));
    const expireKeys = options.expireKeysPerCycle ?? 200;
    this.cancelExpiry = options.timers.every(options.expireCycleMs ?? 100, () => {
      options.hub.redlite.expireCycle(expireKeys);
    });
  }

  static async listen(options: RespServerOptions): Promise<RespServer> {
    if (!Number.isInteger(options.maxClients) || options.maxClients < 1) {
      throw new RedliteOptionError('maxClients', options.maxClients, 'an integer >= 1');
    }
    const listener = createServer();
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(options.port, options.bind, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    return new RespServer(options, listener);
  }

  get port(): number {
    const address = this.listener.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  private accept(socket: Socket): void {
    if (this.closing !== null) {
      socket.destroy();
      return;
    }
    if (this.connections.size >= this.options.maxClients) {
      socket.on('error', () => {});
      socket.end(MAX_CLIENTS_REPLY);
      return;
    }
    const connection = new Connection(socket, this.options.hub.open(), this, this.options.limits);
    this.connections.add(connection);
    this.bySession.set(connection.session, connection);
  }

  afterCommand(): void {
    this.deliver(this.options.hub.serveReady());
  }

  afterRead(): void {
    this.settle();
  }

  adminReply(argv: Buffer[]): Reply | null {
    return this.options.admin?.reply(argv, this) ?? null;
  }

  /** The open session with that CLIENT ID; a linear search, as only admin commands ask. */
  sessionWithId(id: number): Session | undefined {
    for (const session of this.bySession.keys()) if (session.id === id) return session;
    return undefined;
  }

  forget(connection: Connection): void {
    this.connections.delete(connection);
    this.bySession.delete(connection.session);
    this.armDeadline();
  }

  /** Hands each woken session its reply; its connection runs once the current one is done. */
  private deliver(wakeups: readonly Wakeup[]): void {
    for (const { session, reply } of wakeups) {
      const connection = this.bySession.get(session);
      if (connection === undefined) continue;
      connection.deliver(reply);
      this.options.admin?.served(session);
      this.resumable.push(connection);
    }
  }

  /**
   * Runs woken connections (each may wake more) after the connection whose command woke them
   * has run its whole read, as Redis runs unblocked clients after the current one; then
   * re-arms the deadline.
   */
  private settle(): void {
    if (this.resuming) return;
    this.resuming = true;
    try {
      for (
        let connection = this.resumable.shift();
        connection !== undefined;
        connection = this.resumable.shift()
      ) {
        connection.process();
      }
    } finally {
      this.resuming = false;
    }
    this.armDeadline();
  }

  private armDeadline(): void {
    const next = this.closing === null ? this.options.hub.nextDeadlineMs() : null;
    if (next === this.deadlineMs) return;
    this.cancelDeadline?.();
    this.cancelDeadline = null;
    this.deadlineMs = next;
    if (next === null) return;
    this.cancelDeadline = this.options.timers.at(next, () => {
      this.cancelDeadline = null;
      this.deadlineMs = null;
      this.deliver(this.options.hub.expireBlocked(this.options.clock.now()));
      this.settle();
    });
  }

  /** Graceful shutdown; idempotent. The hub and its Redlite stay open for the caller to close. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.listener.close(() => resolve()));
    this.cancelExpiry();
    this.cancelDeadline?.();
    this.cancelDeadline = null;
    const ended = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          connection.onClosed(resolve);
          connection.drain();
        }),
    );
    const waitMs = this.options.shutdownWaitMs ?? 5000;
    let cancelWait = (): void => {};
    const timedOut = new Promise<void>((resolve) => {
      cancelWait = this.options.timers.at(this.options.clock.now() + waitMs, resolve);
    });
    await Promise.race([Promise.all(ended), timedOut]);
    cancelWait();
    for (const connection of this.connections) connection.destroy();
    await stopped;
  }
}
