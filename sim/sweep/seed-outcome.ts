/**
 * Turns what came back for one seed (a RunResult, a thrown error, or nothing because the
 * worker died or hung) into the report's records: one SeedRecord for every seed, and a
 * FailureRecord for a seed that did not pass.
 */
import type { WorldOptions } from '../config/world-flags.ts';
import { replayCommand } from '../replay-command.ts';
import type { FailureKind, FailureRecord, SeedRecord } from '../report/types.ts';
import type { ErrorMessage, ResultMessage } from './protocol.ts';
import type { PlannedSeed } from './SeedPlan.ts';

export interface SeedOutcome {
  record: SeedRecord;
  failure: FailureRecord | null;
  /** The worker's resident set size after the seed, or null when the worker did not survive it. */
  rssBytes: number | null;
  workerId: number;
}

/** A seed whose scenario the seed itself picks is unknown when the run never reported. */
export const UNKNOWN_SCENARIO = 'unknown';

function blankFailure(
  held: PlannedSeed,
  scenario: string,
): Omit<FailureRecord, 'kind' | 'invariant' | 'message' | 'replay'> {
  return {
    seed: held.seed.toString(),
    index: held.index,
    scenario,
    command: null,
    event_index: null,
    expected: null,
    actual: null,
    trace_path: null,
    shrunk_trace_path: null,
    nondeterminism: null,
    timeline: null,
  };
}

export function outcomeOfResult(
  held: PlannedSeed,
  message: ResultMessage,
  world: WorldOptions,
  workerId: number,
): SeedOutcome {
  const run = message.seed;
  const record: SeedRecord = {
    index: held.index,
    seed: held.seed.toString(),
    scenario: run.scenario,
    result: run.result,
    ops: run.ops,
    virtual_ms: run.virtual_ms,
    wall_ms: run.wall_ms,
    trace_hash: run.trace_hash,
  };
  let failure: FailureRecord | null = null;
  if (run.result === 'fail') {
    const failed = message.failed;
    const found = failed?.failure ?? null;
    failure = {
      ...blankFailure(held, run.scenario),
      kind: 'invariant',
      invariant: found?.invariant ?? 'unreported',
      message: found?.message ?? 'the run failed without a failure record',
      command: found?.command ?? null,
      event_index: found?.event_index ?? null,
      expected: found?.expected ?? null,
      actual: found?.actual ?? null,
      trace_path: failed?.tracePath ?? null,
      replay: failed?.replay || replayCommand(record.seed, world),
      nondeterminism: failed?.nondeterminism ?? null,
    };
  }
  return { record, failure, rssBytes: message.rssBytes, workerId };
}

export function outcomeOfError(
  held: PlannedSeed,
  message: ErrorMessage,
  world: WorldOptions,
  workerId: number,
): SeedOutcome {
  const outcome = unfinishedOutcome(held, world, workerId, {
    kind: 'simulator-error',
    invariant: 'simulator-error',
    message: message.message,
    replay: replayCommand(held.seed.toString(), world),
  });
  return { ...outcome, rssBytes: message.rssBytes };
}

/** A seed that produced no RunResult: its worker died, it hung, or runSeed threw. */
export function unfinishedOutcome(
  held: PlannedSeed,
  world: WorldOptions,
  workerId: number,
  how: { kind: FailureKind; invariant: string; message: string; replay: string },
): SeedOutcome {
  const scenario = world.scenario ?? UNKNOWN_SCENARIO;
  const record: SeedRecord = {
    index: held.index,
    seed: held.seed.toString(),
    scenario,
    result: 'fail',
    ops: 0,
    virtual_ms: 0,
    wall_ms: 0,
    trace_hash: null,
  };
  return {
    record,
    failure: { ...blankFailure(held, scenario), ...how },
    rssBytes: null,
    workerId,
  };
}
