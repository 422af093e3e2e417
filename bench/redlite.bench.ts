/**
 * redlite's hot path against raw better-sqlite3 on the same kind of file: a WAL database in a
 * temporary folder (on /dev/shm when there is one, so the disk does not dominate), with the
 * same journal mode, synchronous level and checkpoint threshold on both sides. Prints redlite
 * ops/s for SET, GET, LPUSH, HSET, ZADD and a mixed stream, raw upserts/s and point reads/s on
 * an equivalent one-table schema, and the redlite/raw ratios for SET and GET.
 *
 * SET is measured twice. "same value" rewrites each key with the bytes it already holds, as
 * this bench always has; SQLite then skips the identical cell (btreeOverwriteCell compares
 * before it dirties a page), so the raw upsert commits no page at all, while redlite's SET must
 * bump `keys.version` and commit one. "fresh value" writes bytes that differ from the stored
 * ones on both sides, so both really write: the figure for real overwrites.
 *
 * The machine is shared and noisy, so one long run per side would compare two different
 * moments. Instead both stores stay open side by side, a warm-up round fills every key and
 * warms the JIT and statement caches on both, and then several short rounds interleave the two
 * sides (alternating which goes first). Each round yields its own redlite/raw ratio; the
 * median round is reported, with the spread, beside the median ops/s of each measure.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redlite } from '../redlite/index.ts';

const OPS_PER_ROUND = 5_000;
const ROUNDS = 9;
const KEYS = 1_000;
const VALUE = 'v'.repeat(32);
/** Distinct values for the fresh-value runs; 7 is coprime with KEYS, so each write changes its key. */
const FRESH_VALUES = Array.from({ length: 7 }, (_, i) => `${i}`.repeat(32));

function tempFolder(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(base, 'redlite-bench-'));
}

function opsPerSecond(count: number, body: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < count; i++) body(i);
  return count / ((performance.now() - started) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The honest baseline: one key/value table, an upsert and a point read, autocommit. */
class RawStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly read: Database.Statement;
  private readonly keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`key:${i}`));
  private readonly value = Buffer.from(VALUE);
  private readonly freshValues = FRESH_VALUES.map((value) => Buffer.from(value));

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec('CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB NOT NULL)');
    this.upsert = this.db.prepare(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.read = this.db.prepare('SELECT value FROM kv WHERE key = ?');
  }

  upserts(count: number): number {
    return opsPerSecond(count, (i) => this.upsert.run(this.keys[i % KEYS], this.value));
  }

  freshUpserts(count: number): number {
    return opsPerSecond(count, (i) => this.upsert.run(this.keys[i % KEYS], this.freshValues[i % 7]));
  }

  reads(count: number): number {
    return opsPerSecond(count, (i) => this.read.get(this.keys[i % KEYS]));
  }

  close(): void {
    this.db.close();
  }
}

const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);

const redliteMeasures: Record<string, (db: Redlite, i: number) => void> = {
  SET: (db, i) => db.exec(['SET', keys[i % KEYS]!, VALUE]),
  'SET fresh': (db, i) => db.exec(['SET', keys[i % KEYS]!, FRESH_VALUES[i % 7]!]),
  GET: (db, i) => db.exec(['GET', keys[i % KEYS]!]),
  LPUSH: (db, i) => db.exec(['LPUSH', `list:${i % KEYS}`, VALUE]),
  HSET: (db, i) => db.exec(['HSET', `hash:${i % KEYS}`, `f${i % 16}`, VALUE]),
  ZADD: (db, i) => db.exec(['ZADD', `zset:${i % KEYS}`, String(i), `m${i % 64}`]),
  mixed: (db, i) => {
    const key = keys[(i * 7) % KEYS]!;
    switch (i % 5) {
      case 0:
        db.exec(['SET', key, VALUE]);
        break;
      case 1:
      case 2:
        db.exec(['GET', key]);
        break;
      case 3:
        db.exec(['HGET', `hash:${i % KEYS}`, `f${i % 16}`]);
        break;
      default:
        db.exec(['ZSCORE', `zset:${i % KEYS}`, `m${i % 64}`]);
    }
  },
};

interface Round {
  readonly redlite: Record<string, number>;
  readonly upserts: number;
  readonly freshUpserts: number;
  readonly reads: number;
}

/** One round: each raw measure next to its redlite twin, in the given order. */
function runRound(db: Redlite, raw: RawStore, redliteFirst: boolean): Round {
  const redlite: Record<string, number> = {};
  const measure = (name: string): number => {
    const body = redliteMeasures[name]!;
    return opsPerSecond(OPS_PER_ROUND, (i) => body(db, i));
  };
  const pair = (name: string, rawSide: () => number): number => {
    if (redliteFirst) {
      redlite[name] = measure(name);
      return rawSide();
    }
    const rawFigure = rawSide();
    redlite[name] = measure(name);
    return rawFigure;
  };
  const upserts = pair('SET', () => raw.upserts(OPS_PER_ROUND));
  const freshUpserts = pair('SET fresh', () => raw.freshUpserts(OPS_PER_ROUND));
  const reads = pair('GET', () => raw.reads(OPS_PER_ROUND));
  for (const name of ['LPUSH', 'HSET', 'ZADD', 'mixed']) redlite[name] = measure(name);
  return { redlite, upserts, freshUpserts, reads };
}

function spread(values: readonly number[]): string {
  return `${Math.min(...values).toFixed(2)}..${Math.max(...values).toFixed(2)}`;
}

export async function run(): Promise<void> {
  const folder = tempFolder();
  const db = Redlite.open(join(folder, 'redlite.db'));
  const raw = new RawStore(join(folder, 'raw.db'));
  try {
    runRound(db, raw, false);
    const rounds: Round[] = [];
    for (let round = 0; round < ROUNDS; round++) rounds.push(runRound(db, raw, round % 2 === 1));
    for (const name of Object.keys(redliteMeasures)) {
      const value = median(rounds.map((r) => r.redlite[name]!));
      console.log(`redlite ${name.padEnd(9)} ${Math.round(value)} ops/s`);
    }
    console.log(`raw     upsert    ${Math.round(median(rounds.map((r) => r.upserts)))} ops/s`);
    console.log(`raw     upsert fr ${Math.round(median(rounds.map((r) => r.freshUpserts)))} ops/s`);
    console.log(`raw     read      ${Math.round(median(rounds.map((r) => r.reads)))} ops/s`);
    const ratio = (label: string, values: readonly number[]): void =>
      console.log(`ratio   ${label.padEnd(24)} ${median(values).toFixed(2)} (rounds ${spread(values)})`);
    ratio(
      'SET/upsert same value',
      rounds.map((r) => r.redlite.SET! / r.upserts),
    );
    ratio(
      'SET/upsert fresh value',
      rounds.map((r) => r.redlite['SET fresh']! / r.freshUpserts),
    );
    ratio(
      'GET/read',
      rounds.map((r) => r.redlite.GET! / r.reads),
    );
    console.log(
      `(median of ${ROUNDS} interleaved rounds of ${OPS_PER_ROUND} ops each, after a warm-up round)`,
    );
  } finally {
    db.close();
    raw.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
