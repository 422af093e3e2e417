/**
 * Executing an edited event list the way the original run executed it: the same config (from
 * the trace header) and the same injected parts (target, model, storage, fault handler) as
 * `runSeed` would use. Replay, the shrink oracle, bisect and emitted tests all run events
 * through here, so they cannot drift apart. `executeTraceSteps` is the paced form
 * (sim/pacing.ts) that the CLI's commands drive so a signal can stop them.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import { type Execution, executionSteps } from '../execute-events.ts';
import { finishNow, RunInterruptedError, type Steps } from '../pacing.ts';
import { executeOptionsFor, type SeedRunOptions } from '../run.ts';

/** The parts a caller may inject; everything else comes from the trace's config. */
export type TraceRunParts = Pick<
  SeedRunOptions,
  | 'targetFactory'
  | 'modelFactory'
  | 'storageFactory'
  | 'faultHandler'
  | 'opCatalogue'
  | 'logLevel'
  | 'logSink'
  | 'sessionsFactory'
>;

export function executeTraceSteps(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  parts: TraceRunParts = {},
): Steps<Execution> {
  const options: SeedRunOptions = { seed: BigInt(config.seed), ...parts };
  return executionSteps(config, events, executeOptionsFor(options));
}

export function executeTraceEvents(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  parts: TraceRunParts = {},
): Execution {
  return finishNow(executeTraceSteps(config, events, parts));
}

/**
 * One run of a computation made of many (a shrink oracle, a bisect probe): a run a signal
 * stopped says nothing about the events, so it unwinds the whole computation instead.
 */
export function* judgedRunSteps(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  parts: TraceRunParts = {},
): Steps<Execution> {
  const execution = yield* executeTraceSteps(config, events, parts);
  if (execution.stoppedBy !== null) throw new RunInterruptedError(execution.stoppedBy);
  return execution;
}
