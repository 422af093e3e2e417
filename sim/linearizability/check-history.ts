/**
 * checkHistory: the checker's entry point. It validates the history, splits it into partitions
 * by key (partition-history.ts), searches each one within its own budget (search.ts), and
 * combines the verdicts: any partition that is not linearizable makes the history not
 * linearizable, and the smallest such partition is explained (explain-failure.ts, timeline.ts);
 * otherwise any partition left undecided makes it `unknown`; otherwise it is linearizable.
 *
 * The verdict is a function of the history and the limits, unless a wall-clock budget is given
 * (`nowMs`), which the CLI may do and a simulated world must not.
 */
import { finishNow, type Steps } from '../pacing.ts';
import { SearchBudget } from './budget.ts';
import { explainFailure, type FailureExplanation } from './explain-failure.ts';
import { type History, validateHistory } from './history.ts';
import { type CheckLimits, checkLimits } from './limits.ts';
import { type Partition, partitionHistory } from './partition-history.ts';
import { type SearchResult, searchPartitionSteps, type Verdict } from './search.ts';
import { type Timeline, timelineOf } from './timeline.ts';

export interface CheckOptions {
  readonly limits?: Partial<CheckLimits>;
  /** A wall clock in ms, needed only for `limits.wallMsMax`. */
  readonly nowMs?: () => number;
}

export interface PartitionSummary {
  readonly index: number;
  readonly keys: readonly string[];
  readonly ops: number;
  readonly verdict: Verdict;
  readonly unknownReason: string | null;
  readonly steps: number;
  readonly statesExplored: number;
}

export interface CheckReport {
  readonly verdict: Verdict;
  /** Operations judged (those with status `fail` are not). */
  readonly ops: number;
  readonly partitions: readonly PartitionSummary[];
  /** For `not-linearizable`: the smallest failing partition, explained. */
  readonly failure: FailureExplanation | null;
  readonly timeline: Timeline | null;
}

export function checkHistory(history: History, options: CheckOptions = {}): CheckReport {
  return finishNow(checkHistorySteps(history, options));
}

/**
 * checkHistory as paced steps (sim/pacing.ts): it pauses inside each partition's search, and a
 * stop reason sent back at a pause ends it with RunInterruptedError.
 */
export function* checkHistorySteps(history: History, options: CheckOptions = {}): Steps<CheckReport> {
  validateHistory(history);
  const limits = checkLimits(options.limits);
  const partitions = partitionHistory(history);
  const summaries: PartitionSummary[] = [];
  let smallest: { partition: Partition; result: SearchResult } | null = null;
  for (const partition of partitions) {
    const budget = new SearchBudget(limits, options.nowMs ?? null);
    const result = yield* searchPartitionSteps(partition, limits, budget);
    summaries.push({
      index: partition.index,
      keys: partition.keys,
      ops: partition.ops.length,
      verdict: result.verdict,
      unknownReason: result.unknownReason,
      steps: result.steps,
      statesExplored: result.statesExplored,
    });
    if (result.verdict !== 'not-linearizable') continue;
    if (smallest === null || partition.ops.length < smallest.partition.ops.length)
      smallest = { partition, result };
  }
  const failure = smallest === null ? null : explainFailure(smallest.partition, smallest.result);
  return {
    verdict: combinedVerdict(summaries),
    ops: partitions.reduce((sum, partition) => sum + partition.ops.length, 0),
    partitions: summaries,
    failure,
    timeline: failure === null ? null : timelineOf(failure),
  };
}

function combinedVerdict(summaries: readonly PartitionSummary[]): Verdict {
  if (summaries.some((summary) => summary.verdict === 'not-linearizable')) return 'not-linearizable';
  if (summaries.some((summary) => summary.verdict === 'unknown')) return 'unknown';
  return 'linearizable';
}
