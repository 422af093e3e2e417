/**
 * index_rot_detected: a rotted index must never make redlite answer wrong data. It is a known
 * weakness, demonstrated and documented: redlite checksums every row, but an index entry only
 * points at a row, so rot in a secondary index (the keys table's unique index, its expiry
 * index, the sorted-set score index) can hide a key or a member, or let a write create a
 * second copy of a key, with no error. redlite rebuilds such an index at its next unclean open
 * (redlite/open-check.ts); until then it serves from the rotted one.
 *
 * What it checks: a failure that follows rot which reached the store while it ran (the page
 * was evicted and read back) on a page of a secondary index, while the store's own
 * integrity_check names an index problem. Such a failure is reported under this invariant
 * with --strict-rot; otherwise the world halts there, with the probe
 * recovery.index_rot_excused, so that a default sweep stays green on the known weakness and
 * still counts how often it strikes.
 *
 * What it leaves out: rot anywhere else (rows are checksummed; tables and WAL frames have
 * their own checks), and any failure without an index problem in the store's integrity check,
 * which stays the failure it is.
 */
import type { RunFailure } from '../run-types.ts';

export const INDEX_ROT_DETECTED = 'index_rot_detected';

/** The integrity_check lines that say an index disagrees with its table or is itself damaged. */
const INDEX_PROBLEM = /\bindex\b/;

export type IndexRotVerdict =
  | { readonly kind: 'not-index-rot' }
  | { readonly kind: 'excused'; readonly halt: string }
  | { readonly kind: 'failure'; readonly failure: RunFailure };

/**
 * Judges a failure that happened after rot reached a secondary index page. `problems` are the
 * store's integrity_check findings now.
 */
export function indexRotVerdict(
  failure: RunFailure,
  problems: readonly string[],
  strictRot: boolean,
): IndexRotVerdict {
  const named = problems.find((line) => INDEX_PROBLEM.test(line));
  if (named === undefined) return { kind: 'not-index-rot' };
  if (!strictRot) {
    return {
      kind: 'excused',
      halt: `a rotted index made the store answer without an error (${failure.invariant} at event ${failure.event_index}: ${failure.message}); the store's integrity check says: ${named}. A known redlite weakness: --strict-rot fails it`,
    };
  }
  return {
    kind: 'failure',
    failure: {
      ...failure,
      invariant: INDEX_ROT_DETECTED,
      message: `after rot in an index, ${failure.invariant}: ${failure.message} (integrity check: ${named})`,
    },
  };
}
