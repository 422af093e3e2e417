/**
 * Test support for the faults suites: a tiny "world" that runs raw better-sqlite3 the way
 * redlite does (WAL, automatic checkpoints off, explicit checkpoints) on a SimDisk, and calls
 * the disk's sync at the same points the simulator will: after every commit with
 * synchronous=FULL, after every checkpoint in both modes.
 */
import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SimDisk, type SimDiskOptions } from '../../faults/index.ts';

export type Durability = 'full' | 'normal';

export function openRaw(path: string, durability: Durability): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`synchronous = ${durability === 'full' ? 'FULL' : 'NORMAL'}`);
  return db;
}

/** A row's value: its key, padded so rows fill several sectors, with a check suffix. */
export function rowValue(key: number, padBytes = 200): string {
  return `row-${key}-${'x'.repeat(padBytes)}-${key * 7919}`;
}

export class RawWorld {
  readonly disk: SimDisk;
  readonly durability: Durability;
  db: Database.Database;
  committed = 0;

  constructor(durability: Durability, options: SimDiskOptions = {}) {
    this.durability = durability;
    this.disk = new SimDisk({ verifySyncs: true, ...options });
    this.db = openRaw(this.disk.dbPath, durability);
    this.db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    // SQLite syncs when it creates a database and switches it to WAL; the world mirrors that.
    this.disk.sync();
  }

  /** Commits the next row in its own transaction; returns its key. */
  commit(padBytes = 200): number {
    const key = this.committed + 1;
    this.db.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run(key, rowValue(key, padBytes));
    this.committed = key;
    if (this.durability === 'full') this.disk.sync();
    return key;
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
    this.disk.sync();
  }

  /** Abandons the connection (never a clean close) and reopens at `path`. */
  reopen(path: string): void {
    this.db = openRaw(path, this.durability);
  }

  keys(): number[] {
    return (this.db.prepare('SELECT k, v FROM t ORDER BY k').all() as { k: number; v: string }[]).map(
      (row) => {
        if (row.v !== rowValue(row.k, row.v.length - rowValue(row.k, 0).length)) {
          throw new Error(`row ${row.k} holds a wrong value`);
        }
        return row.k;
      },
    );
  }

  destroy(): void {
    this.disk.destroy();
  }
}

/** 1..n */
export function range1(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

export function tempFoldersIn(base: string): string[] {
  return readdirSync(base).filter((name) => name.startsWith('redlite-dst-'));
}
