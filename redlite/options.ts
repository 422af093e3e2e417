/**
 * What a host passes to `Redlite.open`, validated up front with errors that name the option and
 * the bad value. The hooks are the host's view of redlite's sync points, its rare paths
 * (probes.ts) and its one place to inject faults: they exist for the simulator, and cost
 * nothing when absent.
 *
 * Two options tune redlite's internal constants. Their defaults are what production runs; a
 * simulator sets them to extremes so that rare branches become routine (FoundationDB's BUGGIFY):
 * a list gap of 2 renumbers a list at the second LINSERT into one gap, a sample of 1 key makes
 * every active-expiry cycle read its candidates one at a time.
 */
import type { Clock } from './clock.ts';
import { RedliteOptionError } from './errors.ts';
import type { OpenCheckOutcome } from './open-check.ts';
import type { RedliteProbe } from './probes.ts';
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
  /**
   * When redlite takes one of its rare paths (probes.ts). It may run inside a command, between
   * two of its statements; throwing there acts as a throw from `beforeStatement` does.
   */
  probe?(name: RedliteProbe): void;
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
  /**
   * The step between neighbouring list positions after a push or a renumbering (1,000,000). An
   * LINSERT takes the midpoint of its gap, so a gap of g allows about log2(g) inserts in one
   * place before the list is renumbered. From 2 up to the default: a larger gap would bring
   * the position bounds (±2^50) within reach of one large push.
   */
  listPositionGap?: number;
  /**
   * Expired keys one active-expiry cycle reads per query (20, Redis's
   * ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP); a cycle reads samples until it has seen its limit.
   */
  expireSampleKeys?: number;
}

export interface ResolvedOptions {
  readonly clock: Clock;
  readonly synchronous: 'normal' | 'full';
  readonly walCheckpointPages: number;
  readonly hooks: RedliteHooks;
  readonly locking: 'normal' | 'exclusive';
  readonly listPositionGap: number;
  readonly expireSampleKeys: number;
}

export const WAL_CHECKPOINT_PAGES_DEFAULT = 1000;
export const LIST_POSITION_GAP_DEFAULT = 1_000_000;
export const EXPIRE_SAMPLE_KEYS_DEFAULT = 20;

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
  const listPositionGap = options.listPositionGap ?? LIST_POSITION_GAP_DEFAULT;
  if (
    !Number.isInteger(listPositionGap) ||
    listPositionGap < 2 ||
    listPositionGap > LIST_POSITION_GAP_DEFAULT
  ) {
    throw new RedliteOptionError(
      'listPositionGap',
      listPositionGap,
      `an integer from 2 to ${LIST_POSITION_GAP_DEFAULT}`,
    );
  }
  const expireSampleKeys = options.expireSampleKeys ?? EXPIRE_SAMPLE_KEYS_DEFAULT;
  if (!Number.isSafeInteger(expireSampleKeys) || expireSampleKeys < 1) {
    throw new RedliteOptionError('expireSampleKeys', expireSampleKeys, 'an integer >= 1');
  }
  return {
    clock,
    synchronous,
    walCheckpointPages,
    hooks: options.hooks ?? {},
    locking,
    listPositionGap,
    expireSampleKeys,
  };
}
