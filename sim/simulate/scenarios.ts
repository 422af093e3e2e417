/**
 * The spec's `simulation` section (redlite's `dst-spec.yaml`): its defaults (1000 seeds, 10,000
 * operations per seed, 10 clients) and its three scenarios, each a fault rate and the spec's
 * fault names. The names reach our fault kinds through the one spec-fault table
 * (sim/chaos/spec-faults.ts); how the seeds run is the sweep's business (sim/sweep/).
 */

export const SIMULATION_DEFAULTS = {
  seeds: 1000,
  opsPerSeed: 10_000,
  clients: 10,
} as const;

/** The workload every simulation scenario runs: every command family on shared keys. */
export const SIMULATION_WORKLOAD = 'mixed';

export interface SimulationScenario {
  readonly name: string;
  readonly description: string;
  /** The spec's `fault_rate`: a chance per client op for each fault that is on. */
  readonly faultRate: number;
  /** The spec's fault names. */
  readonly specFaults: readonly string[];
}

export const SIMULATION_SCENARIOS: readonly SimulationScenario[] = [
  {
    name: 'normal_operations',
    description: 'standard workload without faults',
    faultRate: 0,
    specFaults: [],
  },
  {
    name: 'occasional_faults',
    description: 'realistic fault frequency: rate 0.001 of slow_write and connection_drop',
    faultRate: 0.001,
    specFaults: ['slow_write', 'connection_drop'],
  },
  {
    name: 'hostile_environment',
    description: 'high fault rate: rate 0.01 of disk_full, crash_mid_write and corrupt_read',
    faultRate: 0.01,
    specFaults: ['disk_full', 'crash_mid_write', 'corrupt_read'],
  },
];

export const SIMULATION_SCENARIO_NAMES: readonly string[] = SIMULATION_SCENARIOS.map((row) => row.name);

export const SIMULATION_SCENARIO_DEFAULT = 'normal_operations';
