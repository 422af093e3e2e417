/**
 * redlite's probes: the rare paths of its own code that a host may want to know were taken
 * (a list renumbered, a lazy expiry that deleted, the WAL wrapping around). redlite announces
 * each through the host's `probe` hook (options.ts) and does nothing else with it; a host
 * without the hook pays one undefined check. The names are redlite's own vocabulary: a host
 * that keeps a probe catalogue maps them into it, redlite imports nothing of any host.
 *
 * A probe says a path ran, never what came of it: the host judges outcomes by other means.
 */

export const REDLITE_PROBES = [
  /** A list's positions were renumbered, because two neighbours had no integer left between them. */
  'list_rebalance',
  /** LINSERT took one of the last free positions of its gap: the next insert beside it renumbers. */
  'list_insert_gap_edge',
  /** A push or an insert at a list's end would pass the largest position allowed, so the list was renumbered. */
  'list_positions_exhausted',
  /** A read found its key past its deadline and deleted it (lazy expiry). */
  'lazy_expiry_deleted',
  /** One active-expiry cycle read its candidates in more than one sample. */
  'expire_cycle_batches',
  /** A commit found the WAL restarted from its start: a checkpoint had copied back every frame. */
  'wal_restart',
  /** A checkpoint left frames in the WAL because a reader's snapshot still needed them. */
  'checkpoint_blocked_by_reader',
  /** A command met a stored row whose checksum does not verify, and answered an error. */
  'checksum_mismatch',
  /** A list, set, hash or sorted set lost its last element, so its key was deleted. */
  'empty_aggregate_deleted',
  /** A sorted set left the compact (listpack) encoding for good. */
  'zset_skiplist_converted',
] as const;

export type RedliteProbe = (typeof REDLITE_PROBES)[number];

/**
 * The probes redlite announces inside a command's open transaction, before it commits: a
 * failure thrown from the hook there rolls the whole command back, as at a statement boundary.
 * The others come after a commit or a rollback, or outside any command.
 */
export const MID_TRANSACTION_PROBES: ReadonlySet<RedliteProbe> = new Set<RedliteProbe>([
  'list_rebalance',
  'list_insert_gap_edge',
  'list_positions_exhausted',
  'lazy_expiry_deleted',
  'empty_aggregate_deleted',
  'zset_skiplist_converted',
]);
