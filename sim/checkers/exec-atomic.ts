/**
 * exec_atomic: no client observes part of an EXEC. Checked two ways: an EXEC that runs answers
 * one reply per queued command, all or none (a shorter or longer array means the target ran
 * part of the queue); and after a crash inside an EXEC, the recovered store must hold the whole
 * transaction or none of it, never a prefix of its commands (the fault driver asks
 * `partialExecVerdict` before it reports an unexplained recovery, so the finding names this
 * invariant).
 *
 * Leaves out what each queued command answers (reply_matches_model judges the elements) and
 * interleaving by other clients, which one simulated process cannot show: commands run one at
 * a time, so a part of an EXEC is only ever visible after a crash cut it.
 */
import type { Reply } from '../../redlite/reply.ts';

export const EXEC_ATOMIC = 'exec_atomic';

/** The EXEC reply's shape against the queue the model ran; null when it is whole. */
export function execReplyVerdict(queued: number, actual: Reply, expected: Reply): string | null {
  if (expected.type !== 'array' || expected.value === null) return null;
  if (actual.type !== 'array' || actual.value === null) return null;
  if (actual.value.length === queued) return null;
  return `EXEC answered ${actual.value.length} replies for ${queued} queued commands: part of the transaction ran`;
}

/** After a crash: the store matched a state with only the first `applied` of `queued` commands. */
export function partialExecVerdict(applied: number, queued: number): string {
  return `after a crash inside EXEC the store holds the first ${applied} of its ${queued} queued commands: a part of the transaction survived`;
}
