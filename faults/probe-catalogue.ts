/**
 * The catalogue of every probe the faults subsystem calls: one per fault kind and one per
 * recovery path it can tell apart by looking at the bytes (DESIGN.md, principle 8). A sweep of
 * the hostile scenario must hit them all; a probe missing from a sweep means a fault or a
 * recovery path that the simulator never exercised.
 */
export const FAULT_PROBES = {
  /** A process crash: the page cache survives, the connection is abandoned. */
  crash: 'fault.crash',
  /** A crash raised by a statement hook between two statements of one command. */
  crashMidCommand: 'fault.crash_mid_command',
  /** A power loss: the folder is rebuilt from the platter and some unsynced sectors. */
  powerLoss: 'fault.power_loss',
  /** At least one unsynced sector reached the platter torn, part new and part old. */
  tornWrite: 'fault.torn_write',
  /** At least one unsynced sector landed at the wrong offset during a rebuild. */
  misdirectedWrite: 'fault.misdirected_write',
  /** Bits flipped in a platter sector of the database or the WAL. */
  bitRot: 'fault.bit_rot',
  /** SQLite's max_page_count lowered so that writes fail with SQLITE_FULL. */
  diskFull: 'fault.disk_full',
  /** An SQLITE_IOERR raised at a statement boundary. */
  ioError: 'fault.io_error',
  /** Extra virtual latency added to an op. */
  slowDisk: 'fault.slow_disk',
} as const;

export const RECOVERY_PROBES = {
  /** A power loss found the platter equal to the page cache: nothing to lose. */
  noUnsyncedSectors: 'recovery.no_unsynced_sectors',
  /** A power loss dropped at least one unsynced sector. */
  unsyncedDropped: 'recovery.unsynced_dropped',
  /** A power loss kept every unsynced sector whole: as if the cache had been flushed. */
  unsyncedAllKept: 'recovery.unsynced_all_kept',
  /** A rebuild dropped a -shm file, so SQLite rebuilt its wal-index from the WAL. */
  shmDropped: 'recovery.shm_dropped',
  /** The recovered folder has no WAL, or an empty one. */
  walAbsent: 'recovery.wal_absent',
  /**
   * The recovered WAL has no valid commit frame, or an invalid header (SQLite then ignores the
   * whole file, the same outcome; the report tells the two apart). An invalid header alone is
   * not a probe of its own: SQLite fsyncs every new WAL header, so only corruption makes one.
   */
  walNoValidFrame: 'recovery.wal_no_valid_frame',
  /** The recovered WAL has bytes after its last valid commit frame, which SQLite discards. */
  walTornTail: 'recovery.wal_torn_tail',
  /** The recovered WAL has older-generation frames (or zeros) after its last commit. */
  walStaleTail: 'recovery.wal_stale_tail',
  /** The recovered WAL ends exactly at a valid commit frame. */
  walCleanEnd: 'recovery.wal_clean_end',
  /** A restarted WAL's header was taken as synced, as SQLite fsyncs it before any frame. */
  walRestartHeaderSynced: 'recovery.wal_restart_header_synced',
  /** Space came back after a disk-full fault, so writes must succeed again. */
  diskSpaceRestored: 'recovery.disk_space_restored',
  /** A sync rewrote a rotted sector, healing it, because the page cache had newer bytes. */
  bitRotHealed: 'recovery.bit_rot_healed',
} as const;

export type FaultProbeName = (typeof FAULT_PROBES)[keyof typeof FAULT_PROBES];
export type RecoveryProbeName = (typeof RECOVERY_PROBES)[keyof typeof RECOVERY_PROBES];
export type FaultsProbeName = FaultProbeName | RecoveryProbeName;

/** Every probe name of the faults subsystem, sorted. */
export const FAULTS_PROBE_CATALOGUE: readonly FaultsProbeName[] = [
  ...Object.values(FAULT_PROBES),
  ...Object.values(RECOVERY_PROBES),
].sort();
