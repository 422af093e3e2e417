/**
 * bin/redlite-server as a process: strict flags (one-line errors, exit 2), --help, a port that
 * is taken (exit 1), the graceful SIGTERM shutdown (exit 0, data kept, WAL checkpointed away),
 * maxclients, the length and query-buffer limits, and the guarantees of a shared server: a
 * client that stops mid-request blocks nobody, and one that disconnects while blocked or inside
 * MULTI leaves no trace.
 */
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisConnection } from '../../support/redis-server.ts';
import { REDLITE_SERVER_BIN, type ServerHandle, startRedliteServer, tempFolder } from './support/servers.ts';

const run = promisify(execFile);

async function exitOf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(REDLITE_SERVER_BIN, args, { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Raw bytes in, whatever comes back until the server closes or goes quiet. */
function rawExchange(
  port: number,
  bytes: string | Buffer,
  quietMs = 300,
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = new Socket();
    let text = '';
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
    });
    socket.on('end', () => {
      closed = true;
      done();
    });
    socket.on('error', () => {
      closed = true;
      done();
    });
    socket.connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      timer = setTimeout(done, quietMs);
    });
  });
}

describe('flags', () => {
  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, pattern] of [
      [['--port', 'abc'], /--port must be an integer from 0 to 65535, got NaN/],
      [['--port', '70000'], /--port must be an integer from 0 to 65535, got 70000/],
      [['--bogus'], /Unknown argument: bogus/],
      [['--synchronous', 'maybe'], /Invalid values/],
      [['--maxclients', '0'], /--maxclients must be an integer from 1/],
      [['--proto-max-bulk-len', '-5'], /--proto-max-bulk-len must be an integer from 1/],
      [['stray'], /Unknown argument: stray/],
    ] as const) {
      const result = await exitOf([...args]);
      expect([args, result.code]).toEqual([args, 2]);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^redlite-server: /);
    }
  });

  it('prints help and exits 0', async () => {
    const result = await exitOf(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--requirepass');
    expect(result.stdout).toContain('--proto-max-bulk-len');
  });

  it('exits 1 when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const result = await exitOf(['--port', String(port), '--db', ':memory:']);
    blocker.close();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
  });
});

describe('shutdown', () => {
  it('on SIGTERM writes what it owes, keeps the data, checkpoints the WAL away and exits 0', async () => {
    const folder = tempFolder('redlite-shutdown-');
    const db = join(folder, 'data.db');
    const server = await startRedliteServer(['--synchronous', 'full'], { db });
    const connection = await server.connect();
    const replies = Array.from({ length: 500 }, (_, i) => connection.send(['SET', `k${i}`, 'v']));
    await replies[499];
    expect(existsSync(`${db}-wal`)).toBe(true);
    expect(await server.stop()).toBe(0);
    expect(server.stdout()).toMatch(/SIGTERM, shutting down\n.*bye/s);
    expect(existsSync(`${db}-wal`)).toBe(false);
    connection.close();
    const again = await startRedliteServer([], { db });
    const check = await again.connect();
    expect(await check.send(['DBSIZE'])).toEqual({ type: 'integer', value: 500 });
    check.close();
    await again.stop();
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('a shared server', () => {
  let server: ServerHandle;

  beforeAll(async () => {
    server = await startRedliteServer([
      '--maxclients',
      '6',
      '--proto-max-bulk-len',
      '1000',
      '--proto-max-multibulk-len',
      '50',
      '--client-query-buffer-limit',
      '100000',
    ]);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('serves others while a client sits on half a request', async () => {
    const slow = new Socket();
    await new Promise<void>((resolve) => slow.connect(server.port, '127.0.0.1', () => resolve()));
    slow.write('*3\r\n$3\r\nSET\r\n$4\r\nslow\r\n$5\r\nval');
    const other = await server.connect();
    expect(await other.send(['SET', 'fast', '1'])).toEqual({ type: 'simple', value: 'OK' });
    expect(await other.send(['EXISTS', 'slow'])).toEqual({ type: 'integer', value: 0 });
    const reply = new Promise<string>((resolve) =>
      slow.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    slow.write('ue\r\n');
    expect(await reply).toBe('+OK\r\n');
    expect(await other.send(['GET', 'slow'])).toEqual({ type: 'bulk', value: Buffer.from('value') });
    slow.destroy();
    other.close();
  });

  it('forgets a client that disconnects while blocked or inside MULTI', async () => {
    const blocked = await RedisConnection.connect(server.port);
    void blocked.send(['BLPOP', 'gone-queue', '0']).catch(() => {});
    const inMulti = await RedisConnection.connect(server.port);
    await inMulti.send(['MULTI']);
    await inMulti.send(['SET', 'half', 'done']);
    const watcher = await server.connect();
    for (let i = 0; i < 100; i++) {
      const info = await watcher.send(['INFO']);
      if (info.type === 'bulk' && info.value?.toString().includes('blocked_clients:1')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    blocked.close();
    inMulti.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await watcher.send(['RPUSH', 'gone-queue', 'kept'])).toEqual({ type: 'integer', value: 1 });
    expect(await watcher.send(['LLEN', 'gone-queue'])).toEqual({ type: 'integer', value: 1 });
    expect(await watcher.send(['EXISTS', 'half'])).toEqual({ type: 'integer', value: 0 });
    const info = await watcher.send(['INFO']);
    expect(info.type === 'bulk' && info.value?.toString()).toContain('blocked_clients:0');
    watcher.close();
  });

  it('refuses lengths past its limits with a protocol error, and closes', async () => {
    expect(await rawExchange(server.port, '*1\r\n$1001\r\n')).toEqual({
      text: '-ERR Protocol error: invalid bulk length\r\n',
      closed: true,
    });
    expect(await rawExchange(server.port, '*51\r\n')).toEqual({
      text: '-ERR Protocol error: invalid multibulk length\r\n',
      closed: true,
    });
    expect(await rawExchange(server.port, `*1\r\n$999\r\n${'x'.repeat(900)}`)).toEqual({
      text: '',
      closed: false,
    });
  });

  it('closes a blocked client whose pipelined input passes the query buffer limit', async () => {
    const flood = `BLPOP never-pushed 0\r\n${'PING\r\n'.repeat(20_000)}`;
    expect(await rawExchange(server.port, flood, 2000)).toEqual({ text: '', closed: true });
  });

  it('answers clients past maxclients with Redis’s error, then closes them', async () => {
    const held = await Promise.all(Array.from({ length: 6 }, () => server.connect()));
    for (const connection of held) await connection.send(['PING']);
    expect(await rawExchange(server.port, 'PING\r\n')).toEqual({
      text: '-ERR max number of clients reached\r\n',
      closed: true,
    });
    held[0]!.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await rawExchange(server.port, 'PING\r\n')).toEqual({ text: '+PONG\r\n', closed: false });
    for (const connection of held) connection.close();
  });
});
