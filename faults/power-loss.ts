/**
 * A power loss, as a pure plan over bytes: from the platter and the page cache of the
 * database and its WAL, and the event's seed, compute the files that exist after the cut and
 * the report of what happened. SimDisk writes the plan to a fresh folder; SQLite's own
 * recovery then runs on it when the store reopens.
 *
 * One sync point is implicit: SQLite writes and fsyncs a restarted WAL's header before the
 * first frame of the new generation (even with synchronous=NORMAL), so that frames of the old
 * generation can never be replayed over newer pages. The plan therefore treats a cache WAL
 * header with new salts as already on the platter, together with the old bytes that shared
 * its sector at that moment.
 */
import { checkProbability } from './errors.ts';
import { FaultRng } from './FaultRng.ts';
import { type FileRebuild, type FileRebuildCounts, rebuildFile } from './power-loss-rebuild.ts';
import type { ProbeName } from './probes.ts';
import { inspectWal, parseWalHeader, WAL_HEADER_BYTES, type WalRecoveryPath } from './wal-format.ts';

export interface PowerLossOptions {
  /** Probability that an unsynced sector survives; drawn from the event's seed when absent. */
  readonly keepProbability?: number;
  /** Probability that a surviving sector is torn. Default 0.05, and 0 when all survive. */
  readonly tornProbability?: number;
  /** Probability that a surviving sector lands at the wrong offset. Default 0 (off). */
  readonly misdirectedProbability?: number;
  /**
   * Take a restarted WAL's header as synced, as SQLite fsyncs it before any frame (default
   * true). A disk that observes SQLite's syncs says false: it saw whether that sync happened.
   */
  readonly inferWalHeaderSync?: boolean;
}

export interface FileBytes {
  readonly platter: Buffer | null;
  readonly cache: Buffer | null;
}

export interface PowerLossPlan extends FileRebuildCounts {
  readonly db: FileRebuild;
  readonly wal: FileRebuild;
  readonly keepProbability: number;
  readonly walRecoveryPath: WalRecoveryPath;
  readonly walCommittedFrames: number;
  readonly walHeaderSyncedAtRestart: boolean;
  /** The probes this plan hits, in a fixed order (SimDisk calls them). */
  readonly probes: readonly ProbeName[];
}

const DEFAULT_TORN_PROBABILITY = 0.05;

const WAL_PATH_PROBES: Record<WalRecoveryPath, ProbeName> = {
  absent: 'recovery.wal_absent',
  bad_header: 'recovery.wal_no_valid_frame',
  no_valid_frame: 'recovery.wal_no_valid_frame',
  torn_tail: 'recovery.wal_torn_tail',
  stale_tail: 'recovery.wal_stale_tail',
  clean_end: 'recovery.wal_clean_end',
};

/**
 * The survival rates of one event. A quarter of power losses lose every unsynced sector, a
 * quarter keep them all whole (the OS had flushed just in time), and the rest keep a uniform
 * share with a few torn: so both extremes, which a checker most needs, come up often.
 */
function drawRates(rng: FaultRng): { keepProbability: number; tornProbability: number } {
  const mode = rng.int(0, 3);
  const share = rng.float();
  if (mode === 0) return { keepProbability: 0, tornProbability: 0 };
  if (mode === 1) return { keepProbability: 1, tornProbability: 0 };
  return { keepProbability: share, tornProbability: DEFAULT_TORN_PROBABILITY };
}

export function planPowerLoss(
  db: FileBytes,
  wal: FileBytes,
  seed: bigint,
  options: PowerLossOptions = {},
): PowerLossPlan {
  const rng = new FaultRng(seed);
  const drawn = drawRates(rng);
  const keepProbability = checkProbability(
    'keepProbability',
    options.keepProbability ?? drawn.keepProbability,
  );
  const defaultTorn =
    options.keepProbability === undefined ? drawn.tornProbability : DEFAULT_TORN_PROBABILITY;
  const rates = {
    keepProbability,
    tornProbability: checkProbability('tornProbability', options.tornProbability ?? defaultTorn),
    misdirectedProbability: checkProbability('misdirectedProbability', options.misdirectedProbability ?? 0),
  };
  const walPlatter =
    options.inferWalHeaderSync === false
      ? { bytes: wal.platter, applied: false }
      : withRestartHeaderSynced(wal.platter, wal.cache);
  const dbRebuild = rebuildFile(db.platter, db.cache, rng.childSeed(1), rates);
  const walRebuild = rebuildFile(walPlatter.bytes, wal.cache, rng.childSeed(2), rates);
  const sum = (pick: (file: FileRebuild) => number): number => pick(dbRebuild) + pick(walRebuild);
  const counts: FileRebuildCounts = {
    sectorsUnsynced: sum((file) => file.sectorsUnsynced),
    sectorsKept: sum((file) => file.sectorsKept),
    sectorsTorn: sum((file) => file.sectorsTorn),
    sectorsDropped: sum((file) => file.sectorsDropped),
    sectorsMisdirected: sum((file) => file.sectorsMisdirected),
  };
  const inspection = inspectWal(walRebuild.bytes);
  const probes: ProbeName[] = ['fault.power_loss'];
  if (counts.sectorsUnsynced === 0) probes.push('recovery.no_unsynced_sectors');
  if (counts.sectorsDropped > 0) probes.push('recovery.unsynced_dropped');
  if (counts.sectorsUnsynced > 0 && counts.sectorsKept === counts.sectorsUnsynced) {
    probes.push('recovery.unsynced_all_kept');
  }
  if (counts.sectorsTorn > 0) probes.push('fault.torn_write');
  if (counts.sectorsMisdirected > 0) probes.push('fault.misdirected_write');
  if (walPlatter.applied) probes.push('recovery.wal_restart_header_synced');
  probes.push(WAL_PATH_PROBES[inspection.path]);
  return {
    ...counts,
    db: dbRebuild,
    wal: walRebuild,
    keepProbability,
    walRecoveryPath: inspection.path,
    walCommittedFrames: inspection.scan?.committedFrames ?? 0,
    walHeaderSyncedAtRestart: walPlatter.applied,
    probes,
  };
}

/** The platter WAL as SQLite's header fsync at a WAL restart left it (see the file header). */
function withRestartHeaderSynced(
  platter: Buffer | null,
  cache: Buffer | null,
): { bytes: Buffer | null; applied: boolean } {
  const cacheHeader = cache === null ? null : parseWalHeader(cache);
  if (cache === null || cacheHeader === null) return { bytes: platter, applied: false };
  const platterHeader = platter === null ? null : parseWalHeader(platter);
  if (
    platterHeader !== null &&
    platterHeader.salt1 === cacheHeader.salt1 &&
    platterHeader.salt2 === cacheHeader.salt2
  ) {
    return { bytes: platter, applied: false };
  }
  const bytes = Buffer.alloc(Math.max(platter?.length ?? 0, WAL_HEADER_BYTES));
  platter?.copy(bytes);
  cache.copy(bytes, 0, 0, WAL_HEADER_BYTES);
  return { bytes, applied: true };
}
