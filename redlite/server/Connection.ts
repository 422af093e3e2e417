/**
 * One client socket of the RESP server: bytes in through the request parser, each request run
 * by the connection's session in order, replies out in order. A blocked session's later input
 * stays buffered until its wait ends (Redis does not read a blocked client's next command).
 * Pipelined commands of redlite's own table run as groups, one SQLite transaction each, when
 * nobody could tell (pipeline-groups.ts). Replies of one read are written
 * with one socket write; while the socket's send buffer is full the connection stops reading,
 * so a client that does not read its replies only slows itself.
 *
 * Leaves out accepting, wake-ups and timers, which the server does for all connections.
 */
import type { Socket } from 'node:net';
import type { Reply } from '../reply.ts';
import { encodeResp2 } from '../resp.ts';
import type { Outcome } from './outcome.ts';
import { execGroup, groupableCount } from './pipeline-groups.ts';
import { type ParserLimits, RequestParser } from './RequestParser.ts';
import type { Session } from './Session.ts';

/** Requests parsed ahead of running them, at most (the rest stay as bytes in the parser). */
const REQUESTS_PARSED_MAX = 1024;

const RESET = Buffer.from('reset');

function isReset(argv: Buffer[]): boolean {
  const name = argv[0]!;
  return name.length === RESET.length && name.toString('latin1').toLowerCase() === 'reset';
}

/** What a connection needs from its server. */
export interface ConnectionHost {
  /** After each command: serve ready blocked sessions (their connections run later). */
  afterCommand(): void;
  /** After a read's requests have run: let the connections woken meanwhile run theirs. */
  afterRead(): void;
  /** The connection closed; forget it. */
  forget(connection: Connection): void;
  /**
   * A command the host answers itself, before the session sees it (the manual clock's DEBUG
   * commands, manual-clock-admin.ts); null leaves it to the session.
   */
  adminReply?(argv: Buffer[]): Reply | null;
}

export interface ConnectionLimits extends ParserLimits {
  /** Redis's client-query-buffer-limit: unparsed bytes held for one client before it is closed. */
  readonly queryBufferBytesMax: number;
}

export class Connection {
  readonly session: Session;
  private readonly socket: Socket;
  private readonly host: ConnectionHost;
  private readonly parser: RequestParser;
  private readonly limits: ConnectionLimits;
  private readonly out: Buffer[] = [];
  /** Requests parsed and not yet run (they wait while the session is blocked). */
  private readonly requests: Buffer[][] = [];
  /** The parser's protocol error reply, sent once the requests before it have run. */
  private protocolError: Buffer | null = null;
  /** A reply that closes the connection was queued: read nothing more. */
  private closing = false;
  private closed = false;
  /** Shutting down: finish what was read, take nothing new. */
  private draining = false;
  private readonly closeListeners: (() => void)[] = [];

  constructor(socket: Socket, session: Session, host: ConnectionHost, limits: ConnectionLimits) {
    this.socket = socket;
    this.session = session;
    this.host = host;
    this.limits = limits;
    this.parser = new RequestParser(limits, () => !session.authenticated);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      if (!this.closing && !this.draining) socket.resume();
    });
    socket.on('error', () => this.onClose());
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.closed || this.draining) return;
    this.parser.feed(chunk);
    if (this.parser.bufferedBytes > this.limits.queryBufferBytesMax) {
      // Redis closes such a client without a reply (client-query-buffer-limit).
      this.socket.destroy();
      return;
    }
    this.process();
    this.host.afterRead();
  }

  /** Runs every complete request read so far, unless the session blocks or a reply closes. */
  process(): void {
    while (!this.closing && !this.closed && !this.session.isBlocked) {
      if (this.requests.length === 0 && !this.readRequests()) break;
      const group = groupableCount(this.session, this.requests);
      if (group >= 2) {
        for (const reply of execGroup(this.session, this.requests.splice(0, group)))
          this.out.push(encodeResp2(reply));
      } else {
        const request = this.requests.shift()!;
        const admin = this.host.adminReply?.(request) ?? null;
        if (admin !== null) this.out.push(encodeResp2(admin));
        else this.handle(this.session.exec(request));
      }
      this.host.afterCommand();
    }
    this.flush();
  }

  /** Moves parsed requests into the queue; false when there is none (after a protocol error's reply). */
  private readRequests(): boolean {
    // How the parser reads depends on AUTH (smaller limits before it), so it may read ahead only
    // while authenticated, and not past a RESET, which may log the connection out again.
    const ahead = this.session.authenticated ? REQUESTS_PARSED_MAX : 1;
    while (this.protocolError === null && this.requests.length < ahead) {
      const request = this.parser.next();
      if (request === null) break;
      if (request.kind === 'error') this.protocolError = request.reply;
      else this.requests.push(request.argv);
      if (request.kind === 'command' && isReset(request.argv)) break;
    }
    if (this.requests.length > 0) return true;
    if (this.protocolError !== null) {
      this.out.push(this.protocolError);
      this.closing = true;
    }
    return false;
  }

  private handle(outcome: Outcome): void {
    if (outcome.kind === 'reply') this.out.push(encodeResp2(outcome.reply));
    else if (outcome.kind === 'close') {
      if (outcome.reply !== null) this.out.push(encodeResp2(outcome.reply));
      this.closing = true;
    }
  }

  /** The session's wait ended: its reply goes out first, then buffered requests may run. */
  deliver(reply: Reply): void {
    this.out.push(encodeResp2(reply));
  }

  private flush(): void {
    if (this.closed) return;
    if (this.out.length > 0) {
      const bytes = this.out.length === 1 ? this.out[0]! : Buffer.concat(this.out);
      this.out.length = 0;
      if (!this.socket.write(bytes) && !this.closing) this.socket.pause();
    }
    if (this.closing || this.draining) this.socket.end();
  }

  /** Graceful shutdown: write what is owed, then end; a blocked client just gets closed. */
  drain(): void {
    this.draining = true;
    this.socket.pause();
    this.flush();
  }

  /** Calls `listener` once the socket has closed (at once if it has). */
  onClosed(listener: () => void): void {
    if (this.closed) listener();
    else this.closeListeners.push(listener);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
    this.host.forget(this);
    for (const listener of this.closeListeners.splice(0)) listener();
  }
}
