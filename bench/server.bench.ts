/**
 * bin/redlite-server against redis-server over loopback, in the same run, with the same client
 * and load: ops/s with 1, 10 and 100 connections, each either waiting for every reply or keeping
 * a pipeline of PIPELINE_DEPTH commands in flight; p50 and p99 latency per command (from the
 * write that carried it to its reply, node:perf_hooks histograms); and redlite's ratio to Redis.
 * The target is >= 0.3x Redis's throughput at 10 pipelined connections.
 *
 * The load is half SET, half GET of 32-byte values over KEYS keys, the same sequence on both
 * servers. Redis runs without persistence (`--save '' --appendonly no`); redlite-server runs on
 * a file in /dev/shm (when there is one) with synchronous=normal, so each write is a SQLite
 * commit without an fsync. The client is a minimal RESP writer and reply counter, so the client
 * costs both sides the same and little. Rounds alternate which server goes first; each side's
 * best round counts, since the machine is shared and noise only ever slows a round down.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../sim/oracle/local-servers.ts';

const KEYS = 10_000;
const VALUE = 'v'.repeat(32);
const PIPELINE_DEPTH = 32;
const RUN_MS = 1500;
const ROUNDS = 2;
const CONFIGS: readonly { connections: number; depth: number }[] = [
  { connections: 1, depth: 1 },
  { connections: 1, depth: PIPELINE_DEPTH },
  { connections: 10, depth: 1 },
  { connections: 10, depth: PIPELINE_DEPTH },
  { connections: 100, depth: 1 },
  { connections: 100, depth: PIPELINE_DEPTH },
];
const TARGET_RATIO = 0.3;
const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

/** One RESP command as bytes. */
function command(...argv: string[]): Buffer {
  let text = `*${argv.length}\r\n`;
  for (const arg of argv) text += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  return Buffer.from(text);
}

/** The i-th command of connection `c`'s load: alternately SET and GET. */
function loadCommand(c: number, i: number): Buffer {
  const key = `key:${(c * 7919 + i) % KEYS}`;
  return i % 2 === 0 ? command('SET', key, VALUE) : command('GET', key);
}

/**
 * A connection that writes batches and counts the replies (simple, error, integer and bulk
 * replies: all this load produces), recording each one's latency from its batch's write.
 */
class BenchConnection {
  private readonly socket: Socket;
  private pending: Buffer = Buffer.alloc(0);
  private owed = 0;
  private sentAt = 0;
  private done: (() => void) | null = null;
  histogram: RecordableHistogram | null = null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
  }

  static open(port: number): Promise<BenchConnection> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => resolve(new BenchConnection(socket)));
    });
  }

  /** Writes the commands at once and resolves when all their replies are in. */
  send(commands: readonly Buffer[]): Promise<void> {
    return new Promise((resolve) => {
      this.owed = commands.length;
      this.done = resolve;
      this.sentAt = performance.now();
      this.socket.write(commands.length === 1 ? commands[0]! : Buffer.concat(commands));
    });
  }

  private onData(chunk: Buffer): void {
    let data = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    while (at < data.length) {
      const lineEnd = data.indexOf('\r\n', at);
      if (lineEnd < 0) break;
      let next = lineEnd + 2;
      if (data[at] === 0x24) {
        const length = Number(data.toString('latin1', at + 1, lineEnd));
        if (length >= 0) next += length + 2;
        if (next > data.length) break;
      }
      at = next;
      this.histogram?.record(Math.max(1, Math.round((performance.now() - this.sentAt) * 1000)));
      if (--this.owed === 0) this.done?.();
    }
    data = data.subarray(at);
    this.pending = data.length === 0 ? Buffer.alloc(0) : Buffer.from(data);
  }

  close(): void {
    this.socket.destroy();
  }
}

interface Server {
  readonly name: string;
  readonly port: number;
  stop(): void;
}

async function waitForPing(port: number): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      const connection = await BenchConnection.open(port);
      await connection.send([command('PING')]);
      connection.close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`nothing answers PING on port ${port}`);
}

async function startServer(name: string, binary: string, args: string[], port: number): Promise<Server> {
  const child: ChildProcess = spawn(binary, args, { stdio: 'ignore' });
  await waitForPing(port);
  return { name, port, stop: () => child.kill('SIGTERM') };
}

function redisBinary(): string | null {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

interface Measure {
  opsPerSecond: number;
  p50Us: number;
  p99Us: number;
}

/** Every connection runs its share of the load, `depth` commands per write, for RUN_MS. */
async function measure(port: number, connections: number, depth: number): Promise<Measure> {
  const opened = await Promise.all(Array.from({ length: connections }, () => BenchConnection.open(port)));
  const histogram = createHistogram();
  for (const connection of opened) connection.histogram = histogram;
  let ops = 0;
  const started = performance.now();
  const deadline = started + RUN_MS;
  await Promise.all(
    opened.map(async (connection, c) => {
      for (let i = 0; performance.now() < deadline; i += depth) {
        const batch = Array.from({ length: depth }, (_, j) => loadCommand(c, i + j));
        await connection.send(batch);
        ops += depth;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const connection of opened) connection.close();
  return {
    opsPerSecond: ops / seconds,
    p50Us: histogram.percentile(50),
    p99Us: histogram.percentile(99),
  };
}

async function fill(port: number): Promise<void> {
  const connection = await BenchConnection.open(port);
  for (let i = 0; i < KEYS; i += 500) {
    await connection.send(Array.from({ length: 500 }, (_, j) => command('SET', `key:${i + j}`, VALUE)));
  }
  connection.close();
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

export async function run(): Promise<void> {
  const binary = redisBinary();
  if (binary === null) {
    console.log('redis-server not found: nothing to compare with (apt-get install redis-server)');
    return;
  }
  const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'server-bench-'));
  const [redisPort, redlitePort] = [await freeLoopbackPort(), await freeLoopbackPort()];
  const redis = await startServer(
    'redis',
    binary,
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    redisPort,
  );
  const redlite = await startServer(
    'redlite',
    join(REPO, 'bin', 'redlite-server'),
    ['--port', String(redlitePort), '--db', join(folder, 'bench.db'), '--maxclients', '1000'],
    redlitePort,
  );
  try {
    await fill(redis.port);
    await fill(redlite.port);
    console.log(
      `half SET, half GET of ${VALUE.length}-byte values over ${KEYS} keys; ${RUN_MS} ms per run, best of ${ROUNDS} rounds`,
    );
    console.log(
      `${pad('conns', 5)} ${pad('depth', 5)} ${pad('redis ops/s', 12)} ${pad('redlite ops/s', 14)} ${pad('ratio', 6)}` +
        `   ${pad('redis p50/p99 µs', 17)}   ${pad('redlite p50/p99 µs', 19)}`,
    );
    for (const { connections, depth } of CONFIGS) {
      const best: Record<string, Measure | null> = { redis: null, redlite: null };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? [redis, redlite] : [redlite, redis];
        for (const server of order) {
          const result = await measure(server.port, connections, depth);
          const previous = best[server.name];
          if (previous === null || previous === undefined || result.opsPerSecond > previous.opsPerSecond) {
            best[server.name] = result;
          }
        }
      }
      const r = best.redis!;
      const l = best.redlite!;
      const ratio = l.opsPerSecond / r.opsPerSecond;
      console.log(
        `${pad(connections, 5)} ${pad(depth, 5)} ${pad(Math.round(r.opsPerSecond), 12)} ${pad(Math.round(l.opsPerSecond), 14)}` +
          ` ${pad(ratio.toFixed(2), 6)}   ${pad(`${r.p50Us}/${r.p99Us}`, 17)}   ${pad(`${l.p50Us}/${l.p99Us}`, 19)}` +
          (connections === 10 && depth > 1
            ? `   <- target >= ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'MISSED'}`
            : ''),
      );
    }
  } finally {
    redis.stop();
    redlite.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
