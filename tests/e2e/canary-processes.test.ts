/**
 * The planted races (sim/planted-bugs/racy-redlite.ts) against the `processes` scenario: each
 * must be caught within 300 seeds and shrink to at most 20 events. Being caught is judged
 * against real redlite, which has known findings of its own across processes (README,
 * "Several processes"): the seed must pass with real redlite, and so must the shrunk trace,
 * while the planted race still fails it, so the failure is the race's and nothing else's.
 *
 * Each canary's seed is the first of a sweep from seed 0, at OPS ops a world, where it fails
 * while real redlite passes; a change of the scenario or of the switch draws moves it, and this
 * test then says so (sweep again from 0 and pin the new seed).
 */
import { describe, expect, it } from 'vitest';
import { LINEARIZABLE } from '../../sim/checkers/linearizable.ts';
import type { RedliteFactory } from '../../sim/planted-bugs/broken-redlite.ts';
import {
  incrReadThenWriteRedlite,
  lateExpiryDeleteRedlite,
  splitReadRedlite,
} from '../../sim/planted-bugs/racy-redlite.ts';
import { runSeed, runWorld } from '../../sim/run.ts';
import { ShrinkBudget } from '../../sim/trace-tools/budget.ts';
import { executeTraceEvents } from '../../sim/trace-tools/execute-trace.ts';
import { shrinkTrace } from '../../sim/trace-tools/shrink-trace.ts';

const SEEDS_MAX = 300;
/** Ops per world: the races show within a few hundred, and failing worlds cost a long search. */
const OPS = 300;
const SHRUNK_EVENTS_MAX = 20;

interface Canary {
  readonly name: string;
  readonly factory: RedliteFactory;
  /** The first seed of the scenario that catches it while real redlite passes. */
  readonly seed: number;
  /** The command the shrunk failure blames; a late delete shows at whichever read comes next. */
  readonly command?: string;
}

const CANARIES: readonly Canary[] = [
  {
    name: 'a GET that deletes an expired key in a second transaction',
    factory: lateExpiryDeleteRedlite(),
    seed: 80,
  },
  {
    name: 'a GET that reads the key row and the value in two statements',
    factory: splitReadRedlite(),
    seed: 0,
    command: 'GET',
  },
  {
    name: 'an INCR that reads, then writes in a separate transaction',
    factory: incrReadThenWriteRedlite(),
    seed: 0,
    command: 'INCR',
  },
];

describe('planted races in the processes scenario', () => {
  for (const canary of CANARIES) {
    it(`catches ${canary.name} within ${SEEDS_MAX} seeds and shrinks it to ${SHRUNK_EVENTS_MAX} events or fewer`, () => {
      expect(canary.seed).toBeLessThan(SEEDS_MAX);
      const targetFactory = canary.factory;
      const seed = BigInt(canary.seed);
      expect(
        runSeed({ seed, scenario: 'processes', opsMax: OPS }).failure,
        'real redlite passes the seed',
      ).toBeNull();
      const run = runWorld({ seed, scenario: 'processes', opsMax: OPS, targetFactory });
      expect(run.result.failure?.invariant).toBe(LINEARIZABLE);
      const events = run.execution.recorder.events.map((traced) => traced.event);
      const budget = new ShrinkBudget({ runsMax: 3000, wallMsMax: 120_000 }, () => performance.now());
      const shrunk = shrinkTrace(run.config, events, budget, { targetFactory });
      expect(shrunk.outcome.events.length).toBeLessThanOrEqual(SHRUNK_EVENTS_MAX);
      expect(shrunk.minimized.failure?.invariant).toBe(LINEARIZABLE);
      if (canary.command !== undefined) expect(shrunk.minimized.failure?.command).toBe(canary.command);
      expect(
        executeTraceEvents(run.config, shrunk.outcome.events).failure,
        'real redlite passes the shrunk trace',
      ).toBeNull();
    }, 300_000);
  }
});
