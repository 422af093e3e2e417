/**
 * The checker's report as text lines: the verdict first, then for a failure the smallest
 * failing partition (its longest linearizable prefix, the operation that could not be placed
 * and what the model would have answered, the operations that could have come next, the time
 * line), and for `unknown` which partitions were left undecided and why. The JSON form is
 * report-json.ts.
 */
import { formatReply } from '../format-reply.ts';
import type { CheckReport } from './check-history.ts';
import type { FailureExplanation, NextCandidate } from './explain-failure.ts';
import { opText } from './history.ts';
import { timelineLines } from './timeline.ts';

/** Keys named in a partition's heading before "and N more". */
const KEYS_SHOWN_MAX = 6;
/** Replies listed per candidate operation. */
const TRIED_SHOWN_MAX = 6;

export function reportLines(report: CheckReport): string[] {
  const steps = report.partitions.reduce((sum, partition) => sum + partition.steps, 0);
  const states = report.partitions.reduce((sum, partition) => sum + partition.statesExplored, 0);
  const totals = `${plural(report.ops, 'operation')} in ${plural(report.partitions.length, 'partition')}; ${plural(steps, 'model step')}, ${plural(states, 'state')}`;
  if (report.verdict === 'linearizable') return [`linearizable: ${totals}`];
  if (report.verdict === 'not-linearizable' && report.failure !== null) {
    return [`NOT linearizable: ${totals}`, ...failureLines(report.failure), ...timelineText(report)];
  }
  const undecided = report.partitions.filter((partition) => partition.verdict === 'unknown');
  return [
    `UNKNOWN (could not decide): ${undecided.length} of ${report.partitions.length} partitions undecided; ${totals}`,
    ...undecided.map(
      (partition) =>
        `  ${heading(partition.index, partition.keys, partition.ops)}: ${partition.unknownReason}`,
    ),
    '  no partition was found not linearizable; raise the budget to decide the rest',
  ];
}

export function heading(index: number, keys: readonly string[], ops: number): string {
  const shown = keys.slice(0, KEYS_SHOWN_MAX).join(', ');
  const more = keys.length > KEYS_SHOWN_MAX ? ` and ${keys.length - KEYS_SHOWN_MAX} more` : '';
  const keyText = keys.length === 0 ? 'no key' : `keys ${shown}${more}`;
  return `partition ${index} (${keyText}; ${ops} operations)`;
}

function failureLines(failure: FailureExplanation): string[] {
  const partition = failure.partition;
  const lines = [
    `smallest failing ${heading(partition.index, partition.keys, partition.ops.length)} has no linearization`,
    `  longest linearizable prefix: ${failure.longestPrefix.length} of ${partition.ops.length} operations`,
  ];
  const [blocked, ...others] = failure.candidates;
  if (blocked !== undefined) {
    lines.push(`  after it, ${opLabel(blocked)} could not be placed; the model would answer:`);
    lines.push(...triedLines(blocked));
  }
  if (others.length > 0) {
    lines.push('  operations that could have come next instead:');
    for (const candidate of others) lines.push(`    ${opLabel(candidate)}`, ...triedLines(candidate, '  '));
  }
  return lines;
}

function opLabel(candidate: NextCandidate): string {
  const op = candidate.op;
  const observed = op.reply === null ? 'never returned' : `replied ${formatReply(op.reply)}`;
  const end = op.returnMs === null ? '' : `..${op.returnMs}`;
  return `#${op.id} (p${op.process}, ${op.invokeMs}${end} ms) ${opText(op)}, which ${observed}`;
}

function triedLines(candidate: NextCandidate, indent = ''): string[] {
  if (candidate.tried.length === 0) return [`${indent}    (no time left in its interval)`];
  const lines = candidate.tried
    .slice(0, TRIED_SHOWN_MAX)
    .map(
      (tried) =>
        `${indent}    at ${tried.atMs} ms: ${formatReply(tried.reply)}${tried.matches ? ' (matches; its paths were explored)' : ''}`,
    );
  if (candidate.tried.length > TRIED_SHOWN_MAX)
    lines.push(`${indent}    ... and ${candidate.tried.length - TRIED_SHOWN_MAX} more`);
  return lines;
}

function timelineText(report: CheckReport): string[] {
  return report.timeline === null ? [] : timelineLines(report.timeline);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
