/**
 * wal_durability: with --strict-durability, a recovery that keeps fewer than all acknowledged
 * writes fails the run, whatever the durability mode; this is how a seed shows that
 * synchronous=normal loses acknowledged writes. Rot in a WAL frame, or a power loss that may
 * misplace sectors, excuses the loss: recovery then stops early on any database, so the loss
 * says nothing about the durability mode.
 *
 * It judges only how many writes were lost, from facts the fault driver hands it after the
 * recovery search settled on a prefix. Whether the recovered state is a prefix at all, and
 * never a mix, is crash_recovery_consistent's question. Without --strict-durability the
 * search itself allows losses back to the last sync only, so a deeper loss fails there.
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
  /** Acknowledged writes since the last checkpoint. */
  readonly acknowledged: number;
  /** How many of them the recovered state holds. */
  readonly kept: number;
  /** A WAL frame rotted earlier in the run (the rot stays on the platter). */
  readonly walRotted: boolean;
  /** The power loss could land unsynced sectors at wrong offsets. */
  readonly mayMisplaceSectors: boolean;
}

/** The failure when the lost writes break the invariant, or null. */
export function walDurabilityVerdict(recovered: PrefixRecovered): RunFailure | null {
  if (!recovered.strictDurability || recovered.walRotted || recovered.mayMisplaceSectors) return null;
  const { acknowledged, kept } = recovered;
  const lost = acknowledged - kept;
  return {
    invariant: WAL_DURABILITY,
    event_index: recovered.eventIndex,
    message: `after ${recovered.what} under synchronous=${recovered.durability}: ${lost} of ${acknowledged} acknowledged write(s) since the last checkpoint were lost (the store recovered the first ${kept})`,
    expected: 'every acknowledged write',
    actual: `${lost} lost`,
  };
}
