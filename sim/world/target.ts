/**
 * What the world needs from the store under test, and how it makes one. The target is a black
 * box with redlite's surface: commands, the active-expiry cycle, WAL checkpoints, the storage
 * audit. Tests inject broken variants through `TargetFactory`; the faults subsystem supplies
 * hooks to watch sync points, and the world a hook that counts redlite's probes. `checkpoint`
 * and `audit` are optional so that plain `Target`s (and the model) can stand in.
 */
import type { AuditOptions, AuditReport } from '../../redlite/audit.ts';
import type { Clock } from '../../redlite/clock.ts';
import type { RedliteHooks } from '../../redlite/options.ts';
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { Durability, Target } from '../run-types.ts';

/** Callbacks redlite makes at its statement and sync boundaries (docs/architecture.md, storage model). */
export type TargetHooks = RedliteHooks;

export interface TargetOptions {
  clock: Clock;
  synchronous: Durability;
  walCheckpointPages: number;
  hooks?: TargetHooks;
  /** SQLite's locking mode (redlite's `locking` option); worlds use TARGET_LOCKING. */
  locking?: 'normal' | 'exclusive';
  /** redlite's `busyTimeoutMs`; several processes in one world pass 0 and retry in virtual time. */
  busyTimeoutMs?: number;
  /** redlite's tuned constants (its options of the same names), as the seed drew them. */
  listPositionGap?: number;
  expireSampleKeys?: number;
}

/**
 * Every world runs redlite with exclusive locking. A world's files have exactly one user (a
 * restart opens copies in a fresh folder), so the locks guard nothing, and taking and dropping
 * them on every transaction was over half of a run's time: two to four fcntl calls per SQLite
 * transaction. The WAL, its -shm index, checkpoints and recovery work as in normal mode.
 */
export const TARGET_LOCKING = 'exclusive';

export interface WorldTarget extends Target {
  /** Runs one command in database `db` (0 by default), as redlite's `exec` does. */
  exec(argv: Arg[], db?: number): Reply;
  checkpoint?(): void;
  /** Caps the database at `pages` pages (SQLITE_FULL beyond); null lifts the cap. */
  setMaxPageCount?(pages: number | null): void;
  /** The database's size in pages, WAL included (what a disk-full cap starts from). */
  pageCount?(): number;
  /** Empties the store's own page cache, so rot that reached the files becomes visible. */
  dropPageCache?(): void;
  /** What the store's own checks find wrong with its bytes (empty when sound). */
  integrityProblems?(): string[];
  /** redlite's storage audit: a pure read of its files (storage_consistent judges it). */
  audit?(options?: AuditOptions): AuditReport;
  /**
   * The process dies as in a crash, its files left as they are, when the world restarts it. A
   * target inside the simulator's process needs nothing (its handle is just dropped); one in a
   * process of its own (sim/world/server/) must be killed.
   */
  abandon?(): void;
}

export type TargetFactory = (path: string, options: TargetOptions) => WorldTarget;

/** redlite's tuned constants as the seed drew them; absent from configs older than the knobs. */
export function tunedConstants(config: WorldConfig): { listPositionGap?: number; expireSampleKeys?: number } {
  return {
    ...(config.listPositionGap === undefined ? {} : { listPositionGap: config.listPositionGap }),
    ...(config.expireSampleKeys === undefined ? {} : { expireSampleKeys: config.expireSampleKeys }),
  };
}
