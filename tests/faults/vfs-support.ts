/**
 * Test support for the I/O shim suites: temporary folders (tmpfs when there is one), raw
 * better-sqlite3 connections opened the way redlite opens them (WAL, no automatic
 * checkpoints), and small readers over the shim's events.
 */
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { defaultBaseDir } from '../../faults/temp-base.ts';
import type { IoEvent, IoFileKind } from '../../faults/vfs/index.ts';

export type Synchronous = 'FULL' | 'NORMAL';

const made: string[] = [];

/** A fresh folder, by its real path (the shim compares real paths). */
export function tempFolder(): string {
  const folder = realpathSync(mkdtempSync(join(defaultBaseDir(), 'redlite-dst-vfs-')));
  made.push(folder);
  return folder;
}

export function removeTempFolders(): void {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
}

export function openWal(path: string, synchronous: Synchronous): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.pragma(`synchronous = ${synchronous}`);
  return db;
}

/** Opens a store with one table `t (k INTEGER PRIMARY KEY, v BLOB)`. */
export function openStore(folder: string, synchronous: Synchronous): Database.Database {
  const db = openWal(join(folder, 'store.db'), synchronous);
  db.exec('CREATE TABLE IF NOT EXISTS t (k INTEGER PRIMARY KEY, v BLOB NOT NULL)');
  return db;
}

/** A value whose bytes depend on its key, so every commit changes the file. */
export function rowBytes(key: number, bytes = 300): Buffer {
  const value = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) value[i] = (key * 31 + i * 7) % 251;
  return value;
}

export function commit(db: Database.Database, key: number, bytes = 300): void {
  db.prepare('INSERT OR REPLACE INTO t (k, v) VALUES (?, ?)').run(key, rowBytes(key, bytes));
}

export function keys(db: Database.Database): number[] {
  return (db.prepare('SELECT k FROM t ORDER BY k').pluck().all() as number[]).slice();
}

export function eventsOn(events: readonly IoEvent[], type: IoEvent['type'], kind?: IoFileKind): IoEvent[] {
  return events.filter((event) => {
    if (event.type !== type) return false;
    if (kind === undefined) return true;
    return event.type === 'delete' ? event.kind === kind : 'file' in event && event.file.kind === kind;
  });
}

/** Every file of a folder, by name. */
export function snapshot(folder: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const name of readdirSync(folder).sort()) files.set(name, readFileSync(join(folder, name)));
  return files;
}

/** Copies a folder's files as they are now (a crash copy) into a fresh folder. */
export function copyFolder(from: string): string {
  const to = tempFolder();
  for (const name of readdirSync(from)) {
    if (existsSync(join(from, name))) copyFileSync(join(from, name), join(to, name));
  }
  return to;
}

/** The error SQLite raised, by its code; fails the test when nothing was thrown. */
export function sqliteCode(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    return (error as { code?: string }).code ?? `not an SQLite error: ${(error as Error).message}`;
  }
  throw new Error('expected an SQLite error, but the call succeeded');
}
