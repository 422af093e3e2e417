/**
 * The knob table: every tunable number of a world, with its hard bounds and units in its name
 * (FoundationDB's knobs, docs/architecture.md, principle 5). The seed draws most knobs inside the
 * scenario's range; overrides are checked against these bounds before a world starts.
 *
 * Two kinds of knob reach past the workload:
 * - redlite's own constants (`listPositionGap`, `expireSampleKeys`, `walCheckpointPages`): the
 *   seed keeps redlite's production value most of the time and otherwise picks an extreme, so
 *   rare branches become routine (FoundationDB's BUGGIFY);
 * - deep collections (`deepCollectionRate`, `deepBatchMax`): some seeds grow a few lists, sets,
 *   hashes and sorted sets to hundreds or thousands of elements;
 * - crashes at rare paths (`rarePathCrashRate`): in some worlds with crashes on, a crash may
 *   strike at the moment redlite takes a rare path (sim/world/rare-path-crashes.ts).
 *
 * Draw order is part of every seed: draw-config.ts draws each knob from the `config` stream
 * whatever the scenario and the overrides, and a new knob is drawn after all the others, so
 * adding one leaves every earlier draw of a seed as it was.
 */
export interface Knob {
  readonly name: KnobName;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  readonly description: string;
}

export type KnobName =
  | 'opsMax'
  | 'virtualMsMax'
  | 'clients'
  | 'keySpaceSize'
  | 'valueBytesMax'
  | 'thinkMsMax'
  | 'expiryRate'
  | 'edgeRate'
  | 'timeJumpRate'
  | 'timeJumpMsMax'
  | 'opOffRate'
  | 'walCheckpointPages'
  | 'expireCycleMsPeriod'
  | 'expireCycleKeysMax'
  | 'checkpointMsPeriod'
  | 'stateCheckMsPeriod'
  | 'stateChecksMax'
  | 'listPositionGap'
  | 'expireSampleKeys'
  | 'deepCollectionRate'
  | 'deepBatchMax'
  | 'rarePathCrashRate';

const DAY_MS = 86_400_000;

export const KNOBS: readonly Knob[] = [
  { name: 'opsMax', min: 1, max: 10_000_000, integer: true, description: 'client ops in the run' },
  {
    name: 'virtualMsMax',
    min: 1,
    max: 3650 * DAY_MS,
    integer: true,
    description: 'virtual time the run may span',
  },
  { name: 'clients', min: 1, max: 16, integer: true, description: 'simulated clients' },
  { name: 'keySpaceSize', min: 1, max: 10_000, integer: true, description: 'distinct keys clients use' },
  { name: 'valueBytesMax', min: 0, max: 65_536, integer: true, description: 'largest value a client writes' },
  { name: 'thinkMsMax', min: 0, max: 60_000, integer: true, description: 'longest pause between ops' },
  { name: 'expiryRate', min: 0, max: 1, integer: false, description: 'chance an op sets an expiry' },
  { name: 'edgeRate', min: 0, max: 1, integer: false, description: 'chance an op is an edge case' },
  { name: 'timeJumpRate', min: 0, max: 1, integer: false, description: 'chance of a virtual time jump' },
  { name: 'timeJumpMsMax', min: 0, max: 30 * DAY_MS, integer: true, description: 'longest time jump' },
  { name: 'opOffRate', min: 0, max: 0.9, integer: false, description: 'swarm: chance an op is off' },
  {
    name: 'walCheckpointPages',
    min: 1,
    max: 10_000,
    integer: true,
    description: 'WAL pages before redlite checkpoints',
  },
  {
    name: 'expireCycleMsPeriod',
    min: 1,
    max: 60_000,
    integer: true,
    description: 'period of the active-expiry timer',
  },
  {
    name: 'expireCycleKeysMax',
    min: 1,
    max: 10_000,
    integer: true,
    description: 'keys one active-expiry cycle may remove',
  },
  {
    name: 'checkpointMsPeriod',
    min: 1,
    max: 3_600_000,
    integer: true,
    description: 'period of the WAL checkpoint timer',
  },
  {
    name: 'stateCheckMsPeriod',
    min: 1,
    max: 365 * DAY_MS,
    integer: true,
    description: 'mean gap between full state comparisons',
  },
  {
    name: 'stateChecksMax',
    min: 0,
    max: 1000,
    integer: true,
    description: 'full state comparisons before the final one',
  },
  {
    name: 'listPositionGap',
    min: 2,
    max: 1_000_000,
    integer: true,
    description: 'redlite: step between list positions (small gaps renumber lists often)',
  },
  {
    name: 'expireSampleKeys',
    min: 1,
    max: 10_000,
    integer: true,
    description: 'redlite: expired keys one active-expiry query reads',
  },
  {
    name: 'deepCollectionRate',
    min: 0,
    max: 1,
    integer: false,
    description: 'chance a growing collection op goes deep: a few keys, many more elements',
  },
  {
    name: 'deepBatchMax',
    min: 1,
    max: 1024,
    integer: true,
    description: 'most extra elements one deep op adds',
  },
  {
    name: 'rarePathCrashRate',
    min: 0,
    max: 1,
    integer: false,
    description: 'chance a redlite probe inside a command crashes the process (crash worlds only)',
  },
];

export function knob(name: KnobName): Knob {
  const found = KNOBS.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no knob named ${name}`);
  return found;
}
