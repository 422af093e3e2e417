/**
 * Turns a seed (plus validated overrides) into a WorldConfig. Every draw comes from the
 * `config` stream, and per-client profiles from one stream per client, so a change to one
 * client's profile never shifts another's. Overrides replace draws after bounds checks. The
 * draw order rule is the knob table's (knobs.ts): every draw happens whatever the scenario and
 * the overrides, and a new knob is drawn after all the others.
 */
import {
  DEEP_COLLECTIONS,
  FAULT_FREE_SCENARIOS,
  findScenario,
  SCENARIO_NAMES,
  SHRINKING_COMMANDS,
} from '../../scenarios/index.ts';
import type { Range, Scenario, SessionProfile } from '../../scenarios/types.ts';
import type { OpSpec } from '../ops/types.ts';
import { formatSeed, Rng } from '../random/index.ts';
import type { Durability } from '../run-types.ts';
import { ConfigError } from './ConfigError.ts';
import {
  drawFaultRates,
  FAULT_KINDS,
  type FaultKind,
  faultsOn,
  rateOf,
  withFaultRate,
} from './fault-rates.ts';
import { FAULT_KIND } from './fault-vocabulary.ts';
import { KNOBS, type KnobName, knob } from './knobs.ts';
import { refuseServerFaults } from './server-faults.ts';
import type { TargetKind } from './target-kind.ts';
import type { ClientProfile, SessionMix, WorldConfig } from './WorldConfig.ts';

export const OPS_MAX_DEFAULT = 1000;
export const VIRTUAL_MS_MAX_DEFAULT = 30 * 86_400_000;
const EPOCH_MS_MIN = 1_577_836_800_000; // 2020-01-01
const EPOCH_MS_SPAN = 10 * 365 * 86_400_000;
/** redlite's production values of the constants a seed may BUGGIFY (redlite/options.ts). */
const LIST_POSITION_GAP_PRODUCTION = 1_000_000;
const EXPIRE_SAMPLE_KEYS_PRODUCTION = 20;
/** Chance a seed sets one of redlite's constants to an extreme rather than its production value. */
const BUGGIFY_CHANCE = 0.25;
/** Chance a world with crashes on also crashes at redlite's rare paths. */
const RARE_PATH_CRASH_CHANCE = 0.75;

export interface ConfigOverrides {
  scenario?: string;
  durability?: Durability;
  knobs?: Partial<Record<KnobName, number>>;
  /** The fault kinds `--faults` switched on (empty for none); absent lets the seed decide. */
  faults?: readonly FaultKind[];
  /** One chance per client op for every kind that is on, replacing the drawn rates. */
  faultRate?: number;
  strictDurability?: boolean;
  strictRot?: boolean;
  /** `--target` when simulated; absent means direct, and only other targets enter the config. */
  target?: TargetKind;
}

export function checkKnob(name: KnobName, value: number, option: string = name): number {
  const entry = knob(name);
  const kind = entry.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value) || (entry.integer && !Number.isInteger(value))) {
    throw new ConfigError(option, value, `${kind} from ${entry.min} to ${entry.max}`);
  }
  if (value < entry.min || value > entry.max) {
    throw new ConfigError(option, value, `${kind} from ${entry.min} to ${entry.max}`);
  }
  return value;
}

export function checkScenario(name: string, option = 'scenario'): Scenario {
  const scenario = findScenario(name);
  if (scenario === undefined) throw new ConfigError(option, name, `one of ${SCENARIO_NAMES.join(', ')}`);
  return scenario;
}

export function checkDurability(value: string, option = 'durability'): Durability {
  if (value !== 'normal' && value !== 'full') throw new ConfigError(option, value, 'normal or full');
  return value;
}

function drawInt(rng: Rng, range: Range): number {
  return rng.int(Math.ceil(range.min), Math.floor(range.max));
}

/** A float in the range, rounded to 3 decimals so printed configs stay readable. */
function drawRate(rng: Rng, range: Range): number {
  return Math.round((range.min + rng.float() * (range.max - range.min)) * 1000) / 1000;
}

/**
 * BUGGIFY: the production value most of the time, otherwise one of the extremes. Both draws
 * happen every time, so the next knob's draws never depend on this one's outcome.
 */
function buggify(rng: Rng, production: number, extremes: readonly number[]): number {
  const extreme = rng.pick(extremes);
  return rng.chance(BUGGIFY_CHANCE) ? extreme : production;
}

function drawOpWeights(
  rng: Rng,
  scenario: Scenario,
  ops: readonly OpSpec[],
  opOffRate: number,
  deepCollectionRate: number,
) {
  const names = ops.map((op) => op.name).sort();
  const byName = new Map(ops.map((op) => [op.name, op]));
  const weights: Record<string, number> = {};
  let fallback: string | undefined;
  for (const name of names) {
    const spec = byName.get(name) as OpSpec;
    const familyWeight = scenario.familyWeights[spec.family] ?? 0;
    // Draw for every op, even those off, so one op's weight never shifts the next op's draws.
    const off = rng.chance(opOffRate);
    const factor = rng.int(1, 4);
    if (familyWeight <= 0) continue;
    fallback ??= name;
    if (off) continue;
    // Deep seeds remove less, so that their collections keep what they grow.
    const shrink =
      deepCollectionRate > 0 && SHRINKING_COMMANDS.includes(name) ? DEEP_COLLECTIONS.shrinkWeightFactor : 1;
    weights[name] = familyWeight * factor * (scenario.commandBoosts?.[name] ?? 1) * shrink;
  }
  // Swarm testing may switch every op off; keep one so the world still does something.
  if (Object.keys(weights).length === 0 && fallback !== undefined) weights[fallback] = 1;
  return weights;
}

function drawClient(
  root: Rng,
  index: number,
  scenario: Scenario,
  config: { keySpaceSize: number; thinkMsMax: number },
): ClientProfile {
  const rng = root.fork(`client-profile:${index}`);
  return {
    keyDistribution: rng.pick(scenario.keyDistributions),
    hotKey: rng.int(0, config.keySpaceSize - 1),
    hotKeyRate: drawRate(rng, { min: 0.5, max: 0.95 }),
    thinkMsMax: rng.int(0, config.thinkMsMax),
  };
}

/** Deep collections: off in most seeds; when on, a rate per growing op and a batch size. */
function drawDeepCollections(rng: Rng, pick: (name: KnobName, drawn: number) => number) {
  const on = rng.chance(DEEP_COLLECTIONS.onChance);
  const rate = drawRate(rng, DEEP_COLLECTIONS.rate);
  const batchMax = drawInt(rng, DEEP_COLLECTIONS.batchMax);
  return {
    deepCollectionRate: pick('deepCollectionRate', on ? rate : 0),
    deepBatchMax: pick('deepBatchMax', batchMax),
  };
}

/** Crashes at redlite's rare paths: on in most seeds, at one of a few rates. */
function drawRarePathCrashRate(rng: Rng): number {
  const rate = rng.pick([0.05, 0.2, 0.5]);
  return rng.chance(RARE_PATH_CRASH_CHANCE) ? rate : 0;
}

/**
 * The fault kinds a world of several processes takes: a crash kills one process while the
 * others go on, a power cut kills them all. The others act on a process's own page cache,
 * statements or disk size, which the processes' fault path does not model.
 */
export const PROCESS_FAULT_KINDS: readonly FaultKind[] = [FAULT_KIND.crash, FAULT_KIND.powerLoss];

/** Switch rates a scenario without its own range draws from, once it has several processes. */
const SWITCH_RATE_DEFAULT: Range = { min: 0.1, max: 0.5 };

/**
 * The processes and their switch rate, from a stream of their own so no other draw shifts.
 * One process leaves both fields out, so a single-process config is what it always was.
 */
function drawProcesses(
  rng: Rng,
  scenario: Scenario,
  pick: (name: KnobName, drawn: number) => number,
): { processes?: number; switchRate?: number } {
  const processes = pick('processes', drawInt(rng, scenario.processes ?? { min: 1, max: 1 }));
  const switchRate = pick('switchRate', drawRate(rng, scenario.switchRate ?? SWITCH_RATE_DEFAULT));
  return processes > 1 ? { processes, switchRate } : {};
}

/** Draws the world for `seed`; `ops` is the command catalogue the mix is drawn over. */
export function drawConfig(seed: bigint, overrides: ConfigOverrides, ops: readonly OpSpec[]): WorldConfig {
  const knobs = overrides.knobs ?? {};
  for (const [name, value] of Object.entries(knobs)) {
    if (!KNOBS.some((entry) => entry.name === name)) {
      throw new ConfigError('knob', name, `one of ${KNOBS.map((entry) => entry.name).join(', ')}`);
    }
    checkKnob(name as KnobName, value as number);
  }
  const root = new Rng(seed);
  const rng = root.fork('config');
  // A seed picks among the fault-free workloads; fault scenarios are asked for by name.
  const drawnScenario = rng.pick(FAULT_FREE_SCENARIOS);
  const scenario = overrides.scenario === undefined ? drawnScenario : checkScenario(overrides.scenario);
  if (overrides.target === 'server') refuseServerFaults(scenario, overrides.faults);
  const drawnDurability: Durability = rng.chance(0.5) ? 'full' : 'normal';
  const pick = (name: KnobName, drawn: number): number => knobs[name] ?? drawn;
  const keySpaceSize = pick('keySpaceSize', drawInt(rng, scenario.keySpaceSize));
  const thinkMsMax = pick('thinkMsMax', drawInt(rng, scenario.thinkMsMax));
  const clients = pick('clients', drawInt(rng, scenario.clients));
  const opOffRate = pick('opOffRate', drawRate(rng, { min: 0, max: 0.5 }));
  const base = {
    seed: formatSeed(seed),
    scenario: scenario.name,
    epochMs: EPOCH_MS_MIN + rng.int(0, EPOCH_MS_SPAN),
    opsMax: pick('opsMax', OPS_MAX_DEFAULT),
    virtualMsMax: pick('virtualMsMax', VIRTUAL_MS_MAX_DEFAULT),
    clients,
    keySpaceSize,
    valueBytesMax: pick('valueBytesMax', drawInt(rng, scenario.valueBytesMax)),
    thinkMsMax,
    expiryRate: pick('expiryRate', drawRate(rng, scenario.expiryRate)),
    edgeRate: pick('edgeRate', drawRate(rng, { min: 0, max: 0.05 })),
    timeJumpRate: pick('timeJumpRate', drawRate(rng, scenario.timeJumpRate)),
    timeJumpMsMax: pick('timeJumpMsMax', drawInt(rng, scenario.timeJumpMsMax)),
    opOffRate,
    durability: overrides.durability ?? drawnDurability,
    walCheckpointPages: pick('walCheckpointPages', rng.pick([4, 16, 64, 256, 1000])),
    expireCycleMsPeriod: pick(
      'expireCycleMsPeriod',
      rng.pick(scenario.expireCycleMsPeriods ?? [10, 50, 100, 250, 1000]),
    ),
    expireCycleKeysMax: pick('expireCycleKeysMax', rng.pick([1, 5, 20, 100])),
    checkpointMsPeriod: pick('checkpointMsPeriod', rng.pick([100, 1000, 5000, 30_000])),
    stateCheckMsPeriod: pick('stateCheckMsPeriod', rng.pick([1000, 5000, 20_000, 60_000])),
    stateChecksMax: pick('stateChecksMax', rng.pick([0, 1, 2, 4])),
    listPositionGap: pick('listPositionGap', buggify(rng, LIST_POSITION_GAP_PRODUCTION, [2, 3, 4, 64])),
    expireSampleKeys: pick('expireSampleKeys', buggify(rng, EXPIRE_SAMPLE_KEYS_PRODUCTION, [1, 2, 3])),
    ...drawDeepCollections(rng, pick),
    rarePathCrashRate: pick('rarePathCrashRate', drawRarePathCrashRate(rng)),
  };
  const opWeights = drawOpWeights(root.fork('op-weights'), scenario, ops, opOffRate, base.deepCollectionRate);
  const clientProfiles: ClientProfile[] = [];
  for (let i = 0; i < clients; i++) clientProfiles.push(drawClient(root, i, scenario, base));
  // Faults draw from a stream of their own, so adding them shifts no other draw.
  const faultRng = root.fork('faults');
  const faults = withFaultRate(
    drawFaultRates(faultRng, scenario.faults, overrides.faults),
    overrides.faultRate,
  );
  const livenessRange = scenario.livenessOps ?? { min: 20, max: 200 };
  const livenessOps = drawInt(faultRng, livenessRange);
  const several = drawProcesses(root.fork('processes'), scenario, pick);
  const unsupported = FAULT_KINDS.filter(
    (kind) => rateOf(faults, kind) > 0 && !PROCESS_FAULT_KINDS.includes(kind),
  );
  if (several.processes !== undefined && unsupported.length > 0) {
    throw new ConfigError(
      'processes',
      several.processes,
      `1 in a world with ${unsupported.join(', ')} faults (several processes take only ${PROCESS_FAULT_KINDS.join(', ')})`,
    );
  }
  if (several.processes !== undefined && overrides.target === 'server') {
    throw new ConfigError(
      'processes',
      several.processes,
      '1 with --target server (several processes run redlite handles directly)',
    );
  }
  // Sessions too draw from their own stream, and only scenarios with a profile have the field.
  // Several processes run plain commands on their handles: their worlds leave sessions out.
  const sessions =
    scenario.sessions === undefined || several.processes !== undefined
      ? undefined
      : drawSessionMix(root.fork('sessions'), scenario.sessions);
  // Not `{ ...base, ... }`: from V8 11, a literal that opens with a spread gets a hidden class of
  // its own every time once its clone IC is warm, and a world reads its config everywhere.
  return Object.assign({}, base, {
    opWeights,
    clientProfiles,
    faults,
    ...(overrides.faultRate === undefined ? {} : { faultRate: overrides.faultRate }),
    strictDurability: overrides.strictDurability === true,
    ...(overrides.strictRot === true ? { strictRot: true } : {}),
    livenessOps: faultsOn(faults) ? livenessOps : 0,
    // Only a world whose fault driver restarts crashed processes may crash at rare paths.
    // Several processes crash only at fault events (sim/fault-driver/process-faults.ts).
    rarePathCrashRate:
      rateOf(faults, FAULT_KIND.crash) > 0 && several.processes === undefined ? base.rarePathCrashRate : 0,
    ...several,
    ...(sessions === undefined ? {} : { sessions }),
    ...(overrides.target === undefined || overrides.target === 'direct' ? {} : { target: overrides.target }),
  });
}

function drawSessionMix(rng: Rng, profile: SessionProfile): SessionMix {
  return {
    multiRate: drawRate(rng, profile.multiRate),
    casRate: drawRate(rng, profile.casRate),
    selectRate: drawRate(rng, profile.selectRate),
    blockRate: drawRate(rng, profile.blockRate),
    queuedMax: drawInt(rng, profile.queuedMax),
  };
}
