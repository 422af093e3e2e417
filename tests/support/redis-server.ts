/**
 * A real Redis for differential tests. `.ci/run` starts one and exports REDIS_PORT; on a
 * developer machine without that, a private redis-server is started on a free loopback port
 * when the binary exists. Without either, the caller skips loudly, except under CI=true,
 * where a missing Redis is an error.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { Socket } from 'node:net';
import type { Reply } from '../../redlite/reply.ts';
import { decodeReply, encodeCommand, RespIncomplete } from '../../sim/live/resp-codec.ts';
import { freeLoopbackPort, onPath } from '../../sim/oracle/local-servers.ts';

export class RedisConnection {
  private readonly socket: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: ((reply: Reply) => void)[] = [];
  private readonly failures: ((error: Error) => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => {
      for (const fail of this.failures.splice(0)) fail(error);
      this.waiting.length = 0;
    });
  }

  static connect(port: number): Promise<RedisConnection> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve(new RedisConnection(socket));
      });
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    while (this.buffer.length > 0 && this.waiting.length > 0) {
      let decoded: { reply: Reply; next: number };
      try {
        decoded = decodeReply(this.buffer);
      } catch (error) {
        if (error instanceof RespIncomplete) return;
        throw error;
      }
      this.buffer = this.buffer.subarray(decoded.next);
      this.failures.shift();
      this.waiting.shift()?.(decoded.reply);
    }
  }

  /** Sends one command and resolves with its reply. Commands may be pipelined. */
  send(argv: readonly (string | Buffer)[]): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.failures.push(reject);
      this.socket.write(encodeCommand(argv));
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

export interface RedisHandle {
  port: number;
  connect(): Promise<RedisConnection>;
  stop(): void;
}

function redisServerPath(): string | null {
  return onPath('redis-server');
}

async function waitForPing(port: number, attempts: number): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    try {
      const connection = await RedisConnection.connect(port);
      const reply = await connection.send(['PING']);
      connection.close();
      if (reply.type === 'simple' && reply.value === 'PONG') return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

/**
 * Whether redis-server is installed, for tests that have the tool start its own (`--target
 * redis`). Without it they skip after a loud warning naming `what`; under CI=true that throws.
 */
export function redisServerInstalled(what: string): boolean {
  if (redisServerPath() !== null) return true;
  const message = `redis-server not found: ${what} are SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message} (not allowed under CI=true)`);
  console.warn(
    `\n!!!!!!!!!! ${message}. Install it (apt-get install redis-server) to run them. !!!!!!!!!!\n`,
  );
  return false;
}

/**
 * Finds or starts a Redis. Returns null (after printing a loud warning) when none is available
 * outside CI; throws under CI=true.
 */
export async function startRedis(): Promise<RedisHandle | null> {
  const envPort = process.env.REDIS_PORT ? Number(process.env.REDIS_PORT) : null;
  if (envPort !== null && Number.isInteger(envPort) && envPort > 0) {
    await waitForPing(envPort, 100);
    return { port: envPort, connect: () => RedisConnection.connect(envPort), stop: () => {} };
  }
  const binary = redisServerPath();
  if (binary === null) {
    const message = 'redis-server not found: the real-Redis differential tests are SKIPPED';
    if (process.env.CI === 'true') throw new Error(`${message} (not allowed under CI=true)`);
    console.warn(
      `\n!!!!!!!!!! ${message}. Install it (apt-get install redis-server) to run them. !!!!!!!!!!\n`,
    );
    return null;
  }
  const port = await freeLoopbackPort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitForPing(port, 200);
  return { port, connect: () => RedisConnection.connect(port), stop: () => child.kill('SIGTERM') };
}
