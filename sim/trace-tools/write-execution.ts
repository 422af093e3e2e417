/**
 * Writes an execution (a replay, or a minimized trace's final run) as a trace file, with the
 * same header, event lines and outcome line as a run's `--trace`. An execution a signal stopped
 * is written with the events it ran and an `interrupted` outcome.
 */
import type { Execution } from '../execute-events.ts';
import type { TraceOutcome } from '../trace/format.ts';
import { writeTrace } from '../trace/trace-file.ts';

export function executionOutcome(execution: Execution): TraceOutcome {
  const interrupted = execution.failure === null && execution.stoppedBy !== null;
  return {
    outcome: interrupted ? 'interrupted' : execution.failure === null ? 'pass' : 'fail',
    events: execution.events,
    ops: execution.ops,
    virtual_ms: execution.virtualMs,
    trace_hash: execution.recorder.traceHash(),
    failure: execution.failure,
    complete: !interrupted,
    stopped_by: interrupted ? execution.stoppedBy : null,
  };
}

/** Writes the execution's trace, creating missing folders; throws OutputWriteError. */
export function writeExecutionTrace(path: string, execution: Execution): void {
  writeTrace(path, execution.recorder, executionOutcome(execution));
}
