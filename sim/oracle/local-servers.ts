/**
 * Servers the oracle and stress commands start for themselves on a free loopback port, and
 * stop afterwards: redis-server from PATH (no persistence), and bin/redlite-server with its
 * database in a fresh temporary folder (removed on stop). A server is ready when it prints its
 * ready line, so starting waits on its output rather than polling. Without redis-server on
 * PATH, RedisUnavailableError says so in one line (an input error: exit 2).
 *
 * The start timeout is the only wall-clock wait, through the sweep's real-time alarm
 * (sim/sweep/wall-timers.ts), so this file stays clear of ambient time.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError, ToolError } from '../error-kinds.ts';
import { repoRoot } from '../sweep/paths.ts';
import { alarmAfter } from '../sweep/wall-timers.ts';

/** How long a server may take to print its ready line. */
export const SERVER_START_MS_MAX = 30_000;

export class RedisUnavailableError extends InputError {
  constructor() {
    super('redis-server is not on PATH: install it (apt-get install redis-server) or pass --redis URL');
    this.name = 'RedisUnavailableError';
  }
}

export class ServerStartError extends ToolError {
  readonly server: string;
  constructor(server: string, reason: string) {
    super(`${server} did not start: ${reason}`);
    this.name = 'ServerStartError';
    this.server = server;
  }
}

export interface LocalServer {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly label: string;
  /** The server's process id, for RSS readings. */
  readonly pid: number;
  /** The database file, for size readings; null for Redis (no persistence). */
  readonly dbPath: string | null;
  stop(): Promise<void>;
}

/** The absolute path of `name` on PATH, or null. */
export function onPath(name: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the first match of `ready` in the child's stdout; rejects if it exits first. */
function waitForLine(child: ChildProcess, server: string, ready: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const cancel = alarmAfter(SERVER_START_MS_MAX, () => {
      child.kill('SIGKILL');
      reject(
        new ServerStartError(server, `no ready line within ${SERVER_START_MS_MAX} ms: ${out.slice(-300)}`),
      );
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = ready.exec(out);
      if (match !== null) {
        cancel();
        resolve(match);
      }
    });
    child.once('error', (error) => {
      cancel();
      reject(new ServerStartError(server, error.message));
    });
    child.once('exit', (code) => {
      cancel();
      reject(new ServerStartError(server, `exited with ${code}: ${out.slice(-300)}`));
    });
  });
}

function stopper(child: ChildProcess, after: () => void = () => {}): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      const done = () => {
        after();
        resolve();
      };
      if (child.exitCode !== null || child.signalCode !== null) {
        done();
        return;
      }
      child.once('exit', done);
      child.kill('SIGTERM');
    });
}

/** redis-server from PATH on a free loopback port, without persistence. */
export async function startRedisServer(): Promise<LocalServer> {
  const binary = onPath('redis-server');
  if (binary === null) throw new RedisUnavailableError();
  const port = await freeLoopbackPort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await waitForLine(child, 'redis-server', /Ready to accept connections/);
  child.stdout?.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    label: `redis-server on 127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    dbPath: null,
    stop: stopper(child),
  };
}

/** bin/redlite-server on a free loopback port, its database in a fresh temporary folder. */
export async function startRedliteServer(flags: readonly string[] = []): Promise<LocalServer> {
  const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'vopr-redlite-server-'));
  const child = spawn(
    join(repoRoot(), 'bin', 'redlite-server'),
    ['--port', '0', '--db', join(folder, 'redlite.db'), ...flags],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let match: RegExpExecArray;
  try {
    match = await waitForLine(child, 'redlite-server', /ready on [^\s]+:(\d+)/);
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw error;
  }
  child.stdout?.resume();
  const port = Number(match[1]);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    label: `redlite-server on 127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    dbPath: join(folder, 'redlite.db'),
    stop: stopper(child, () => rmSync(folder, { recursive: true, force: true })),
  };
}

/** `--redis` as upstream spells it (`localhost:6379`) or as a URL. */
export function redisUrlOf(text: string): string {
  const trimmed = text.trim();
  return /^rediss?:\/\//.test(trimmed) ? trimmed : `redis://${trimmed}`;
}
