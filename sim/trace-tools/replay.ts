/**
 * Replay: re-executes a trace's events and says whether the recorded outcome came back. The
 * verdict is one of: reproduced (same outcome, same trace hash), "did not reproduce: passed",
 * or "failed differently" (another invariant or event, or the same outcome with a different
 * hash, such as after a change in redlite's replies). The exit status follows the run's own
 * result, pass or fail, so `git bisect run bin/vopr replay <trace>` works.
 *
 * A recording a signal stopped (outcome `interrupted`) replays its events and ends with the
 * final state comparison the recording never reached; the summary says so. `replaySteps` is the
 * paced form the CLI drives (sim/pacing.ts); a replay a signal stops has `execution.stoppedBy`.
 */

import type { Execution } from '../execute-events.ts';
import { finishNow, type Steps } from '../pacing.ts';
import type { RunFailure } from '../run-types.ts';
import type { TracedEvent, TraceOutcome } from '../trace/format.ts';
import type { ParsedTrace } from '../trace/trace-file.ts';
import { executeTraceSteps, type TraceRunParts } from './execute-trace.ts';

export type ReplayVerdict = 'reproduced' | 'did-not-reproduce' | 'failed-differently' | 'no-recorded-outcome';

export interface ReplayReport {
  verdict: ReplayVerdict;
  /** One line for people: what happened compared with the recording. */
  summary: string;
  execution: Execution;
  traceHash: string;
  recorded: TraceOutcome | null;
}

export function describeFailure(failure: RunFailure): string {
  return `${failure.invariant} at event ${failure.event_index}: ${failure.message}`;
}

function sameFailure(a: RunFailure | null, b: RunFailure | null): boolean {
  if (a === null || b === null) return a === b;
  return a.invariant === b.invariant && a.event_index === b.event_index;
}

export function judgeReplay(
  recorded: TraceOutcome | null,
  execution: Execution,
  traceHash: string,
): ReplayReport {
  const base = { execution, traceHash, recorded };
  const now = execution.failure;
  if (recorded === null) {
    const summary = `no recorded outcome to compare; this run ${now === null ? 'passed' : `failed: ${describeFailure(now)}`}`;
    return { ...base, verdict: 'no-recorded-outcome', summary };
  }
  const then = recorded.failure;
  if (then !== null && now === null)
    return { ...base, verdict: 'did-not-reproduce', summary: 'did not reproduce: passed' };
  if (!sameFailure(then, now)) {
    const was = then === null ? 'passed' : describeFailure(then);
    const is = now === null ? 'passed' : describeFailure(now);
    return {
      ...base,
      verdict: 'failed-differently',
      summary: `failed differently: recorded ${was}; now ${is}`,
    };
  }
  if (recorded.trace_hash !== traceHash) {
    return {
      ...base,
      verdict: 'failed-differently',
      summary: `${now === null ? 'passed' : 'failed'} as recorded, but the trace hash differs (recorded ${recorded.trace_hash}, now ${traceHash}): replies changed`,
    };
  }
  const summary =
    now === null ? `reproduced: passed, trace hash ${traceHash}` : `reproduced: ${describeFailure(now)}`;
  const note =
    recorded.outcome === 'interrupted'
      ? ` (the recording was interrupted by ${recorded.stopped_by ?? 'a signal'} after ${recorded.events} events)`
      : '';
  return { ...base, verdict: 'reproduced', summary: `${summary}${note}` };
}

export function eventsOf(traced: readonly TracedEvent[]) {
  return traced.map((entry) => entry.event);
}

export function* replaySteps(trace: ParsedTrace, parts: TraceRunParts = {}): Steps<ReplayReport> {
  const execution = yield* executeTraceSteps(trace.header.config, eventsOf(trace.events), parts);
  return judgeReplay(trace.outcome, execution, execution.recorder.traceHash());
}

export function replayTrace(trace: ParsedTrace, parts: TraceRunParts = {}): ReplayReport {
  return finishNow(replaySteps(trace, parts));
}
