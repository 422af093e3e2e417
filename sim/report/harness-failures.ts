/**
 * Tells findings from harness failures. A finding is redlite breaking an invariant; a harness
 * failure is the tool failing to judge a seed: its worker died, it hung past --seed-timeout,
 * or the simulator threw (docs/architecture.md, principle 9). Both fail the seed, but only
 * findings say anything about redlite, so the reports show and chart them apart.
 */
import type { FailureKind, FailureRecord, Signature } from './types.ts';

const HARNESS_KINDS: ReadonlySet<FailureKind> = new Set(['worker-died', 'hang', 'simulator-error']);

/** The invariant names the sweep gives harness failures (Sweep.ts, seed-outcome.ts). */
const HARNESS_INVARIANTS: ReadonlySet<string> = new Set(['worker-died', 'seed-timeout', 'simulator-error']);

export function isHarnessFailure(failure: FailureRecord): boolean {
  return HARNESS_KINDS.has(failure.kind);
}

export function isHarnessSignature(signature: Signature): boolean {
  return HARNESS_INVARIANTS.has(signature.invariant);
}
