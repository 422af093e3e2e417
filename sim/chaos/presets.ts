/**
 * The spec's chaos scenarios (redlite's `dst-spec.yaml`, `scenarios.chaos`) as `--preset`s:
 * each names spec faults and the outcome it expects, and runs on the fault scenario of ours
 * whose workload fits (a mixed workload with multi-key and multi-element writes boosted, on a
 * small key space so every restart's state comparison stays cheap). The spec's default seed
 * count for chaos is 100.
 */

export const CHAOS_SEEDS_DEFAULT = 100;

export interface ChaosPreset {
  readonly name: string;
  readonly specFaults: readonly string[];
  /** The spec's `expect:`. */
  readonly expect: string;
  /** Our scenario whose workload the preset runs (its own fault profile is overridden). */
  readonly scenario: string;
}

export const CHAOS_PRESETS: readonly ChaosPreset[] = [
  { name: 'disk_full_recovery', specFaults: ['disk_full'], expect: 'error_returned', scenario: 'disk-full' },
  {
    name: 'corruption_detection',
    specFaults: ['corrupt_read', 'corrupt_write'],
    expect: 'corruption_detected',
    scenario: 'corruption',
  },
  {
    name: 'crash_recovery',
    specFaults: ['crash_mid_write'],
    expect: 'consistent_after_restart',
    scenario: 'crash',
  },
  {
    name: 'slow_disk_handling',
    specFaults: ['slow_write'],
    expect: 'eventual_completion',
    scenario: 'disk-full',
  },
];

export const CHAOS_PRESET_NAMES: readonly string[] = CHAOS_PRESETS.map((preset) => preset.name);

/** The workload for a `--faults` list: every fault kind's scenario shape, at hostile rates. */
export const CHAOS_FAULTS_SCENARIO = 'hostile';
