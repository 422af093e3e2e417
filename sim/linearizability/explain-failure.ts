/**
 * Why a partition is not linearizable, in terms a reader can check by hand: the longest
 * linearizable prefix the search explored, the operation that could not be placed after it (the
 * one whose return came first among those left: it had to be linearized before returning and
 * could not be), and, for it and for every other operation that could have come next, the
 * replies the model would have given at the times the search tried.
 *
 * The prefix is the most operations linearized on any explored path, not a unique answer: other
 * paths of the same length may exist. It covers the explanation's data; text and time line are
 * report-lines.ts and timeline.ts.
 */
import type { Reply } from '../../redlite/reply.ts';
import { encodeResp2 } from '../../redlite/resp.ts';
import type { HistoryOp } from './history.ts';
import type { Partition } from './partition-history.ts';
import type { LinearizedStep, SearchResult } from './search.ts';

export interface TriedReply {
  readonly atMs: number;
  readonly reply: Reply;
  readonly matches: boolean;
}

export interface NextCandidate {
  readonly op: HistoryOp;
  /** Distinct model replies at the times tried, earliest time first. */
  readonly tried: readonly TriedReply[];
}

export interface FailureExplanation {
  readonly partition: Partition;
  readonly longestPrefix: readonly LinearizedStep[];
  /** The operation that could not be placed after the prefix. */
  readonly blocked: HistoryOp;
  /** The blocked operation first, then the others that could have come next. */
  readonly candidates: readonly NextCandidate[];
}

export class ExplainError extends Error {
  constructor(partitionIndex: number, reason: string) {
    super(`explaining partition ${partitionIndex}: ${reason}`);
    this.name = 'ExplainError';
  }
}

export function explainFailure(partition: Partition, result: SearchResult): FailureExplanation {
  const placed = new Set(result.path.map((step) => step.op.id));
  const left = partition.ops.filter((op) => !placed.has(op.id));
  let blocked: HistoryOp | null = null;
  for (const op of left) {
    if (op.returnMs === null) continue;
    if (blocked === null || op.returnMs < (blocked.returnMs as number)) blocked = op;
  }
  if (blocked === null) throw new ExplainError(partition.index, 'every returned operation was placed');
  const blockedReturnMs = blocked.returnMs as number;
  const next = left.filter((op) => op.invokeMs <= blockedReturnMs);
  next.sort(
    (a, b) => Number(b === blocked) - Number(a === blocked) || a.invokeMs - b.invokeMs || a.id - b.id,
  );
  const candidates = next.map((op) => {
    const window = {
      loMs: Math.max(op.invokeMs, result.pathEnd.atMs),
      hiMs: Math.min(op.returnMs ?? Number.POSITIVE_INFINITY, blockedReturnMs),
    };
    if (window.loMs > window.hiMs || op.lossFromMs !== undefined) return { op, tried: [] };
    const { outcomes } = result.model.outcomes(result.pathEnd, op, window);
    const tried: TriedReply[] = [];
    const seen = new Set<string>();
    for (const outcome of outcomes) {
      const text = encodeResp2(outcome.reply).toString('latin1');
      if (seen.has(text)) continue;
      seen.add(text);
      tried.push({ atMs: outcome.atMs, reply: outcome.reply, matches: outcome.matches });
    }
    return { op, tried };
  });
  return { partition, longestPrefix: result.path, blocked, candidates };
}
