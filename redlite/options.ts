/**
 * What a host passes to `Redlite.open`, validated up front with errors that name the option and
 * the bad value. The hooks are the host's view of redlite's sync points and its one place to
 * inject faults: they exist for the simulator, and cost nothing when absent.
 */
import type { Clock } from './clock.ts';
import { RedliteOptionError } from './errors.ts';
import type { OpenCheckOutcome } from './open-check.ts';
import { systemClock } from './system-clock.ts';

export interface StatementInfo {
  /** The running command's name in upper case (or EXPIRECYCLE, CHECKPOINT, CLOSE). */
  readonly command: string;
  /** The statement's ordinal within that command, from 0, counting BEGIN and COMMIT. */
  readonly statementIndex: number;
}

export interface RedliteHooks {
  /**
   * Called before every SQL statement a command runs. Throwing a better-sqlite3 `SqliteError`
   * acts as SQLite failing that statement (rollback, `ERR <message>` reply); throwing anything
   * else is a simulated process death: it propagates out of `exec` with no further SQL.
   */
  beforeStatement?(info: StatementInfo): void;
  /** After every successful COMMIT: a sync point under synchronous=full. */
  afterCommit?(): void;
  /** After every WAL checkpoint redlite runs: a sync point in both modes. */
  afterCheckpoint?(): void;
  /**
   * After the check redlite runs when it opens a database that was not closed cleanly
   * (`redlite/open-check.ts`): 'ok', or 'reindexed' when it rebuilt indexes that disagreed with
   * their tables. Damage it cannot repair fails the open with `RedliteCorruptError` instead.
   */
  afterOpenCheck?(outcome: OpenCheckOutcome): void;
}

export interface RedliteOptions {
  /** Milliseconds since the epoch; the wall clock by default. */
  clock?: Clock;
  synchronous?: 'normal' | 'full';
  /** WAL frames after which redlite checkpoints, as SQLite's auto-checkpoint would (1000). */
  walCheckpointPages?: number;
  hooks?: RedliteHooks;
  /**
   * 'exclusive' keeps SQLite's locks for the connection's lifetime (`PRAGMA locking_mode =
   * EXCLUSIVE`, set after the first WAL access, so the -shm wal-index is still kept as usual).
   * No other connection can read the file while redlite has it open; in return each transaction
   * skips the two to four fcntl lock calls that otherwise cost most of a point read. For a host
   * that is the file's only user. Default 'normal'.
   */
  locking?: 'normal' | 'exclusive';
}

export interface ResolvedOptions {
  readonly clock: Clock;
  readonly synchronous: 'normal' | 'full';
  readonly walCheckpointPages: number;
  readonly hooks: RedliteHooks;
  readonly locking: 'normal' | 'exclusive';
}

export const WAL_CHECKPOINT_PAGES_DEFAULT = 1000;

export function resolveOptions(options: RedliteOptions = {}): ResolvedOptions {
  const synchronous = options.synchronous ?? 'normal';
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new RedliteOptionError('synchronous', synchronous, "'normal' or 'full'");
  }
  const walCheckpointPages = options.walCheckpointPages ?? WAL_CHECKPOINT_PAGES_DEFAULT;
  if (!Number.isInteger(walCheckpointPages) || walCheckpointPages < 1) {
    throw new RedliteOptionError('walCheckpointPages', walCheckpointPages, 'an integer >= 1');
  }
  const clock = options.clock ?? systemClock;
  if (typeof clock?.now !== 'function') throw new RedliteOptionError('clock', clock, 'an object with now()');
  const locking = options.locking ?? 'normal';
  if (locking !== 'normal' && locking !== 'exclusive') {
    throw new RedliteOptionError('locking', locking, "'normal' or 'exclusive'");
  }
  return { clock, synchronous, walCheckpointPages, hooks: options.hooks ?? {}, locking };
}
