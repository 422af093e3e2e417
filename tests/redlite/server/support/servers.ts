/**
 * Real servers as child processes for the server tests: bin/redlite-server on a free loopback
 * port (its database in a private temporary folder, removed on stop), and a private
 * redis-server started with extra flags (a password, for AUTH). A test that needs redis-server
 * or redis-cli on a machine without them gets null after a loud warning, except under CI=true,
 * where a missing binary is an error.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedisConnection } from '../../../support/redis-server.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const REDLITE_SERVER_BIN = join(REPO, 'bin', 'redlite-server');
const READY_TIMEOUT_MS = 30_000;

export interface ServerHandle {
  readonly port: number;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  readonly stdout: () => string;
  connect(): Promise<RedisConnection>;
  /** SIGTERM, then the exit code (SIGKILL after `waitMs`). Removes the server's folder. */
  stop(waitMs?: number): Promise<number | null>;
}

/** A binary on PATH, or null after a loud warning (an error under CI=true). */
export function requireBinary(name: string): string | null {
  let path: string | null = null;
  try {
    path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    path = null;
  }
  if (path !== null) return path;
  const message = `${name} not found: the tests that need it are SKIPPED`;
  if (process.env.CI === 'true') throw new Error(`${message} (not allowed under CI=true)`);
  console.warn(`\n!!!!!!!!!! ${message}. Install it (apt-get install redis-server). !!!!!!!!!!\n`);
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess, waitMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), waitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

export function tempFolder(prefix: string): string {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), prefix));
}

export interface RedliteServerPlace {
  /** The database file; by default one in a private folder removed on stop. */
  readonly db?: string;
  /** The port; by default 0 (a free one, read from the ready line). */
  readonly port?: number;
}

/**
 * Starts bin/redlite-server with the given flags and waits for its ready line, which names
 * the port.
 */
export async function startRedliteServer(
  flags: readonly string[] = [],
  place: RedliteServerPlace = {},
): Promise<ServerHandle> {
  const folder = tempFolder('redlite-server-');
  const db = place.db ?? join(folder, 'redlite.db');
  const child = spawn(REDLITE_SERVER_BIN, ['--port', String(place.port ?? 0), '--db', db, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redlite-server not ready: ${out}${err}`)),
      READY_TIMEOUT_MS,
    );
    const check = () => {
      const match = /ready on [^\s]+:(\d+)/.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redlite-server exited with ${code}: ${out}${err}`));
    });
  });
  return {
    port,
    child,
    stdout: () => out,
    connect: () => RedisConnection.connect(port),
    async stop(waitMs = 10_000) {
      child.kill('SIGTERM');
      const code = await exitOf(child, waitMs);
      rmSync(folder, { recursive: true, force: true });
      return code;
    },
  };
}

/** A private redis-server with extra flags, or null (loudly) when there is none outside CI. */
export async function startPrivateRedis(flags: readonly string[] = []): Promise<ServerHandle | null> {
  const binary = requireBinary('redis-server');
  if (binary === null) return null;
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...flags],
    { stdio: 'ignore' },
  );
  for (let attempt = 0; ; attempt++) {
    try {
      const connection = await RedisConnection.connect(port);
      connection.close();
      break;
    } catch (error) {
      if (attempt > 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  return {
    port,
    child,
    stdout: () => '',
    connect: () => RedisConnection.connect(port),
    stop: (waitMs = 10_000) => {
      child.kill('SIGTERM');
      return exitOf(child, waitMs);
    },
  };
}
