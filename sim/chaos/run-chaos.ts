/**
 * `vopr chaos` as a function: the plan's fault kinds switched on over a sweep of seeds (workers,
 * traces of failing seeds: sim/sweep/), then each recovery rule judged from the seeds' verdicts
 * and probe hits (sim/chaos/recovery-rules.ts). It leaves out printing (the CLI command).
 */
import { OPS_MAX_DEFAULT } from '../config/draw-config.ts';
import { wholeNumberOption } from '../suite/options.ts';
import { buildSuiteReport } from '../suite/summary.ts';
import type { SuiteObserver, SuiteReport } from '../suite/types.ts';
import { type SweepOptions, sweepOptionsFrom } from '../sweep/options.ts';
import { runSweep, type SweepDeps } from '../sweep/run-sweep.ts';
import { type ChaosPlan, chaosPlanFrom } from './plan.ts';
import { CHAOS_SEEDS_DEFAULT } from './presets.ts';
import { judgeChaos } from './recovery-rules.ts';

export interface RawChaosOptions {
  faults?: string | undefined;
  preset?: string | undefined;
  seeds?: number | undefined;
  from?: string | undefined;
  ops?: number | undefined;
  workers?: number | undefined;
  traceDir?: string | undefined;
}

export interface ChaosOptions {
  readonly plan: ChaosPlan;
  readonly sweep: SweepOptions;
}

const CHAOS_SEEDS_MAX = 1_000_000;

export function chaosOptionsFrom(raw: RawChaosOptions): ChaosOptions {
  const plan = chaosPlanFrom(raw);
  const seeds = wholeNumberOption(
    '--seeds',
    raw.seeds,
    { min: 1, max: CHAOS_SEEDS_MAX },
    CHAOS_SEEDS_DEFAULT,
  );
  const sweep = sweepOptionsFrom(
    {
      scenario: plan.scenario,
      faults: plan.kinds.join(','),
      ops: raw.ops ?? OPS_MAX_DEFAULT,
      seeds,
      from: raw.from,
      workers: raw.workers,
      traceDir: raw.traceDir,
    },
    {},
  );
  return { plan, sweep };
}

export type ChaosDeps = Omit<SweepDeps, 'shrink'>;

export interface ChaosRun {
  readonly report: SuiteReport;
  /** The signal that stopped the sweep early (its finished seeds judged), or null. */
  readonly stoppedBy: string | null;
}

export async function runChaos(
  options: ChaosOptions,
  observer: SuiteObserver,
  deps: ChaosDeps,
): Promise<ChaosRun> {
  const run = await runSweep(options.sweep, deps);
  const checks = judgeChaos(options.plan, run.report);
  for (const check of checks) observer.checkDone?.(check);
  const report = buildSuiteReport({
    command: 'chaos',
    seed: options.sweep.from,
    options: {
      plan: options.plan.label,
      scenario: options.plan.scenario,
      kinds: options.plan.kinds,
      seeds: options.sweep.seeds,
      ops: options.sweep.world.opsMax,
    },
    wallMs: run.report.wall_ms,
    checks,
    data: { probes: run.report.probes, complete: run.stoppedBy === null, stopped_by: run.stoppedBy },
  });
  return { report, stoppedBy: run.stoppedBy };
}
