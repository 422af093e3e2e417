/**
 * runSteps: what an emitted regression test calls. It numbers the steps, executes them on the
 * real redlite (or an injected target) with the world config the test embeds, and returns the
 * failure, if any. The test then asserts that there is none.
 */
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { PendingEvent } from '../events.ts';
import type { RunFailure } from '../run-types.ts';
import { executeTraceEvents, type TraceRunParts } from './execute-trace.ts';
import { toEvents } from './steps.ts';

export interface StepsResult {
  failure: RunFailure | null;
  events: number;
}

export function runSteps(
  config: object,
  steps: readonly PendingEvent[],
  parts: TraceRunParts = {},
): StepsResult {
  const world = config as WorldConfig;
  const execution = executeTraceEvents(world, toEvents(steps, world.epochMs), parts);
  return { failure: execution.failure, events: execution.events };
}
