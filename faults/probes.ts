/**
 * The probe catalogue: every probe anywhere in the project, each with a one-line description
 * (docs/architecture.md, principle 8). `probe()` accepts only these names, so a probe cannot be
 * called without being catalogued, and the reports and coverage tests read this table to flag
 * probes that a sweep never hit.
 *
 * It lives in faults/ because both layers call probes and the arrows point one way: sim/ may
 * import faults/, faults/ may not import sim/. The table holds names and words only, so the
 * simulator's own probes sit here without faults/ knowing anything of the simulator.
 *
 * Names are `area.snake_case`, with four areas:
 * - `fault.*`: a fault fired (the fault vocabulary in sim/config/fault-vocabulary.ts names
 *   the probes of each fault kind);
 * - `recovery.*`: a recovery path was taken, told apart by the bytes or by the checkers;
 * - `sim.*`: a path of the simulator's own checks worth proving a sweep reaches;
 * - `redlite.*`: a rare path of redlite's own code, which redlite announces through its probe
 *   hook under its own names (redlite/probes.ts) and the simulator maps here.
 *
 * `layer` says who calls the probe: `faults` probes are called inside faults/ and so are
 * reachable by its own tests on raw SQLite; `sim` probes only by the simulator; `redlite`
 * probes by redlite, through the hook the world installs. A probe no world
 * can reach through redlite says why in `unreachable`; the reports leave it out of their
 * coverage table and the hostile coverage test asserts that it stays unreached. What a probe
 * proves about a fault kind, and which kinds exist, is the fault vocabulary's business.
 */

export type ProbeArea = 'fault' | 'recovery' | 'sim' | 'redlite';

export interface ProbeEntry {
  readonly layer: 'faults' | 'sim' | 'redlite';
  readonly description: string;
  /** Why no world can reach this probe through redlite; absent for a reachable probe. */
  readonly unreachable?: string;
}

export const PROBES = {
  'fault.crash': {
    layer: 'faults',
    description: 'A process crash: the page cache survives, the connection is abandoned.',
  },
  'fault.crash_mid_command': {
    layer: 'faults',
    description: 'A crash raised by a statement hook between two statements of one command.',
  },
  'fault.power_loss': {
    layer: 'faults',
    description: 'A power loss: the folder is rebuilt from the platter and some unsynced sectors.',
  },
  'fault.torn_write': {
    layer: 'faults',
    description: 'At least one unsynced sector reached the platter torn, part new and part old.',
  },
  'fault.misdirected_write': {
    layer: 'faults',
    description: 'At least one unsynced sector landed at the wrong offset during a rebuild.',
  },
  'fault.bit_rot': {
    layer: 'faults',
    description: 'Bits flipped in a platter sector of the database or the WAL.',
  },
  'fault.disk_full': {
    layer: 'faults',
    description: "SQLite's max_page_count lowered so that writes fail with SQLITE_FULL.",
  },
  'fault.io_error': { layer: 'faults', description: 'An SQLITE_IOERR raised at a statement boundary.' },
  'fault.slow_disk': { layer: 'faults', description: 'Extra virtual latency added to an op.' },
  'fault.memory_pressure': {
    layer: 'faults',
    description: 'Memory pressure began: statements fail with SQLITE_NOMEM until it is relieved.',
  },
  'fault.connection_drop': {
    layer: 'sim',
    description: "A client's connection dropped: its session, open MULTI, watches and wait are gone.",
  },
  'fault.read_error': { layer: 'sim', description: "An injected EIO failed one of SQLite's reads." },
  'fault.write_error': { layer: 'sim', description: "An injected EIO failed one of SQLite's writes." },
  'fault.short_write': {
    layer: 'sim',
    description: "One of SQLite's writes landed only in part, then failed.",
  },
  'fault.enospc': { layer: 'sim', description: "An injected ENOSPC failed one of SQLite's writes." },
  'fault.fsync_failure': {
    layer: 'sim',
    description: "One of SQLite's syncs failed; the file's dirty bytes left the page cache.",
  },
  'fault.torn_read': {
    layer: 'sim',
    description: "One of SQLite's reads returned a sector torn (the file itself intact).",
  },
  'fault.crash_mid_io': {
    layer: 'sim',
    description:
      "The process crashed inside one of SQLite's writes or syncs; the files froze at that moment.",
  },

  'recovery.no_unsynced_sectors': {
    layer: 'faults',
    description: 'A power loss found the platter equal to the page cache: nothing to lose.',
  },
  'recovery.unsynced_dropped': {
    layer: 'faults',
    description: 'A power loss dropped at least one unsynced sector.',
  },
  'recovery.unsynced_all_kept': {
    layer: 'faults',
    description: 'A power loss kept every unsynced sector whole, as if the cache had been flushed.',
  },
  'recovery.shm_dropped': {
    layer: 'faults',
    description: 'A rebuild dropped a -shm file, so SQLite rebuilt its wal-index from the WAL.',
  },
  'recovery.wal_absent': {
    layer: 'faults',
    description: 'The recovered folder has no WAL, or an empty one.',
  },
  'recovery.wal_no_valid_frame': {
    // An invalid WAL header is no probe of its own: SQLite ignores the whole file either way,
    // and since it fsyncs every new header, only corruption makes one (the report tells them apart).
    layer: 'faults',
    description: 'The recovered WAL has no valid commit frame, or an invalid header: SQLite ignores it.',
  },
  'recovery.wal_torn_tail': {
    layer: 'faults',
    description: 'The recovered WAL has bytes after its last valid commit frame, which SQLite discards.',
  },
  'recovery.wal_stale_tail': {
    layer: 'faults',
    description: 'The recovered WAL has older-generation frames (or zeros) after its last commit.',
    unreachable:
      'needs older frames behind the last commit of a recovered WAL, but redlite truncates the WAL at every checkpoint and at every unclean open, so none are left; the faults tests reach it on raw SQLite',
  },
  'recovery.wal_clean_end': {
    layer: 'faults',
    description: 'The recovered WAL ends exactly at a valid commit frame.',
  },
  'recovery.wal_restart_header_synced': {
    layer: 'faults',
    description: "A restarted WAL's header was taken as synced, as SQLite fsyncs it before any frame.",
    unreachable:
      "worlds observe SQLite's real syncs, the restarted WAL header's included, so no world infers it; the faults tests reach it on raw SQLite without the shim",
  },
  'recovery.disk_space_restored': {
    layer: 'faults',
    description: 'Space came back after a disk-full fault, so writes must succeed again.',
  },
  'recovery.bit_rot_healed': {
    layer: 'faults',
    description: 'A sync rewrote a rotted sector, healing it, because the page cache had newer bytes.',
  },
  'recovery.maybe_applied_settled': {
    layer: 'sim',
    description: 'A crash mid-command left its op maybe-applied, and the recovered state settled which.',
  },
  'recovery.acked_lost': {
    layer: 'sim',
    description: 'A power loss under normal lost acknowledged commands after the last sync (a prefix).',
  },
  'recovery.all_acked_survived': { layer: 'sim', description: 'A restart kept every acknowledged command.' },
  'recovery.disk_full_rejected': {
    layer: 'sim',
    description: 'A command failed with SQLITE_FULL and changed nothing.',
  },
  'recovery.memory_pressure_rejected': {
    layer: 'sim',
    description: 'A command failed with SQLITE_NOMEM under memory pressure and changed nothing.',
  },
  'recovery.io_error_rolled_back': {
    layer: 'sim',
    description: 'A command hit a simulated I/O error, answered an error and changed nothing.',
  },
  'recovery.corrupted_key_error': {
    layer: 'sim',
    description: 'After corruption, a key answered an error (allowed: never wrong data).',
  },
  'recovery.open_refused_corrupt': {
    layer: 'sim',
    description: 'After corruption, the store refused to open with a corruption error; the world halted.',
  },
  'recovery.index_rebuilt': {
    layer: 'sim',
    description:
      'The store opened after an unclean shutdown, found indexes disagreeing with their tables, and rebuilt them.',
  },
  'recovery.wal_rot_loss_excused': {
    layer: 'sim',
    description:
      'A rotted WAL frame made recovery drop synced writes; the documented weakness was excused (not under --strict-rot).',
  },
  'recovery.rot_excused': {
    layer: 'sim',
    description:
      'Rot in the running store made it answer wrong data without an error; the documented weakness halted the world (not under --strict-rot).',
  },
  'recovery.store_unlistable': {
    layer: 'sim',
    description:
      'After corruption, SCAN answered an error in a state dump, so every key counts as corrupted.',
  },
  'recovery.io_fault_rejected': {
    layer: 'sim',
    description: 'A command met an injected I/O fault, answered an error and changed nothing.',
  },
  'recovery.io_fault_survived': {
    layer: 'sim',
    description:
      'An injected I/O fault hit a call redlite may fail quietly (a checkpoint), and the command succeeded.',
  },
  'recovery.fsync_dropped_pages': {
    layer: 'sim',
    description: 'A failed fsync dropped unsynced bytes from the page cache, as Linux does.',
  },
  'recovery.wal_sync_observed': {
    layer: 'sim',
    description: 'SQLite synced the WAL, and the disk copied the bytes written since its last sync.',
  },
  'recovery.checkpoint_sync_observed': {
    layer: 'sim',
    description: "SQLite synced the database file (a checkpoint's write-back), and the disk copied it.",
  },
  'recovery.liveness_restart': {
    layer: 'sim',
    description: 'The fault phase ended with a restart and the liveness phase ran.',
  },

  'sim.expire_cycle_removed': {
    layer: 'sim',
    description: 'An active expiry cycle removed at least one key.',
  },
  'sim.random_adopted': {
    layer: 'sim',
    description: "A random command's valid choice (SPOP, SRANDMEMBER, ...) was adopted by the model.",
  },
  'sim.state_check': { layer: 'sim', description: 'A full-state comparison with the model ran.' },
  'sim.storage_audit': {
    layer: 'sim',
    description: "The storage audit of redlite's files ran (storage_consistent).",
  },
  'sim.audit_corruption_excused': {
    layer: 'sim',
    description:
      'After corruption, the storage audit found problems that rotted bytes explain, and excused them.',
  },
  'sim.audit_versions_after_recovery': {
    layer: 'sim',
    description:
      "After a restart that may lose no commit, the audit compared each key's version with the audit before.",
  },
  'sim.rare_path_crash': {
    layer: 'sim',
    description: "The world crashed the process inside a command at one of redlite's probes (a rare path).",
  },
  'sim.deep_collection': {
    layer: 'sim',
    description: 'A storage audit found a list, set, hash or sorted set of at least 128 elements.',
  },

  'redlite.list_rebalance': {
    layer: 'redlite',
    description: 'A list was renumbered: two neighbouring positions had no integer left between them.',
  },
  'redlite.list_insert_gap_edge': {
    layer: 'redlite',
    description: 'LINSERT took one of the last free positions of its gap.',
  },
  'redlite.list_positions_exhausted': {
    layer: 'redlite',
    description:
      'A push or an insert at a list end would pass the largest position, so the list was renumbered.',
    unreachable:
      'needs a list to drift 2^50 / listPositionGap positions to one side (2^49 pushes at a gap of 2, about 1.1e9 at the default), far beyond any world',
  },
  'redlite.lazy_expiry_deleted': {
    layer: 'redlite',
    description: 'A command met an expired key and deleted it (lazy expiry).',
  },
  'redlite.expire_cycle_batches': {
    layer: 'redlite',
    description: 'An active-expiry cycle read its candidates in more than one sample.',
  },
  'redlite.wal_restart': {
    layer: 'redlite',
    description: 'A commit started the WAL over, after a checkpoint had copied back every frame.',
  },
  'redlite.checkpoint_blocked_by_reader': {
    layer: 'redlite',
    description: "A checkpoint left frames in the WAL because a reader's snapshot still needed them.",
    unreachable:
      'needs a second connection holding a read snapshot while redlite checkpoints; a world runs one connection with exclusive locking, and the storage audit reads only between commands; tests/redlite/tuning.test.ts reaches it with two connections',
  },
  'redlite.checksum_mismatch': {
    layer: 'redlite',
    description: 'A command met a stored row whose checksum fails, and answered an error.',
  },
  'redlite.empty_aggregate_deleted': {
    layer: 'redlite',
    description: 'A list, set, hash or sorted set lost its last element, so its key was deleted.',
  },
  'redlite.zset_skiplist_converted': {
    layer: 'redlite',
    description: 'A sorted set left the listpack encoding: it outgrew 128 members, or a member 64 bytes.',
  },
} as const satisfies Readonly<Record<`${ProbeArea}.${string}`, ProbeEntry>>;

export type ProbeName = keyof typeof PROBES;

/** Every catalogued probe name, sorted. */
export const PROBE_NAMES: readonly ProbeName[] = (Object.keys(PROBES) as ProbeName[]).sort();

function entry(name: ProbeName): ProbeEntry {
  return PROBES[name];
}

/** The probes a world can reach through redlite: the ones a healthy sweep must hit. */
export const REACHABLE_PROBE_NAMES: readonly ProbeName[] = PROBE_NAMES.filter(
  (name) => entry(name).unreachable === undefined,
);

/** The probes no world can reach through redlite, each with its reason. */
export const UNREACHABLE_PROBES: Readonly<Partial<Record<ProbeName, string>>> = Object.fromEntries(
  PROBE_NAMES.flatMap((name) => {
    const reason = entry(name).unreachable;
    return reason === undefined ? [] : [[name, reason]];
  }),
);

/** The probes called inside faults/, which its own tests on raw SQLite can hit. */
export const FAULTS_LAYER_PROBE_NAMES: readonly ProbeName[] = PROBE_NAMES.filter(
  (name) => entry(name).layer === 'faults',
);

export function isProbeName(name: string): name is ProbeName {
  return Object.hasOwn(PROBES, name);
}
