/**
 * redlite's only door to SQLite while a command runs: a cache of prepared statements, the
 * `beforeStatement` hook called before each one (BEGIN, COMMIT and ROLLBACK included), and
 * the transaction state. Statements are cached by their SQL text, so callers write SQL inline;
 * hot paths keep that text in a module constant, because building and hashing a long string on
 * every call costs as much as binding a point read.
 *
 * Row limits are written `LIMIT +?`, never with a bare parameter. SQLite built with STAT4 (as
 * better-sqlite3 is) reads a bare bound LIMIT while it plans, and marks the statement to be
 * planned again whenever that parameter is bound: every run of the cached statement then paid a
 * fresh prepare (about 10 to 15 µs; the expiry cycle's sample query took 72 µs instead of 3).
 * The unary plus gives the same value without the planner peeking at it.
 */
import type Database from 'better-sqlite3';
import type { RedliteHooks } from './options.ts';

type Statement = Database.Statement<unknown[], unknown>;
type Param = number | bigint | string | Buffer | null;

/** Bound on distinct cached statements; redlite's SQL is a fixed set far below this. */
const STATEMENT_CACHE_MAX = 512;

export class Sql {
  readonly db: Database.Database;
  private readonly cache = new Map<string, Statement>();
  /** The same statements in raw mode (rows as arrays), for hot lookups that skip naming columns. */
  private readonly rawCache = new Map<string, Statement>();
  /** Read on every statement, so a host may install or swap hooks after open. */
  private readonly hooks: RedliteHooks;
  private command = '';
  private statementIndex = 0;

  constructor(db: Database.Database, hooks: RedliteHooks) {
    this.db = db;
    this.hooks = hooks;
  }

  /** Starts the statement count for a new command (or internal job). */
  startCommand(command: string): void {
    this.command = command;
    this.statementIndex = 0;
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  prepare(sql: string): Statement {
    let statement = this.cache.get(sql);
    if (statement === undefined) {
      if (this.cache.size >= STATEMENT_CACHE_MAX) this.cache.clear();
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  private prepareRaw(sql: string): Statement {
    let statement = this.rawCache.get(sql);
    if (statement === undefined) {
      if (this.rawCache.size >= STATEMENT_CACHE_MAX) this.rawCache.clear();
      statement = this.db.prepare(sql).raw(true);
      this.rawCache.set(sql, statement);
    }
    return statement;
  }

  private announce(): void {
    const index = this.statementIndex++;
    const hook = this.hooks.beforeStatement;
    if (hook !== undefined) hook.call(this.hooks, { command: this.command, statementIndex: index });
  }

  get<T>(sql: string, ...params: Param[]): T | undefined {
    const statement = this.prepare(sql);
    this.announce();
    return statement.get(...params) as T | undefined;
  }

  /** One row as an array of its columns in SELECT order: no object to build per row. */
  getRaw(sql: string, ...params: Param[]): unknown[] | undefined {
    const statement = this.prepareRaw(sql);
    this.announce();
    return statement.get(...params) as unknown[] | undefined;
  }

  /** Every row as an array of its columns in SELECT order: about a third faster than objects. */
  allRaw(sql: string, ...params: Param[]): unknown[][] {
    const statement = this.prepareRaw(sql);
    this.announce();
    return statement.all(...params) as unknown[][];
  }

  all<T>(sql: string, ...params: Param[]): T[] {
    const statement = this.prepare(sql);
    this.announce();
    return statement.all(...params) as T[];
  }

  /** A write: opens the command's transaction first if a read-only command had not. */
  run(sql: string, ...params: Param[]): Database.RunResult {
    if (!this.db.inTransaction) this.begin();
    const statement = this.prepare(sql);
    this.announce();
    return statement.run(...params);
  }

  /** A write with a RETURNING clause that must produce one row. */
  runReturning<T>(sql: string, ...params: Param[]): T {
    if (!this.db.inTransaction) this.begin();
    const statement = this.prepare(sql);
    this.announce();
    const row = statement.get(...params) as T | undefined;
    if (row === undefined) throw new Error(`statement returned no row: ${sql}`);
    return row;
  }

  begin(): void {
    const statement = this.prepare('BEGIN IMMEDIATE');
    this.announce();
    statement.run();
  }

  commit(): void {
    const statement = this.prepare('COMMIT');
    this.announce();
    statement.run();
  }

  /**
   * Rolls back. A SqliteError thrown by the hook here still rolls back (the simulated I/O error
   * hits the statement, and SQLite's WAL rollback needs no I/O); any other throw propagates.
   */
  rollback(isSqliteError: (error: unknown) => boolean): void {
    if (!this.db.inTransaction) return;
    const statement = this.prepare('ROLLBACK');
    try {
      this.announce();
    } catch (error) {
      if (!isSqliteError(error)) throw error;
    }
    if (this.db.inTransaction) statement.run();
  }

  /** A statement outside any command (checkpoint, pragmas), announced like the others. */
  pragma(sql: string): unknown[] {
    const statement = this.prepare(sql);
    this.announce();
    return statement.all();
  }
}
