/**
 * rot_detected: rot that reaches the store's pages while it runs must never make it answer
 * wrong data. It is a known weakness, demonstrated and documented. redlite checksums every row,
 * but a b-tree finds a row by the key part of its cell (an index entry's key, or a WITHOUT ROWID
 * row's key columns): rot there moves the entry to where lookups no longer find it, so a key
 * or an element vanishes, or a write creates a second copy of a key, with no error. redlite's
 * check at its next unclean open (redlite/open-check.ts) finds and refuses or repairs such
 * damage; until then it serves from the rotted pages.
 *
 * What it checks: a failure that follows rot which reached the running store (the page was
 * evicted from every cache and read back), while the store's own checks (integrity_check, rows
 * that belong to no key, rows failing their checksums: redlite/integrity.ts) find damage. Such
 * a failure is reported under this invariant with --strict-rot; otherwise the world halts
 * there, with the probe recovery.rot_excused, so that a default sweep stays green on the known
 * weakness and still counts how often it strikes.
 *
 * What it leaves out: rot the store met only at an open (the open check judges that), and any
 * failure while the store's checks find nothing, which stays the failure it is.
 */
import type { RunFailure } from '../run-types.ts';

export const ROT_DETECTED = 'rot_detected';

export type RotVerdict =
  | { readonly kind: 'not-rot' }
  | { readonly kind: 'excused'; readonly halt: string }
  | { readonly kind: 'failure'; readonly failure: RunFailure };

/**
 * Judges a failure that happened after rot reached the running store. `problems` are what the
 * store's own checks find now.
 */
export function rotVerdict(failure: RunFailure, problems: readonly string[], strictRot: boolean): RotVerdict {
  const first = problems[0];
  if (first === undefined) return { kind: 'not-rot' };
  if (!strictRot) {
    return {
      kind: 'excused',
      halt: `rot in the running store made it answer without an error (${failure.invariant} at event ${failure.event_index}: ${failure.message}); the store's own check finds: ${first}. A known redlite weakness: --strict-rot fails it`,
    };
  }
  return {
    kind: 'failure',
    failure: {
      ...failure,
      invariant: ROT_DETECTED,
      message: `after rot reached the running store, ${failure.invariant}: ${failure.message} (the store's check finds: ${first})`,
    },
  };
}
