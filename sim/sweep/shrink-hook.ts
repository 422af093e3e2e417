/**
 * `vopr sweep --shrink`: after the sweep, shrinks the kept trace of the first failure of each
 * signature (one minimal trace per bug is what a person reads; the rest are the same bug) with
 * the trace tools' shrinker, within a run and time budget per signature. Runs in the sweep's
 * own process, after the workers are gone.
 */
import { signatureOf } from '../report/signature.ts';
import { ShrinkBudget } from '../trace-tools/budget.ts';
import type { TraceRunParts } from '../trace-tools/execute-trace.ts';
import { loadTrace } from '../trace-tools/load-trace.ts';
import { shrinkTrace } from '../trace-tools/shrink-trace.ts';
import { writeExecutionTrace } from '../trace-tools/write-execution.ts';
import { wallNowMs } from '../wall-clock.ts';
import type { ShrinkHook } from './run-sweep.ts';

/** Per signature: oracle runs and wall time one shrink may spend. */
export const SWEEP_SHRINK_RUNS_MAX = 1000;
export const SWEEP_SHRINK_WALL_MS_MAX = 60_000;

export function traceShrinkHook(
  limits = { runsMax: SWEEP_SHRINK_RUNS_MAX, wallMsMax: SWEEP_SHRINK_WALL_MS_MAX },
  parts: TraceRunParts = {},
): ShrinkHook {
  const done = new Set<string>();
  return async (failure, outPath) => {
    const signature = signatureOf(failure.invariant, failure.command);
    if (failure.trace_path === null || done.has(signature)) return null;
    done.add(signature);
    const trace = loadTrace(failure.trace_path);
    const events = trace.events.map((entry) => entry.event);
    const result = shrinkTrace(trace.header.config, events, new ShrinkBudget(limits, wallNowMs), parts);
    writeExecutionTrace(outPath, result.minimized);
    return outPath;
  };
}
