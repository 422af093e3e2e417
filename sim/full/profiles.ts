/**
 * What `vopr full` runs, in order, per profile: smoke, properties, oracle (when a Redis is
 * available), simulate, chaos, fuzz for a short time, the seed bank, and for `nightly` stress
 * and a short soak. Each part is a vopr command line, so a failing part's replay is that line.
 * `quick` is sized to finish in under five minutes on two busy cores; `nightly` uses the spec's
 * counts where they fit a night.
 */

export const FULL_PROFILES = ['quick', 'nightly'] as const;
export type FullProfile = (typeof FULL_PROFILES)[number];

export interface FullPart {
  /** The part's name in the summary: the command, with what distinguishes it. */
  readonly name: string;
  /** The vopr arguments, without --json (added when the command prints JSON). */
  readonly args: readonly string[];
  /** Whether the command prints a JSON object last with --json. */
  readonly json: boolean;
  /** Needs a Redis: skipped, with the reason, when there is none. */
  readonly needsRedis?: boolean;
}

/** Chaos faults whose recovery paths a quick run reaches; corruption needs nightly's seeds. */
const QUICK_CHAOS_FAULTS = 'disk_full,crash_mid_write,slow_write,memory_pressure';

const QUICK: readonly FullPart[] = [
  { name: 'smoke', args: ['smoke', '--seed', '1'], json: true },
  { name: 'properties', args: ['properties', '--seeds', '100', '--seed', '1'], json: true },
  { name: 'oracle', args: ['oracle', '--seed', '1'], json: true, needsRedis: true },
  {
    name: 'simulate normal_operations',
    args: ['simulate', '--scenario', 'normal_operations', '--seeds', '4', '--ops', '2000'],
    json: true,
  },
  {
    name: 'simulate hostile_environment',
    args: ['simulate', '--scenario', 'hostile_environment', '--seeds', '4', '--ops', '2000'],
    json: true,
  },
  { name: 'chaos', args: ['chaos', '--faults', QUICK_CHAOS_FAULTS, '--seeds', '6'], json: true },
  { name: 'fuzz', args: ['fuzz', '--time', '8s', '--seed', '1'], json: true },
  { name: 'seeds test', args: ['seeds', 'test'], json: false },
];

const NIGHTLY: readonly FullPart[] = [
  { name: 'smoke', args: ['smoke'], json: true },
  { name: 'properties', args: ['properties'], json: true },
  { name: 'oracle', args: ['oracle', '--seeds', '5'], json: true, needsRedis: true },
  {
    name: 'simulate normal_operations',
    args: ['simulate', '--scenario', 'normal_operations', '--seeds', '100'],
    json: true,
  },
  {
    name: 'simulate hostile_environment',
    args: ['simulate', '--scenario', 'hostile_environment', '--seeds', '100'],
    json: true,
  },
  { name: 'chaos', args: ['chaos'], json: true },
  { name: 'fuzz', args: ['fuzz', '--time', '60s'], json: true },
  { name: 'seeds test', args: ['seeds', 'test'], json: false },
  { name: 'stress', args: ['stress'], json: true },
  { name: 'soak', args: ['soak', '--duration', '5m'], json: true },
];

export function fullParts(profile: FullProfile): readonly FullPart[] {
  return profile === 'quick' ? QUICK : NIGHTLY;
}
