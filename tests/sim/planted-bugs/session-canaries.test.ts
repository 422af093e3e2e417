/**
 * The planted session bugs (sim/planted-bugs/broken-sessions.ts) are caught within 300 seeds
 * of their scenario, with the invariant that names them, and each failing run shrinks to at
 * most 20 events that still fail the same way on the broken target and pass on the real one.
 */
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../../redlite/index.ts';
import {
  execCommitsEachRedlite,
  halfMultiOnDropSessions,
  newestWaiterFirstSessions,
  watchMissesDeletionSessions,
} from '../../../sim/planted-bugs/broken-sessions.ts';
import { runWorld, type SeedRunOptions, type WorldRun } from '../../../sim/run.ts';
import { ShrinkBudget } from '../../../sim/trace-tools/budget.ts';
import { executeTraceEvents, type TraceRunParts } from '../../../sim/trace-tools/execute-trace.ts';
import { shrinkTrace } from '../../../sim/trace-tools/shrink-trace.ts';

const SEEDS_MAX = 300;
const EVENTS_MAX = 20;

interface Canary {
  readonly name: string;
  readonly scenario: string;
  /** The invariants a catch may name: the bug's own, and the generic ones that see its effect. */
  readonly invariants: readonly string[];
  readonly parts: TraceRunParts;
}

const CANARIES: Canary[] = [
  {
    name: 'EXEC commits each queued command separately',
    scenario: 'transactions',
    invariants: ['exec_atomic'],
    parts: { targetFactory: (path, options) => execCommitsEachRedlite()(path, options as RedliteOptions) },
  },
  {
    name: 'WATCH misses deletions',
    scenario: 'transactions',
    invariants: ['watch_aborts_on_change'],
    parts: { sessionsFactory: watchMissesDeletionSessions },
  },
  {
    name: 'BLPOP serves the newest waiter first',
    scenario: 'blocking',
    invariants: ['blocked_served_fifo'],
    parts: { sessionsFactory: newestWaiterFirstSessions },
  },
  {
    name: 'a dropped connection leaves half a MULTI applied',
    scenario: 'transactions',
    // The half-run queue shows as writes the model never made: at the next read or state check.
    invariants: [
      'reply_matches_model',
      'state_matches_model',
      'set_get_roundtrip',
      'incr_monotonic',
      'list_order_preserved',
      'hash_fields_unique',
    ],
    parts: { sessionsFactory: halfMultiOnDropSessions },
  },
];

function firstCatch(canary: Canary): { seed: number; run: WorldRun } {
  for (let seed = 0; seed < SEEDS_MAX; seed++) {
    const options: SeedRunOptions = { seed: BigInt(seed), scenario: canary.scenario, ...canary.parts };
    const run = runWorld(options);
    if (run.result.failure !== null) return { seed, run };
  }
  throw new Error(`${canary.name}: not caught in ${SEEDS_MAX} seeds of ${canary.scenario}`);
}

describe.each(CANARIES)('canary: $name', (canary) => {
  it(`is caught within ${SEEDS_MAX} seeds and shrinks to <= ${EVENTS_MAX} events`, () => {
    const { seed, run } = firstCatch(canary);
    const invariant = run.result.failure!.invariant;
    expect(canary.invariants, `seed ${seed}`).toContain(invariant);
    const events = run.execution.recorder.events.map((entry) => entry.event);
    const budget = new ShrinkBudget({ runsMax: 4000, wallMsMax: 90_000 }, () => performance.now());
    const result = shrinkTrace(run.config, events, budget, canary.parts);
    expect(result.minimized.failure?.invariant).toBe(invariant);
    expect(result.outcome.events.length).toBeLessThanOrEqual(EVENTS_MAX);
    const again = executeTraceEvents(run.config, result.outcome.events, canary.parts);
    expect(again.failure?.invariant).toBe(invariant);
    const fixed = executeTraceEvents(run.config, result.outcome.events);
    expect(fixed.failure).toBeNull();
    console.log(
      `${canary.name}: caught at seed ${seed} (${invariant}), shrunk ${events.length} -> ${result.outcome.events.length} events`,
    );
  }, 600_000);
});
