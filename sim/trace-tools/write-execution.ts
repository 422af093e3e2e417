/**
 * Writes an execution (a replay, or a minimized trace's final run) as a trace file, with the
 * same header, event lines and outcome line as a run's `--trace`.
 */
import type { Execution } from '../execute-events.ts';
import type { TraceOutcome } from '../trace/format.ts';
import { writeTrace } from '../trace/trace-file.ts';

export function executionOutcome(execution: Execution): TraceOutcome {
  return {
    outcome: execution.failure === null ? 'pass' : 'fail',
    events: execution.events,
    ops: execution.ops,
    virtual_ms: execution.virtualMs,
    trace_hash: execution.recorder.traceHash(),
    failure: execution.failure,
  };
}

export function writeExecutionTrace(path: string, execution: Execution): void {
  writeTrace(path, execution.recorder, executionOutcome(execution));
}
