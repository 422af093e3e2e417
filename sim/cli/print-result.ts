/**
 * The human end of a run: a one-line summary (ops, virtual time, wall time, and how much faster
 * than real time the world ran) and, on failure, the report: the invariant, the failing op with
 * expected and actual replies, the last events, and the command that replays it. A run that
 * ended before its ops without a failure is never called a plain PASS: its summary says
 * INCOMPLETE or INTERRUPTED, and one more line says how far it got and why it stopped.
 */

import { formatDurationMs } from '../duration.ts';
import { eventReportLine, failureLines } from '../failure-lines.ts';
import { type RunResult, STOPPED_BY_HALT } from '../run-types.ts';
import type { TracedEvent } from '../trace/format.ts';

const TAIL_EVENTS = 20;

function seconds(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

export function summaryLine(result: RunResult): string {
  const ratio =
    result.wall_ms > 0 ? `${(result.virtual_ms / result.wall_ms).toFixed(1)}x real time` : 'instant';
  const verdict =
    result.result === 'fail'
      ? 'FAIL'
      : result.complete === false
        ? result.stopped_by === 'virtualMsMax'
          ? 'INCOMPLETE'
          : result.stopped_by === STOPPED_BY_HALT
            ? 'HALTED'
            : 'INTERRUPTED'
        : 'PASS';
  return (
    `${verdict}  ${result.ops} ops, ${result.events} events  virtual ${seconds(result.virtual_ms)}  ` +
    `wall ${seconds(result.wall_ms)} (${ratio})  trace ${result.trace_hash.slice(0, 16)}`
  );
}

/** For a run that stopped early without a failure, the line that says so; null otherwise. */
export function incompleteLine(result: RunResult, virtualMsMax: number): string | null {
  if (result.complete !== false) return null;
  const asked = result.ops_asked ?? result.ops;
  const reached = `after ${result.ops} of the ${asked} ops asked`;
  if (result.stopped_by === 'virtualMsMax')
    return (
      `incomplete: the world's virtual time limit (virtualMsMax, ${formatDurationMs(virtualMsMax)}) ran out ${reached}; ` +
      'no failure in the ops that ran, but this is not a pass of the run asked for'
    );
  if (result.stopped_by === STOPPED_BY_HALT)
    return (
      `halted ${reached}: ${result.halt ?? 'redlite refused to go on'}; ` +
      'no failure in the ops that ran, but the rest of the world could not run'
    );
  const signal = result.stopped_by ?? 'a signal';
  // Every op ran: the stop came before the end-of-world check finished (a long linearizability
  // search, with several processes), so that check gave no verdict.
  if (result.ops >= asked)
    return `interrupted by ${signal} after all ${asked} ops asked, before the final check finished; no failure in the ops that ran`;
  return `interrupted by ${signal} ${reached}; no failure in the ops that ran`;
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
