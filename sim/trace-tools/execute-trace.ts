/**
 * Executing an edited event list the way the original run executed it: the same config (from
 * the trace header) and the same injected parts (target, model, storage, fault handler) as
 * `runSeed` would use. Replay, the shrink oracle, bisect and emitted tests all run events
 * through here, so they cannot drift apart.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import { type Execution, executeEvents } from '../execute-events.ts';
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
>;

export function executeTraceEvents(
  config: WorldConfig,
  events: Iterable<SimEvent>,
  parts: TraceRunParts = {},
): Execution {
  const options: SeedRunOptions = { seed: BigInt(config.seed), ...parts };
  return executeEvents(config, events, executeOptionsFor(options));
}
