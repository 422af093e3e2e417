/**
 * ServerLink: the world's synchronous handle on a started redlite-server. The world's loop is
 * synchronous, so each call posts one request to the thread that owns the process and its
 * sockets (socket-thread.ts) and blocks on a shared flag (Atomics.wait) until that thread has
 * done it; the result is then read off the message port at once (receiveMessageOnPort).
 * Nothing else runs meanwhile, so the server sees the world's requests in the world's order.
 *
 * Leaves out what the requests mean (ServerTarget.ts, ServerSessions.ts).
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { SOCKET_THREAD_SOURCE } from './socket-thread.ts';

/** The server could not be started, or a request to it failed: the run cannot go on. */
export class ServerLinkError extends Error {
  readonly op: string;
  constructor(op: string, detail: string) {
    super(`redlite-server (${op}): ${detail}`);
    this.name = 'ServerLinkError';
    this.op = op;
  }
}

/** How long the server may take to answer one request, wall time (a loaded machine is slow). */
const WAIT_MS_MAX = 30_000;
/** How long the server may take to start, wall time (the TypeScript loader starts with it). */
const READY_MS_MAX = 60_000;
/** How often the thread asks whether a client with no reply yet is blocked, wall time. */
const POLL_MS = 1;
/** A call the thread has not answered by then is lost: it has a bound of its own below this. */
const CALL_MS_MAX = READY_MS_MAX + WAIT_MS_MAX;

export interface Started {
  readonly host: string;
  readonly port: number;
  readonly pid: number;
}

/** What the thread returns for `send`: the replies' bytes, and whether the client stayed blocked. */
export interface Sent {
  readonly bytes: Buffer;
  readonly parked: boolean;
}

export class ServerLink {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private ended = false;

  private constructor() {
    this.flag = new Int32Array(new SharedArrayBuffer(4));
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(SOCKET_THREAD_SOURCE, {
      eval: true,
      workerData: {
        port: channel.port2,
        flag: this.flag,
        waitMsMax: WAIT_MS_MAX,
        pollMs: POLL_MS,
        readyMsMax: READY_MS_MAX,
      },
      transferList: [channel.port2],
    });
    // The thread never keeps the simulator alive; the server's stdin pipe ends with it.
    this.worker.unref();
  }

  /** Starts `command args` (a redlite-server that prints its port) and connects to it. */
  static start(command: string, args: readonly string[]): { link: ServerLink; started: Started } {
    const link = new ServerLink();
    try {
      const started = link.call<Started>({ op: 'start', command, args: [...args] });
      return { link, started };
    } catch (error) {
      link.end('SIGKILL');
      throw error;
    }
  }

  /** Opens client connection `socket`; returns its CLIENT ID on the server. */
  open(host: string, port: number, socket: number): number {
    return this.call<{ session: number }>({ op: 'open', host, port, socket }).session;
  }

  /**
   * Sends `bytes` on `socket` (0 is the control connection) and waits for `replies` replies,
   * or, with `park`, until the server says that session is blocked.
   */
  send(socket: number, bytes: Buffer, replies: number, park?: number): Sent {
    const sent = this.call<{ bytes: Uint8Array; parked: boolean }>({
      op: 'send',
      socket,
      bytes,
      replies,
      park: park ?? null,
    });
    return {
      bytes: Buffer.from(sent.bytes.buffer, sent.bytes.byteOffset, sent.bytes.byteLength),
      parked: sent.parked,
    };
  }

  /** One reply from each socket, in order (blocked clients' wake-ups). */
  read(sockets: readonly number[]): Buffer[] {
    const read = this.call<{ replies: Uint8Array[] }>({ op: 'read', sockets: [...sockets] });
    return read.replies.map((bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** Closes `socket` (after `partial` bytes, if any) and waits until the server forgot `session`. */
  close(socket: number, session: number, partial: Buffer | null): void {
    this.call({ op: 'close', socket, session, partial });
  }

  /**
   * Ends the server: SIGKILL is a crash, SIGTERM a graceful stop (SIGKILL if it lingers). The
   * thread ends with it. Idempotent.
   */
  end(signal: 'SIGKILL' | 'SIGTERM'): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.call({ op: 'end', signal });
    } finally {
      void this.worker.terminate();
    }
  }

  private call<T>(request: { readonly op: string } & Record<string, unknown>): T {
    if (this.ended && request.op !== 'end') throw new ServerLinkError(request.op, 'the server was stopped');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, CALL_MS_MAX) === 'timed-out')
      throw new ServerLinkError(request.op, `no answer from the socket thread within ${CALL_MS_MAX} ms`);
    const message = receiveMessageOnPort(this.port)?.message as
      | ({ ok: true } & T)
      | { ok: false; error: string }
      | undefined;
    if (message === undefined) throw new ServerLinkError(request.op, 'the socket thread woke with no answer');
    if (!message.ok) throw new ServerLinkError(request.op, message.error);
    return message;
  }
}
