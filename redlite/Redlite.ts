/**
 * Redlite: a Redis-compatible embedded store on SQLite (better-sqlite3), answering one command
 * at a time through `exec`. Each command is one SQLite transaction: write commands open
 * `BEGIN IMMEDIATE` up front; read-only ones read in autocommit and open the transaction only
 * if they must write (a lazy-expiry delete). Any error reply rolls the transaction back.
 *
 * The WAL is checkpointed by redlite itself (SQLite's auto-checkpoint is off) once it holds
 * `walCheckpointPages` frames, so a host watching the hooks sees every sync point. `audit`
 * checks the stored data itself (audit.ts). Subclasses may break redlite on purpose through the
 * protected command table and `commitAndBegin`.
 */
import Database from 'better-sqlite3';
import { type AuditOptions, type AuditReport, StoreAuditor } from './audit.ts';
import type { Clock } from './clock.ts';
import type { CommandSpec, CommandTable } from './command.ts';
import { buildCommandTable, commandName, unknownCommandMessage } from './command-table.ts';
import {
  arityError,
  ChecksumMismatchError,
  RedliteOpenError,
  RedliteOptionError,
  ReplyError,
} from './errors.ts';
import { Keyspace } from './Keyspace.ts';
import { type RedliteHooks, type RedliteOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { type Arg, argBytes, error, type Reply } from './reply.ts';
import { Sql } from './Sql.ts';
import { SCHEMA_SQL } from './schema.ts';
import { WalFrameCounter } from './wal-frames.ts';

const MEMORY_PATH = ':memory:';

export type SqliteError = InstanceType<typeof Database.SqliteError>;

export function isSqliteError(value: unknown): value is SqliteError {
  return value instanceof Database.SqliteError;
}

export class Redlite {
  protected readonly db: Database.Database;
  protected readonly sql: Sql;
  protected readonly keyspace: Keyspace;
  /** Handlers by upper-case name; subclasses may wrap or replace entries. */
  protected readonly commands: CommandTable = buildCommandTable();
  private readonly clock: Clock;
  private readonly hooks: RedliteHooks;
  private readonly walCheckpointPages: number;
  private readonly walFrames: WalFrameCounter | null;
  private readonly maxPageCountDefault: number;
  /** The WAL's frame count at the last commit: a smaller count later means the WAL restarted. */
  private walFramesSeen = 0;
  private auditor: StoreAuditor | null = null;
  private closed = false;

  static open(path: string, options?: RedliteOptions): Redlite {
    return new Redlite(path, options);
  }

  protected constructor(path: string, options?: RedliteOptions) {
    const resolved: ResolvedOptions = resolveOptions(options);
    this.clock = resolved.clock;
    this.hooks = resolved.hooks;
    this.walCheckpointPages = resolved.walCheckpointPages;
    this.db = openDatabase(path, resolved.synchronous, resolved.locking);
    this.maxPageCountDefault = Number(this.db.pragma('max_page_count', { simple: true }));
    this.sql = new Sql(this.db, this.hooks);
    this.keyspace = new Keyspace(this.sql, resolved);
    this.walFrames = path === MEMORY_PATH || path === '' ? null : new WalFrameCounter(path);
  }

  /** Runs one command. Never throws for bad input; throws only what a hook throws (a crash). */
  exec(argv: Arg[]): Reply {
    this.assertOpen();
    const args = argv.map(argBytes);
    const spec = args.length === 0 ? undefined : this.commands.get(commandName(args[0]!));
    if (spec === undefined) return error(unknownCommandMessage(args));
    if (spec.arity > 0 ? args.length !== spec.arity : args.length < -spec.arity) {
      return error(arityError(spec.name).message);
    }
    return this.run(spec, args);
  }

  private run(spec: CommandSpec, args: Buffer[]): Reply {
    this.keyspace.nowMs = this.clock.now();
    this.sql.startCommand(spec.name);
    try {
      if (spec.write) this.sql.begin();
      const reply = spec.handler(this.keyspace, args);
      if (this.sql.inTransaction) this.commit();
      return reply;
    } catch (caught) {
      return this.failCommand(caught);
    }
  }

  /** Rolls back and answers the error reply, or lets a crash signal through untouched. */
  private failCommand(caught: unknown): Reply {
    if (caught instanceof ReplyError) {
      this.sql.rollback(isSqliteError);
      return error(caught.message);
    }
    if (caught instanceof ChecksumMismatchError || isSqliteError(caught)) {
      this.sql.rollback(isSqliteError);
      if (caught instanceof ChecksumMismatchError) this.hooks.probe?.('checksum_mismatch');
      return error(`ERR ${caught.message}`);
    }
    throw caught;
  }

  /** COMMIT, the afterCommit sync point, and a checkpoint when the WAL has grown enough. */
  private commit(): void {
    this.sql.commit();
    this.hooks.afterCommit?.();
    if (this.walFrames === null) return;
    const frames = this.walFrames.frames();
    // After a checkpoint copied back every frame, the next writer starts the WAL over.
    if (frames < this.walFramesSeen) this.hooks.probe?.('wal_restart');
    this.walFramesSeen = frames;
    if (frames >= this.walCheckpointPages) this.checkpointNow();
  }

  /**
   * Commits the command's work so far and opens a new transaction: a seam for deliberately
   * broken subclasses that split one command into several transactions.
   */
  protected commitAndBegin(): void {
    if (this.sql.inTransaction) this.commit();
    this.sql.begin();
  }

  /** Runs a PASSIVE checkpoint (what SQLite's auto-checkpoint runs); failures leave the WAL as is. */
  private checkpointNow(): void {
    let outcome: unknown[];
    try {
      outcome = this.sql.pragma('PRAGMA wal_checkpoint(PASSIVE)');
    } catch (caught) {
      if (isSqliteError(caught)) return;
      throw caught;
    }
    this.hooks.afterCheckpoint?.();
    // SQLite answers (busy, frames in the WAL, frames copied back): fewer copied means a
    // reader's snapshot still needs the rest.
    const row = outcome[0] as { log?: number; checkpointed?: number } | undefined;
    if (row?.log !== undefined && row.checkpointed !== undefined && row.checkpointed < row.log)
      this.hooks.probe?.('checkpoint_blocked_by_reader');
  }

  /** Deletes up to `limit` expired keys in one transaction; returns how many it deleted. */
  expireCycle(limit: number): number {
    this.assertOpen();
    if (!Number.isInteger(limit) || limit < 0)
      throw new RedliteOptionError('expireCycle limit', limit, 'an integer >= 0');
    this.keyspace.nowMs = this.clock.now();
    this.sql.startCommand('EXPIRECYCLE');
    try {
      const deleted = this.keyspace.deleteExpired(limit);
      if (this.sql.inTransaction) this.commit();
      return deleted;
    } catch (caught) {
      if (!isSqliteError(caught)) throw caught;
      this.sql.rollback(isSqliteError);
      return 0;
    }
  }

  /**
   * Audits the stored data (audit.ts): SQLite's own check, every checksum, every row against
   * its key and every index against its table, in one read transaction. Writes nothing and
   * calls no hook, so it may run between any two commands. Throws only for bad options.
   */
  audit(options?: AuditOptions): AuditReport {
    this.assertOpen();
    this.auditor ??= new StoreAuditor(this.db);
    return this.auditor.run(options);
  }

  /** Checkpoints the WAL now (no-op for ':memory:'). */
  checkpoint(): void {
    this.assertOpen();
    if (this.walFrames === null) return;
    this.sql.startCommand('CHECKPOINT');
    this.checkpointNow();
  }

  /** Caps the file at `pages` pages (SQLite then answers SQLITE_FULL); null restores the default. */
  setMaxPageCount(pages: number | null): void {
    this.assertOpen();
    if (pages !== null && (!Number.isInteger(pages) || pages < 1)) {
      throw new RedliteOptionError('max page count', pages, 'an integer >= 1 or null');
    }
    this.db.pragma(`max_page_count = ${pages ?? this.maxPageCountDefault}`);
  }

  /** The database's size in pages as this connection sees it, WAL included. */
  pageCount(): number {
    this.assertOpen();
    return Number(this.db.pragma('page_count', { simple: true }));
  }

  /** Checkpoints (a visible sync point) and closes. */
  close(): void {
    if (this.closed) return;
    if (this.walFrames !== null) {
      this.sql.startCommand('CLOSE');
      this.checkpointNow();
    }
    this.closed = true;
    this.walFrames?.close();
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new RedliteOptionError('connection', 'closed', 'open (close() was called)');
  }
}

function openDatabase(
  path: string,
  synchronous: 'normal' | 'full',
  locking: 'normal' | 'exclusive',
): Database.Database {
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(SCHEMA_SQL);
    // Only now: the schema was the first WAL access, made in normal mode, so SQLite keeps its
    // wal-index in -shm (exclusive from the start would keep it in heap memory, with no -shm).
    // SQLite takes the exclusive WAL locks at the next write transaction; an empty one (it
    // writes no frame) takes them now, so reads straight after a reopen skip the locks too.
    if (locking === 'exclusive') {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN IMMEDIATE; COMMIT');
    }
    return db;
  } catch (caught) {
    db?.close();
    throw new RedliteOpenError(path, caught);
  }
}
