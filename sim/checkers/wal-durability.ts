/**
 * wal_durability: what a recovery that kept only a prefix of the acknowledged writes may lose.
 *
 * - Writes a sync made durable must survive. The one loss redlite does not prevent is a rotted
 *   WAL frame: SQLite's recovery stops at the first frame whose checksum fails and silently
 *   drops every commit after it (a prefix, never a mix: redlite truncates the WAL at every
 *   checkpoint and at every unclean open, so no older frame can be replayed). That is a
 *   documented finding: with --strict-rot it fails here, and otherwise it is excused and
 *   counted by the probe recovery.wal_rot_loss_excused.
 * - With --strict-durability, any acknowledged write lost fails, whatever the durability
 *   mode; this is how a seed shows that synchronous=normal loses acknowledged writes.
 *
 * It judges only how many writes were lost, from facts the fault driver hands it after the
 * recovery search settled on a prefix. Whether the recovered state is a prefix at all, and
 * never a mix, is crash_recovery_consistent's question: the search offers prefixes shorter
 * than the durable ones only after WAL rot, so any other deeper loss fails there.
 */
import type { Durability, RunFailure } from '../run-types.ts';

export const WAL_DURABILITY = 'wal_durability';

/** A recovery that settled on a prefix of the acknowledged writes since the last checkpoint. */
export interface PrefixRecovered {
  readonly eventIndex: number;
  /** The restart's cause, as the failure message names it ("a power loss"). */
  readonly what: string;
  readonly durability: Durability;
  readonly strictDurability: boolean;
  /** --strict-rot: a rotted WAL frame does not excuse losing durable writes. */
  readonly strictRot: boolean;
  /** Acknowledged writes since the last checkpoint. */
  readonly acknowledged: number;
  /** How many of them the last sync made durable. */
  readonly durable: number;
  /** How many of them the recovered state holds. */
  readonly kept: number;
  /** A WAL frame rotted earlier in the run (the rot stays on the platter). */
  readonly walRotted: boolean;
}

/** The failure when the lost writes break the invariant, or null. */
export function walDurabilityVerdict(recovered: PrefixRecovered): RunFailure | null {
  const { acknowledged, durable, kept } = recovered;
  if (kept < durable && (!recovered.walRotted || recovered.strictRot)) {
    const lost = durable - kept;
    const cause = recovered.walRotted ? 'after a WAL frame rotted, ' : '';
    return {
      invariant: WAL_DURABILITY,
      event_index: recovered.eventIndex,
      message: `after ${recovered.what}, ${cause}${lost} of ${durable} synced acknowledged write(s) since the last checkpoint were lost (the store recovered the first ${kept})`,
      expected: 'every synced write',
      actual: `${lost} lost`,
    };
  }
  if (!recovered.strictDurability || kept >= acknowledged) return null;
  if (recovered.walRotted && !recovered.strictRot) return null;
  const lost = acknowledged - kept;
  return {
    invariant: WAL_DURABILITY,
    event_index: recovered.eventIndex,
    message: `after ${recovered.what} under synchronous=${recovered.durability}: ${lost} of ${acknowledged} acknowledged write(s) since the last checkpoint were lost (the store recovered the first ${kept})`,
    expected: 'every acknowledged write',
    actual: `${lost} lost`,
  };
}
