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
 *
 * For hosts with connections (redlite/server): `exec` takes a numbered database, `transaction`
 * runs many commands as one SQLite transaction (MULTI/EXEC), `setKeyListener` reports committed
 * key changes (WATCH, blocked pops) and `keyState` reads a key's version without touching it.
 */
import { existsSync } from 'node:fs';
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
import { integrityProblems } from './integrity.ts';
import { DATABASE_COUNT, type EpochMs, Keyspace } from './Keyspace.ts';
import { type KeyChangeListener, KeyChangeLog } from './key-changes.ts';
import { checkAfterUncleanShutdown, RedliteCorruptError } from './open-check.ts';
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

/** How a `transaction` ended: committed with the body's value, or rolled back whole. */
export type TransactionResult<T> =
  | { readonly committed: true; readonly value: T }
  | { readonly committed: false; readonly error: string };

/** A key's row as WATCH sees it: which row (ids are never reused), which write, and expiry. */
export interface KeyState {
  readonly id: number;
  readonly version: number;
  /** The key's time has passed, though no read has deleted it yet. */
  readonly expired: boolean;
}

/** The public face of a command in the table: what a host must know to queue it (MULTI). */
export interface CommandInfo {
  readonly name: string;
  readonly arity: number;
  readonly write: boolean;
}

/** The open transaction batch: `failure` is set once it failed and was rolled back whole. */
interface Batch {
  failure: string | null;
  /** Each command behind a savepoint (an error reply undoes only it), or none (it fails all). */
  readonly savepoints: boolean;
}

/** How `transaction` runs: the name the hooks see for BEGIN and COMMIT, and the error policy. */
export interface TransactionOptions {
  readonly name?: string;
  /**
   * true (the default, Redis's EXEC): an error reply undoes only its command. false: the first
   * error reply rolls back the whole batch, which saves two statements per command, for a host
   * that will run the commands again one by one when that happens.
   */
  readonly savepoints?: boolean;
}

const KEY_STATE_SQL =
  'SELECT id, version, expire_at, CASE WHEN expire_at > 9007199254740991 THEN CAST(expire_at AS TEXT) END ' +
  'AS expire_text FROM keys WHERE db = ? AND key = ?';
/** Every command in a batch runs behind this savepoint, so a failing one undoes only itself. */
const SAVEPOINT = 'SAVEPOINT redlite_command';
const RELEASE = 'RELEASE redlite_command';
const ROLLBACK_TO = 'ROLLBACK TO redlite_command';

function assertDbIndex(db: number): void {
  if (!Number.isInteger(db) || db < 0 || db >= DATABASE_COUNT) {
    throw new RedliteOptionError('db', db, `an integer from 0 to ${DATABASE_COUNT - 1}`);
  }
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
  private keyListener: KeyChangeListener | null = null;
  private readonly commandInfos = new WeakMap<CommandSpec, CommandInfo>();
  private batch: Batch | null = null;
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
    this.db = openDatabase(path, resolved.synchronous, resolved.locking, resolved.hooks);
    this.maxPageCountDefault = Number(this.db.pragma('max_page_count', { simple: true }));
    this.sql = new Sql(this.db, this.hooks);
    this.keyspace = new Keyspace(this.sql, resolved);
    this.walFrames = path === MEMORY_PATH || path === '' ? null : new WalFrameCounter(path);
  }

  /**
   * Runs one command in database `db` (0 to 15, as Redis's SELECT). Never throws for bad input;
   * throws only what a hook throws (a crash), or RedliteOptionError for a bad `db`. Inside
   * `transaction` the command joins the batch's transaction instead of committing its own.
   */
  exec(argv: Arg[], db = 0): Reply {
    this.assertOpen();
    if (db !== 0) assertDbIndex(db);
    const args = argv.map(argBytes);
    const spec = args.length === 0 ? undefined : this.commands.get(commandName(args[0]!));
    if (spec === undefined) return error(unknownCommandMessage(args));
    if (spec.arity > 0 ? args.length !== spec.arity : args.length < -spec.arity) {
      return error(arityError(spec.name).message);
    }
    this.keyspace.db = db;
    return this.batch === null ? this.run(spec, args) : this.runInBatch(this.batch, spec, args);
  }

  /** The command's name, arity and write flag, by upper-case name; undefined when unknown. */
  describeCommand(upperName: string): CommandInfo | undefined {
    const spec = this.commands.get(upperName);
    if (spec === undefined) return undefined;
    // Hosts ask once per pipelined command: build each answer once.
    let info = this.commandInfos.get(spec);
    if (info === undefined) {
      info = { name: spec.name, arity: spec.arity, write: spec.write };
      this.commandInfos.set(spec, info);
    }
    return info;
  }

  private run(spec: CommandSpec, args: Buffer[]): Reply {
    this.keyspace.nowMs = this.clock.now();
    this.sql.startCommand(spec.name);
    let reply: Reply;
    try {
      if (spec.write) this.sql.begin();
      reply = spec.handler(this.keyspace, args);
      if (this.sql.inTransaction) this.commit();
    } catch (caught) {
      this.keyspace.changes?.truncate(0);
      return this.failCommand(caught);
    }
    this.deliverChanges();
    return reply;
  }

  /**
   * One command of a batch, behind its own savepoint: an error reply undoes this command only,
   * as a runtime error inside Redis's EXEC leaves the other commands be. A SQLite failure rolls
   * the whole batch back (SQLite may already have done so for I/O errors and a full disk), and
   * every later command of the batch answers the same error without running.
   */
  private runInBatch(batch: Batch, spec: CommandSpec, args: Buffer[]): Reply {
    if (batch.failure !== null) return error(batch.failure);
    const changes = this.keyspace.changes;
    const mark = changes === null ? 0 : changes.size;
    this.sql.startCommand(spec.name);
    try {
      if (batch.savepoints) this.sql.run(SAVEPOINT);
      const reply = spec.handler(this.keyspace, args);
      if (batch.savepoints) this.sql.run(RELEASE);
      return reply;
    } catch (caught) {
      if (isSqliteError(caught)) return this.failBatch(batch, caught);
      if (!(caught instanceof ReplyError) && !(caught instanceof ChecksumMismatchError)) throw caught;
      if (!batch.savepoints) return this.failBatch(batch, caught);
      try {
        this.sql.run(ROLLBACK_TO);
        this.sql.run(RELEASE);
      } catch (rollbackError) {
        if (isSqliteError(rollbackError)) return this.failBatch(batch, rollbackError);
        throw rollbackError;
      }
      changes?.truncate(mark);
      return error(caught instanceof ReplyError ? caught.message : `ERR ${caught.message}`);
    }
  }

  private failBatch(batch: Batch, caught: SqliteError | ReplyError | ChecksumMismatchError): Reply {
    this.sql.rollback(isSqliteError);
    this.keyspace.changes?.truncate(0);
    batch.failure = caught instanceof ReplyError ? caught.message : `ERR ${caught.message}`;
    return error(batch.failure);
  }

  /**
   * Runs `body` as ONE SQLite transaction (Redis's EXEC): every `exec` that `body` makes joins
   * it, so a crash can never leave part of the batch behind. All commands see one time snapshot,
   * as in Redis, where the commands inside EXEC share EXEC's. An error reply undoes only its own
   * command. If SQLite fails (BEGIN, a statement, COMMIT), the whole batch is rolled back and the
   * result carries the error. Anything else thrown (a hook's crash) propagates with no further
   * SQL, leaving the transaction open as a dead process would: the host must abandon this handle.
   */
  transaction<T>(body: () => T, options: TransactionOptions = {}): TransactionResult<T> {
    const name = options.name ?? 'EXEC';
    this.assertOpen();
    this.assertNoBatch('transaction');
    this.keyspace.nowMs = this.clock.now();
    this.sql.startCommand(name);
    try {
      this.sql.begin();
    } catch (caught) {
      if (!isSqliteError(caught)) throw caught;
      this.sql.rollback(isSqliteError);
      return { committed: false, error: `ERR ${caught.message}` };
    }
    const batch: Batch = { failure: null, savepoints: options.savepoints ?? true };
    this.batch = batch;
    let value: T;
    try {
      value = body();
    } catch (caught) {
      this.keyspace.changes?.truncate(0);
      throw caught;
    } finally {
      this.batch = null;
    }
    if (batch.failure !== null) return { committed: false, error: batch.failure };
    this.sql.startCommand(name);
    try {
      this.commit();
    } catch (caught) {
      this.keyspace.changes?.truncate(0);
      if (!isSqliteError(caught)) throw caught;
      this.sql.rollback(isSqliteError);
      return { committed: false, error: `ERR ${caught.message}` };
    }
    this.deliverChanges();
    return { committed: true, value };
  }

  /**
   * Installs the one listener told of every committed key change, after each commit, in order
   * (null removes it). Without a listener nothing is recorded.
   */
  setKeyListener(listener: KeyChangeListener | null): void {
    this.assertOpen();
    this.assertNoBatch('setKeyListener');
    if (listener !== null && this.keyListener !== null && listener !== this.keyListener) {
      throw new RedliteOptionError('key listener', 'a second listener', 'the only one (remove the first)');
    }
    this.keyListener = listener;
    this.keyspace.changes = listener === null ? null : new KeyChangeLog();
  }

  private deliverChanges(): void {
    const changes = this.keyspace.changes;
    if (changes === null || changes.size === 0 || this.keyListener === null) return;
    changes.deliver(this.keyListener);
  }

  /**
   * The key's row in database `db` as it stands, read without lazy expiry (an expired key is
   * reported, not deleted) and without checksum verification: WATCH compares versions only.
   * Null when no row exists. Throws a SqliteError when SQLite cannot read.
   */
  keyState(db: number, key: Arg): KeyState | null {
    this.assertOpen();
    assertDbIndex(db);
    this.sql.startCommand('KEYSTATE');
    const row = this.sql.get<{
      id: number;
      version: number;
      expire_at: number | null;
      expire_text: string | null;
    }>(KEY_STATE_SQL, db, argBytes(key));
    if (row === undefined) return null;
    const expireAt: EpochMs | null = row.expire_text !== null ? BigInt(row.expire_text) : row.expire_at;
    return { id: row.id, version: row.version, expired: expireAt !== null && expireAt < this.clock.now() };
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

  /**
   * Checkpoints and truncates the WAL. SQLite's auto-checkpoint is PASSIVE and leaves the copied
   * frames in the WAL until the next write restarts it; if one of them rots, recovery stops
   * there and lays the frames before it over newer database pages, a mix no checksum detects.
   * TRUNCATE empties the WAL as the checkpoint completes, so no checkpointed frame can be
   * replayed. Failures (another connection reading) leave the WAL as is.
   */
  private checkpointNow(): void {
    let outcome: unknown[];
    try {
      outcome = this.sql.pragma('PRAGMA wal_checkpoint(TRUNCATE)');
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
    this.assertNoBatch('expireCycle');
    this.keyspace.nowMs = this.clock.now();
    this.sql.startCommand('EXPIRECYCLE');
    let deleted: number;
    try {
      deleted = this.keyspace.deleteExpired(limit);
      if (this.sql.inTransaction) this.commit();
    } catch (caught) {
      this.keyspace.changes?.truncate(0);
      if (!isSqliteError(caught)) throw caught;
      this.sql.rollback(isSqliteError);
      return 0;
    }
    this.deliverChanges();
    return deleted;
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
    this.assertNoBatch('checkpoint');
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

  /**
   * Empties this connection's page cache, so the next reads come from the file again: what a
   * host sees when memory pressure evicted pages (and what makes rot that reached the file
   * visible to a long-lived connection).
   */
  dropPageCache(): void {
    this.assertOpen();
    const pages = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('cache_size = 0');
    this.db.pragma(`cache_size = ${pages}`);
  }

  /**
   * Whether the stored bytes are sound: SQLite's integrity_check, value rows that belong to no
   * key of their type, and rows that fail their checksums (redlite/integrity.ts). Empty when
   * sound. A full pass over every row, for checks after the fact.
   */
  integrityProblems(): string[] {
    this.assertOpen();
    return integrityProblems(this.db);
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

  /** Calls that commit or checkpoint on their own would end a batch's transaction early. */
  private assertNoBatch(call: string): void {
    if (this.batch !== null) throw new RedliteOptionError(call, 'called', 'outside a transaction');
  }

  private assertOpen(): void {
    if (this.closed) throw new RedliteOptionError('connection', 'closed', 'open (close() was called)');
  }
}

function openDatabase(
  path: string,
  synchronous: 'normal' | 'full',
  locking: 'normal' | 'exclusive',
  hooks: RedliteHooks,
): Database.Database {
  let db: Database.Database | null = null;
  try {
    const unclean = path !== MEMORY_PATH && path !== '' && existsSync(`${path}-wal`);
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma('wal_autocheckpoint = 0');
    db.exec(SCHEMA_SQL);
    if (unclean) {
      // Computed first: `hook?.(check())` would skip the check when no hook is installed.
      const outcome = checkAfterUncleanShutdown(db, path);
      hooks.afterOpenCheck?.(outcome);
      // SQLite's recovery keeps the WAL up to its last valid commit and appends after it, with
      // the same salts; frames it discarded after a damaged one stay in the file, and a later
      // write that happens to mend the damaged frame revives them. Checkpointing and truncating
      // now leaves no discarded frame behind. A checkpoint is a sync point for the host.
      db.pragma('wal_checkpoint(TRUNCATE)');
      hooks.afterCheckpoint?.();
    }
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
    if (caught instanceof RedliteCorruptError) throw caught;
    throw new RedliteOpenError(path, caught);
  }
}
