/**
 * Real client libraries against bin/redlite-server, as users run them: ioredis with its
 * defaults (it asks for RESP3, gets NOPROTO and falls back to RESP2 by itself, then checks
 * INFO) and node-redis v6 with `RESP: 2` (its default RESP3 handshake fails with NOPROTO, which
 * a test pins down). Pipelines, MULTI/EXEC, WATCH conflicts, BLPOP wake-ups and timeouts,
 * AUTH, SELECT, and a reconnect after the server restarts on the same port and file. Then a few
 * redis-cli invocations, skipped loudly when redis-cli is absent (an error under CI=true).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis, type RedisOptions } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  requireBinary,
  type ServerHandle,
  startRedliteServer,
  tempFolder,
} from './support/servers.ts';

const run = promisify(execFile);
const PASSWORD = 'open-sesame';

let server: ServerHandle;
let guarded: ServerHandle;

beforeAll(async () => {
  [server, guarded] = await Promise.all([
    startRedliteServer(),
    startRedliteServer(['--requirepass', PASSWORD]),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), guarded?.stop()]);
});

type IoOptions = Pick<RedisOptions, 'db' | 'password' | 'enableReadyCheck' | 'maxRetriesPerRequest'>;

function ioredis(port: number, options: IoOptions = {}): Redis {
  return new Redis({ port, host: '127.0.0.1', lazyConnect: true, ...options });
}

async function nodeRedis(port: number, options: Record<string, unknown> = {}) {
  const client = createClient({ socket: { port, host: '127.0.0.1' }, RESP: 2, ...options });
  client.on('error', () => {});
  await client.connect();
  return client;
}

describe('ioredis, with its defaults', () => {
  it('pipelines, runs MULTI/EXEC, and selects a database', async () => {
    const client = ioredis(server.port, { db: 3 });
    await client.connect();
    const pipeline = client.pipeline();
    for (let i = 0; i < 200; i++) pipeline.set(`p:${i}`, String(i));
    pipeline.incrby('p:7', 10);
    pipeline.get('p:7');
    const results = await pipeline.exec();
    expect(results).toHaveLength(202);
    expect(results?.[201]).toEqual([null, '17']);
    const exec = await client.multi().set('m', '1').incr('m').lpush('m', 'x').get('m').exec();
    expect(exec?.map(([error, value]) => [error?.message.split(' ')[0] ?? null, value])).toEqual([
      [null, 'OK'],
      [null, 2],
      ['WRONGTYPE', undefined],
      [null, '2'],
    ]);
    const db0 = ioredis(server.port);
    await db0.connect();
    expect(await db0.get('m')).toBeNull();
    client.disconnect();
    db0.disconnect();
  });

  it('loses a WATCH race: EXEC answers null after another client writes', async () => {
    const [a, b] = [ioredis(server.port), ioredis(server.port)];
    await Promise.all([a.connect(), b.connect()]);
    await a.set('balance', '100');
    await a.watch('balance');
    await b.incrby('balance', 5);
    expect(await a.multi().decrby('balance', 30).exec()).toBeNull();
    await a.watch('balance');
    expect(await a.multi().decrby('balance', 30).exec()).toEqual([[null, 75]]);
    a.disconnect();
    b.disconnect();
  });

  it('wakes a BLPOP with a push from another client, and times one out', async () => {
    const [waiter, pusher] = [ioredis(server.port), ioredis(server.port)];
    await Promise.all([waiter.connect(), pusher.connect()]);
    const popped = waiter.blpop('jobs', 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pusher.rpush('jobs', 'job-1');
    expect(await popped).toEqual(['jobs', 'job-1']);
    const started = Date.now();
    expect(await waiter.blpop('empty', 0.2)).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    waiter.disconnect();
    pusher.disconnect();
  });

  it('authenticates with a password, and is refused without one', async () => {
    const good = ioredis(guarded.port, { password: PASSWORD });
    await good.connect();
    expect(await good.set('k', 'v')).toBe('OK');
    good.disconnect();
    const bad = ioredis(guarded.port, { enableReadyCheck: false, maxRetriesPerRequest: 0 });
    bad.on('error', () => {});
    await bad.connect();
    await expect(bad.get('k')).rejects.toThrow(/NOAUTH/);
    bad.disconnect();
  });
});

describe('node-redis v6, with RESP: 2', () => {
  it('pipelines, runs MULTI/EXEC, WATCH conflicts and SELECT', async () => {
    const client = await nodeRedis(server.port, { database: 5 });
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => client.set(`n:${i}`, String(i))));
    expect(replies.every((reply) => reply === 'OK')).toBe(true);
    expect(await client.multi().set('x', '1').incr('x').get('x').exec()).toEqual(['OK', 2, '2']);
    const other = await nodeRedis(server.port, { database: 5 });
    await client.watch('x');
    await other.set('x', 'changed');
    await expect(client.multi().set('x', 'mine').exec()).rejects.toThrow(/WATCH|watched/i);
    expect(await other.get('x')).toBe('changed');
    expect(await other.sendCommand(['CLIENT', 'GETNAME'])).toBeNull();
    await client.quit();
    await other.quit();
  });

  it('wakes BLPOP and BLMOVE, and times out', async () => {
    const waiter = await nodeRedis(server.port);
    const pusher = await nodeRedis(server.port);
    const popped = waiter.blPop('node-jobs', 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pusher.lPush('node-jobs', 'a');
    expect(await popped).toEqual({ key: 'node-jobs', element: 'a' });
    const moved = waiter.blMove('node-in', 'node-out', 'LEFT', 'RIGHT', 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await pusher.rPush('node-in', 'b');
    expect(await moved).toBe('b');
    expect(await pusher.lRange('node-out', 0, -1)).toEqual(['b']);
    expect(await waiter.brPop('node-none', 0.1)).toBeNull();
    await waiter.quit();
    await pusher.quit();
  });

  it('authenticates with a password', async () => {
    const client = await nodeRedis(guarded.port, { password: PASSWORD });
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('fails its default RESP3 handshake with NOPROTO, not silently', async () => {
    const client = createClient({
      socket: { port: server.port, host: '127.0.0.1', reconnectStrategy: false },
    });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toThrow(/NOPROTO/);
  });
});

describe('reconnecting after a restart', () => {
  it('finds the data again on the same port and file, with both clients', async () => {
    const folder = tempFolder('redlite-restart-');
    const db = join(folder, 'data.db');
    const port = await freePort();
    let first: ServerHandle | null = await startRedliteServer([], { db, port });
    const io = ioredis(port);
    io.on('error', () => {});
    const node = await nodeRedis(port);
    await io.connect();
    await io.set('survives', 'yes');
    await node.set('also', 'yes');
    expect(await first.stop()).toBe(0);
    first = null;
    const second = await startRedliteServer([], { db, port });
    try {
      expect(await io.get('survives')).toBe('yes');
      expect(await node.get('also')).toBe('yes');
    } finally {
      io.disconnect();
      await node.quit().catch(() => {});
      await second.stop();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('redis-cli', () => {
  it('works against the server by hand', async () => {
    const cli = requireBinary('redis-cli');
    if (cli === null) return;
    const port = String(server.port);
    const call = async (...args: string[]) => (await run(cli, ['-p', port, ...args])).stdout;
    expect(await call('SET', 'cli-key', 'hello world')).toBe('OK\n');
    expect(await call('GET', 'cli-key')).toBe('hello world\n');
    expect(await call('-n', '7', 'RPUSH', 'cli-list', 'a', 'b')).toBe('2\n');
    expect(await call('-n', '7', 'LRANGE', 'cli-list', '0', '-1')).toBe('a\nb\n');
    expect(await call('BLPOP', 'cli-nothing', '0.1')).toBe('\n');
    const authed = await run(cli, ['-p', String(guarded.port), '--no-auth-warning', '-a', PASSWORD, 'PING']);
    expect(authed.stdout).toBe('PONG\n');
    const piped = await new Promise<string>((resolve, reject) => {
      const child = execFile(cli, ['-p', port], (error, stdout) => (error ? reject(error) : resolve(stdout)));
      child.stdin!.end('MULTI\nINCR cli-counter\nINCR cli-counter\nEXEC\n');
    });
    expect(piped).toBe('OK\nQUEUED\nQUEUED\n1\n2\n');
  });
});
