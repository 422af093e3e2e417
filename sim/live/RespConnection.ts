/**
 * RespConnection: one real TCP connection to a RESP server, as one live client uses it. It
 * sends a command and resolves with its reply; commands may queue, and replies come back in
 * order. When the connection drops (the server was killed, the peer closed it), every command
 * still waiting rejects with ConnectionDropped: the caller cannot know whether the server ran
 * it, which is what the history's `unknown` outcome means.
 *
 * Leaves out the encoding (resp-codec.ts) and any retry: reconnecting is the client's choice.
 */
import { Socket } from 'node:net';
import type { Arg, Reply } from '../../redlite/reply.ts';
import { ToolError } from '../error-kinds.ts';
import { decodeReply, encodeCommand, RespIncomplete } from './resp-codec.ts';
import { withinMs } from './wall-time.ts';

export class ConnectionDropped extends Error {
  readonly address: string;
  constructor(address: string, reason: string) {
    super(`connection to ${address} dropped: ${reason}`);
    this.name = 'ConnectionDropped';
    this.address = address;
  }
}

/** No server answered at the address: the tool cannot do its job there (exit 3). */
export class ConnectError extends ToolError {
  readonly address: string;
  constructor(address: string, reason: string) {
    super(`cannot connect to ${address}: ${reason}`);
    this.name = 'ConnectError';
    this.address = address;
  }
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** A connection attempt that has not succeeded by then has failed. */
const CONNECT_MS_MAX = 2000;

export class RespConnection {
  readonly address: string;
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiter[] = [];
  private dropped: ConnectionDropped | null = null;

  private constructor(socket: Socket, address: string) {
    this.socket = socket;
    this.address = address;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.drop(error.message));
    socket.on('close', () => this.drop('closed'));
  }

  static async connect(host: string, port: number): Promise<RespConnection> {
    const address = `${host}:${port}`;
    const socket = new Socket();
    const attempt = new Promise<RespConnection | string>((resolve) => {
      socket.once('error', (error) => resolve(error.message));
      socket.connect(port, host, () => {
        socket.removeAllListeners('error');
        resolve(new RespConnection(socket, address));
      });
    });
    const result = await withinMs(attempt, CONNECT_MS_MAX, `no answer within ${CONNECT_MS_MAX} ms`);
    if (typeof result === 'string') {
      socket.destroy();
      throw new ConnectError(address, result);
    }
    return result;
  }

  /** Sends one command; resolves with its reply, rejects with ConnectionDropped. */
  send(argv: readonly Arg[]): Promise<Reply> {
    if (this.dropped !== null) return Promise.reject(this.dropped);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(encodeCommand(argv));
    });
  }

  get isDropped(): boolean {
    return this.dropped !== null;
  }

  close(): void {
    this.drop('closed by the client');
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length > 0) {
      let decoded: { reply: Reply; next: number };
      try {
        decoded = decodeReply(this.buffer);
      } catch (error) {
        if (error instanceof RespIncomplete) return;
        this.drop((error as Error).message);
        this.socket.destroy();
        return;
      }
      this.buffer = this.buffer.subarray(decoded.next);
      const waiter = this.waiting.shift();
      if (waiter === undefined) {
        this.drop('a reply nobody asked for');
        this.socket.destroy();
        return;
      }
      waiter.resolve(decoded.reply);
    }
  }

  private drop(reason: string): void {
    if (this.dropped !== null) return;
    this.dropped = new ConnectionDropped(this.address, reason);
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.dropped);
  }
}
