/**
 * redlite's hot path against raw better-sqlite3 on the same kind of file: a WAL database in a
 * temporary folder (on /dev/shm when there is one, so the disk does not dominate). Prints
 * redlite ops/s for SET, GET, LPUSH, HSET, ZADD and a mixed stream, raw upserts/s and point
 * reads/s on an equivalent one-table schema, and the redlite/raw ratios for SET and GET.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redlite } from '../redlite/index.ts';

const OPS = 20_000;
const KEYS = 1_000;

function tempFolder(): string {
  const base = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();
  return mkdtempSync(join(base, 'redlite-bench-'));
}

function opsPerSecond(count: number, body: (i: number) => void): number {
  const started = performance.now();
  for (let i = 0; i < count; i++) body(i);
  return count / ((performance.now() - started) / 1000);
}

function rawFigures(folder: string): { upserts: number; reads: number } {
  const db = new Database(join(folder, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB NOT NULL)');
  const upsert = db.prepare(
    'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  const read = db.prepare('SELECT value FROM kv WHERE key = ?');
  const keys = Array.from({ length: KEYS }, (_, i) => Buffer.from(`key:${i}`));
  const value = Buffer.from('v'.repeat(32));
  const upserts = opsPerSecond(OPS, (i) => upsert.run(keys[i % KEYS], value));
  const reads = opsPerSecond(OPS, (i) => read.get(keys[i % KEYS]));
  db.close();
  return { upserts, reads };
}

function redliteFigures(folder: string): Record<string, number> {
  const db = Redlite.open(join(folder, 'redlite.db'));
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${i}`);
  const value = 'v'.repeat(32);
  const figures: Record<string, number> = {
    SET: opsPerSecond(OPS, (i) => db.exec(['SET', keys[i % KEYS]!, value])),
    GET: opsPerSecond(OPS, (i) => db.exec(['GET', keys[i % KEYS]!])),
    LPUSH: opsPerSecond(OPS, (i) => db.exec(['LPUSH', `list:${i % KEYS}`, value])),
    HSET: opsPerSecond(OPS, (i) => db.exec(['HSET', `hash:${i % KEYS}`, `f${i % 16}`, value])),
    ZADD: opsPerSecond(OPS, (i) => db.exec(['ZADD', `zset:${i % KEYS}`, String(i), `m${i % 64}`])),
  };
  figures.mixed = opsPerSecond(OPS, (i) => {
    const key = keys[(i * 7) % KEYS]!;
    switch (i % 5) {
      case 0:
        db.exec(['SET', key, value]);
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
  });
  db.close();
  return figures;
}

export async function run(): Promise<void> {
  const folder = tempFolder();
  try {
    const raw = rawFigures(folder);
    const redlite = redliteFigures(folder);
    for (const [name, value] of Object.entries(redlite))
      console.log(`redlite ${name.padEnd(6)} ${Math.round(value)} ops/s`);
    console.log(`raw     upsert ${Math.round(raw.upserts)} ops/s`);
    console.log(`raw     read   ${Math.round(raw.reads)} ops/s`);
    console.log(
      `ratio   SET/upsert ${(redlite.SET! / raw.upserts).toFixed(2)}  GET/read ${(redlite.GET! / raw.reads).toFixed(2)}`,
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
