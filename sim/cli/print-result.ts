/**
 * The human end of a run: a one-line summary (ops, virtual time, wall time, and how much faster
 * than real time the world ran) and, on failure, the report: the invariant, the failing op with
 * expected and actual replies, the last events, and the command that replays it.
 */

import { eventReportLine, failureLines } from '../failure-lines.ts';
import type { RunResult } from '../run-types.ts';
import type { TracedEvent } from '../trace/format.ts';

const TAIL_EVENTS = 20;

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

export function summaryLine(result: RunResult): string {
  const ratio =
    result.wall_ms > 0 ? `${(result.virtual_ms / result.wall_ms).toFixed(1)}x real time` : 'instant';
  const verdict = result.result === 'pass' ? 'PASS' : 'FAIL';
  return (
    `${verdict}  ${result.ops} ops, ${result.events} events  virtual ${seconds(result.virtual_ms)}  ` +
    `wall ${seconds(result.wall_ms)} (${ratio})  trace ${result.trace_hash.slice(0, 16)}`
  );
}

/** The failure report of `vopr run`: the failure, the last events before it, and its replay command. */
export function failureReportLines(
  result: RunResult,
  tail: readonly TracedEvent[],
  epochMs: number,
): string[] {
  const failure = result.failure;
  if (failure === null) return [];
  const lines = failureLines(failure);
  lines.push(`last ${Math.min(TAIL_EVENTS, tail.length)} events:`);
  for (const traced of tail.slice(-TAIL_EVENTS)) lines.push(`  ${eventReportLine(traced, epochMs)}`);
  lines.push(`replay: ${result.replay}`);
  return lines;
}
