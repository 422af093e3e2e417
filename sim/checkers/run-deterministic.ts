/**
 * run_deterministic: one seed is one world. Two runs of the same seed and options must give
 * the same trace hash; `vopr run --check-determinism` and the determinism tests apply this.
 * It compares hashes only: the first differing event is for `vopr replay` to find.
 */
export const RUN_DETERMINISTIC = 'run_deterministic';

export function compareRuns(first: { trace_hash: string }, second: { trace_hash: string }): string | null {
  if (first.trace_hash === second.trace_hash) return null;
  return `two runs of one seed gave different trace hashes: ${first.trace_hash} and ${second.trace_hash}`;
}
