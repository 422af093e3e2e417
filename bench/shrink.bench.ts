/**
 * Shrink benchmark: the wall time and the runs it takes to shrink a failing 1000-op trace, for
 * planted bugs of three families (the target is under 30 s, to <= 20 events). Each case first
 * finds a seed whose 1000-op run fails under the planted bug, then shrinks its events.
 */
import { performance } from 'node:perf_hooks';
import type { RedliteOptions } from '../redlite/index.ts';
import {
  incrOffByOneRedlite,
  type RedliteFactory,
  silentListCorruptionRedlite,
  zaddLosesScoreRedlite,
} from '../sim/planted-bugs/broken-redlite.ts';
import { runWorld } from '../sim/run.ts';
import { ShrinkBudget } from '../sim/trace-tools/budget.ts';
import { shrinkTrace } from '../sim/trace-tools/shrink-trace.ts';
import type { TargetFactory } from '../sim/world/target.ts';

const SEEDS_TRIED_MAX = 30;
const OPS = 1000;

const PLANTED_BUGS: { name: string; scenario: string; factory: () => TargetFactory }[] = [
  { name: 'INCR off by one', scenario: 'kv', factory: () => target(incrOffByOneRedlite()) },
  { name: 'silent LSET corruption', scenario: 'lists', factory: () => target(silentListCorruptionRedlite()) },
  { name: 'ZADD loses score', scenario: 'zsets', factory: () => target(zaddLosesScoreRedlite()) },
];

function target(factory: RedliteFactory): TargetFactory {
  return (path, options) => factory(path, options as RedliteOptions);
}

/** The failing run with the longest trace among the seeds tried: the hardest to shrink. */
function failingRun(scenario: string, targetFactory: TargetFactory) {
  let longest: ReturnType<typeof runWorld> | null = null;
  for (let seed = 1n; seed <= BigInt(SEEDS_TRIED_MAX); seed++) {
    const run = runWorld({ seed, scenario, opsMax: OPS, targetFactory, logLevel: 'silent' });
    if (run.result.failure !== null && run.result.events > (longest?.result.events ?? 0)) longest = run;
  }
  return longest;
}

export async function run(): Promise<void> {
  for (const bug of PLANTED_BUGS) {
    const found = failingRun(bug.scenario, bug.factory());
    if (found === null) {
      console.log(`${bug.name}: no failing seed in ${SEEDS_TRIED_MAX} tries`);
      continue;
    }
    const budget = new ShrinkBudget({ runsMax: 5000, wallMsMax: 120_000 }, () => performance.now());
    const events = found.execution.recorder.events.map((entry) => entry.event);
    const result = shrinkTrace(found.config, events, budget, { targetFactory: bug.factory() });
    const seconds = (result.outcome.elapsedMs / 1000).toFixed(2);
    console.log(
      `${bug.name.padEnd(22)} seed ${found.config.seed.padStart(3)} ${result.original.invariant.padEnd(22)} ` +
        `${events.length} -> ${result.outcome.events.length} events  ${result.outcome.runs} runs  ${seconds} s`,
    );
  }
}
