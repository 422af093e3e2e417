/**
 * The checker's report as one JSON object (what `vopr check-history --json` prints last): the
 * verdict and totals, each undecided partition with its reason, and for a failure the smallest
 * failing partition with its longest linearizable prefix, the blocked operation, the replies
 * the model would have given, and the time line's data. Replies use the trace's JSON forms.
 */
import { encodeReply } from '../trace/json-codec.ts';
import type { CheckReport } from './check-history.ts';
import type { FailureExplanation } from './explain-failure.ts';

export function reportJson(report: CheckReport): Record<string, unknown> {
  return {
    verdict: report.verdict,
    ops: report.ops,
    partitions: report.partitions.length,
    steps: report.partitions.reduce((sum, partition) => sum + partition.steps, 0),
    states_explored: report.partitions.reduce((sum, partition) => sum + partition.statesExplored, 0),
    undecided: report.partitions
      .filter((partition) => partition.verdict === 'unknown')
      .map((partition) => ({
        partition: partition.index,
        keys: partition.keys,
        ops: partition.ops,
        reason: partition.unknownReason,
      })),
    failure: report.failure === null ? null : failureJson(report.failure),
    timeline: report.timeline,
  };
}

function failureJson(failure: FailureExplanation): Record<string, unknown> {
  return {
    partition: failure.partition.index,
    keys: failure.partition.keys,
    ops: failure.partition.ops.length,
    longest_prefix: failure.longestPrefix.map((step) => ({ id: step.op.id, at_ms: step.atMs })),
    blocked: failure.blocked.id,
    candidates: failure.candidates.map((candidate) => ({
      id: candidate.op.id,
      tried: candidate.tried.map((tried) => ({
        at_ms: tried.atMs,
        reply: encodeReply(tried.reply),
        matches: tried.matches,
      })),
    })),
  };
}
