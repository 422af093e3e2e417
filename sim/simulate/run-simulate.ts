/**
 * `vopr simulate` as functions: the spec's simulation scenarios as sweep options, then the
 * sweep itself (workers, reports, shards: sim/sweep/). A scenario's spec fault names become our
 * fault kinds through the spec-fault table, its `fault_rate` becomes `--fault-rate`, and the
 * spec's defaults (1000 seeds, 10,000 ops per seed, 10 clients) apply unless overridden. A spec
 * fault with no kind behind it yet stops the command before any seed runs (SpecFaultError).
 * It leaves out printing (sim/cli/commands/simulate.ts).
 */

import { runnableSpecFault } from '../chaos/spec-faults.ts';
import type { RawWorldFlags } from '../config/world-flags.ts';
import type { SweepReport } from '../report/types.ts';
import { SuiteOptionError } from '../suite/options.ts';
import { type RawSweepOptions, type SweepOptions, sweepOptionsFrom } from '../sweep/options.ts';
import { runSweep, type SweepDeps, type SweepRun } from '../sweep/run-sweep.ts';
import {
  SIMULATION_DEFAULTS,
  SIMULATION_SCENARIO_DEFAULT,
  SIMULATION_SCENARIO_NAMES,
  SIMULATION_SCENARIOS,
  SIMULATION_WORKLOAD,
  type SimulationScenario,
} from './scenarios.ts';

/** The command's options before validation; the sweep's own options pass through. */
export interface RawSimulateOptions extends Omit<RawSweepOptions, keyof RawWorldFlags> {
  scenario?: string | undefined;
  ops?: number | undefined;
  clients?: number | undefined;
}

export interface SimulateOptions {
  readonly scenario: SimulationScenario;
  /** Our fault kinds the scenario's spec names map to, in the spec's order. */
  readonly kinds: readonly string[];
  readonly sweep: SweepOptions;
}

export function simulationScenario(name: string | undefined): SimulationScenario {
  const chosen = name ?? SIMULATION_SCENARIO_DEFAULT;
  const scenario = SIMULATION_SCENARIOS.find((row) => row.name === chosen);
  if (scenario === undefined) {
    throw new SuiteOptionError('--scenario', name, `expected one of ${SIMULATION_SCENARIO_NAMES.join(', ')}`);
  }
  return scenario;
}

/** The world flags a scenario stands for, as `vopr run` and a replay line spell them. */
export function scenarioWorldFlags(
  scenario: SimulationScenario,
  ops: number,
  clients: number,
): { flags: RawWorldFlags; kinds: string[] } {
  const kinds = [
    ...new Set(
      scenario.specFaults.flatMap((name) => runnableSpecFault(name, `--scenario ${scenario.name}`).kinds),
    ),
  ];
  const flags: Record<string, unknown> = {
    scenario: SIMULATION_WORKLOAD,
    ops,
    clients,
    faults: kinds.length === 0 ? 'none' : kinds.join(','),
  };
  if (kinds.length > 0) flags['fault-rate'] = String(scenario.faultRate);
  return { flags: flags as RawWorldFlags, kinds };
}

export function simulateOptionsFrom(
  raw: RawSimulateOptions,
  env: Readonly<Record<string, string | undefined>>,
): SimulateOptions {
  const scenario = simulationScenario(raw.scenario);
  const { flags, kinds } = scenarioWorldFlags(
    scenario,
    raw.ops ?? SIMULATION_DEFAULTS.opsPerSeed,
    raw.clients ?? SIMULATION_DEFAULTS.clients,
  );
  const { scenario: _name, ops: _ops, clients: _clients, ...sweepOnly } = raw;
  const sweep = sweepOptionsFrom(
    { ...sweepOnly, ...flags, seeds: raw.seeds ?? SIMULATION_DEFAULTS.seeds },
    env,
  );
  return { scenario, kinds, sweep };
}

/** The plan in one line, printed before the seeds run. */
export function simulatePlanLine(options: SimulateOptions): string {
  const { scenario, sweep } = options;
  const faults =
    options.kinds.length === 0
      ? 'no faults'
      : `${scenario.specFaults.join(', ')} as ${options.kinds.join(', ')} at rate ${scenario.faultRate}`;
  const seeds = sweep.seeds === null ? 'seeds until the time budget' : `${sweep.seeds} seeds`;
  return `simulate ${scenario.name}: ${seeds} x ${sweep.world.opsMax} ops, ${sweep.world.clients} clients, ${faults}, ${sweep.workers} workers`;
}

export function runSimulate(options: SimulateOptions, deps: SweepDeps): Promise<SweepRun> {
  return runSweep(options.sweep, deps);
}

/** The result as one JSON object: what `--json` prints and `vopr full` reads. */
export function simulateSummary(options: SimulateOptions, report: SweepReport): Record<string, unknown> {
  return {
    command: 'simulate',
    scenario: options.scenario.name,
    spec_faults: options.scenario.specFaults,
    fault_kinds: options.kinds,
    fault_rate: options.scenario.faultRate,
    world: options.sweep.world,
    wall_ms: report.wall_ms,
    complete: report.complete !== false,
    stopped_by: report.stopped_by ?? null,
    totals: report.totals,
    seeds_per_s: report.seeds_per_s,
    ops_per_wall_s: report.ops_per_wall_s,
    failures: report.failures.map((failure) => ({
      seed: failure.seed,
      kind: failure.kind,
      invariant: failure.invariant,
      message: failure.message,
      replay: failure.replay,
    })),
    probes: report.probes,
  };
}
