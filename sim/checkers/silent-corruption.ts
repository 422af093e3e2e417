/**
 * silent_corruption: after a corruption fault (bit rot, a misplaced sector, a recovery adopted
 * because no allowed state explained it), a reply that differs from the model without being
 * an error. Rotted bytes may make keys answer errors; they must never make the store answer
 * wrong data, because an error is something a client can act on and wrong data is not.
 *
 * It judges single replies only, and only once corruption is possible; before that, a wrong
 * reply belongs to the op checkers. Which error replies corruption excuses, and which keys
 * later comparisons leave out, is CorruptionLedger's business: this file holds the verdict
 * that the ledger applies to every reply the world compares.
 */
import type { Reply } from '../../redlite/reply.ts';

export const SILENT_CORRUPTION = 'silent_corruption';

/** A message when `actual` breaks the invariant, or null (the op checkers then judge it). */
export function silentCorruptionVerdict(
  command: string,
  actual: Reply,
  equal: boolean,
  corruptionPossible: boolean,
): string | null {
  if (equal || !corruptionPossible || actual.type === 'error') return null;
  return `${command} answered differently from the model without an error after corruption`;
}
