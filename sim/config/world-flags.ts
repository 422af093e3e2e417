/**
 * The world flags: one table of the command-line flags that shape a run, in the style of the
 * knob table (knobs.ts). Each row gives the flag's name, its type, its help text, how its value
 * is checked (with the knob table's bounds where a knob backs it) and the RunOptions field it
 * sets. A `world` row also says how it overrides the drawn config and how to read it back from
 * a config; an `output` row changes only what a run writes, never which world it is.
 *
 * Everything else is derived from this table (flag-options.ts and its callers): the yargs
 * options of every command, the one validation path, the RunOptions type, the replay command,
 * seed-bank lines and the sweep's world options. Adding a world flag is adding one row.
 *
 * Printing follows from the type, so it needs no column: a value prints as its text, a switch
 * that is on prints as the bare flag in a replay command and as `=true` in a seed-bank line,
 * and a switch that is off does not print at all.
 *
 * Leaves out the seed, which names the world rather than shaping it and is read by each
 * command on its own terms, and flags that belong to one command (--json, --workers, ...).
 */
import { SCENARIO_NAMES } from '../../scenarios/index.ts';
import { LIVE_TARGETS_EXPECTED } from '../live/live-target.ts';
import type { LogLevel } from '../run-types.ts';
import { ConfigError } from './ConfigError.ts';
import { type ConfigOverrides, checkDurability, checkScenario, OPS_MAX_DEFAULT } from './draw-config.ts';
import { FAULT_KINDS, parseFaultList, parseFaultRate } from './fault-rates.ts';
import { booleanValue, type FlagInput, knobValue, oneOf, textValue } from './flag-values.ts';
import { type KnobName, knob } from './knobs.ts';
import {
  parseTarget,
  simulatedTargetOf,
  TARGET_DESCRIPTIONS,
  TARGET_KINDS,
  TARGETS_EXPECTED,
} from './target-kind.ts';
import type { WorldConfig } from './WorldConfig.ts';

/** How a flag's value is typed: it decides how yargs reads it and how it prints. */
export type FlagType = 'string' | 'integer' | 'boolean';

interface FlagRow<Name extends string, Key extends string, Value> {
  /** The flag as typed, without its dashes. */
  readonly name: Name;
  /** The RunOptions field it sets. */
  readonly key: Key;
  readonly type: FlagType;
  /** The help text. */
  readonly description: string;
  /** Checks a value; throws ConfigError naming `option` and showing the value. */
  parse(input: FlagInput, option: string): Value;
}

/** A flag that changes which world a seed builds: replayed, banked and shared by a sweep. */
export interface WorldFlag<Name extends string = string, Key extends string = string, Value = unknown>
  extends FlagRow<Name, Key, Value> {
  readonly role: 'world';
  /** The config overrides the value stands for. */
  overrides(value: Value): ConfigOverrides;
  /** The value that rebuilds `config` (a trace's header) when given with its seed. */
  fromConfig(config: WorldConfig): Value | undefined;
}

/** A flag that changes only what a run writes or keeps. */
export interface OutputFlag<Name extends string = string, Key extends string = string, Value = unknown>
  extends FlagRow<Name, Key, Value> {
  readonly role: 'output';
}

function worldFlag<const Name extends string, const Key extends string, Value>(
  row: Omit<WorldFlag<Name, Key, Value>, 'role'>,
): WorldFlag<Name, Key, Value> {
  return { ...row, role: 'world' };
}

function outputFlag<const Name extends string, const Key extends string, Value>(
  row: Omit<OutputFlag<Name, Key, Value>, 'role'>,
): OutputFlag<Name, Key, Value> {
  return { ...row, role: 'output' };
}

const SCENARIOS_EXPECTED = `one of ${SCENARIO_NAMES.join(', ')}`;
const FAULTS_EXPECTED = `none, all, or a comma list of ${FAULT_KINDS.join(', ')}`;
const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'info', 'debug'];

/** A knob's bounds in a flag's help text, "1-16": the knob table decides them. */
function range(name: KnobName): string {
  return `${knob(name).min}-${knob(name).max}`;
}

/** `--faults` keeps `all` and `none` as words and writes a list in one spelling. */
function faultsValue(input: FlagInput, option: string): string {
  const text = textValue(input, option, FAULTS_EXPECTED).trim();
  const kinds = parseFaultList(text, option);
  return text === 'all' || text === 'none' ? text : kinds.join(',');
}

/** The fault kinds a config has on, as `--faults` would switch exactly those on. */
function faultsOf(config: WorldConfig): string | undefined {
  // Traces written before faults existed carry no rates; their seeds draw none anyway.
  const rates = config.faults as WorldConfig['faults'] | undefined;
  if (rates === undefined) return undefined;
  const on = FAULT_KINDS.filter((kind) => (rates[kind] ?? 0) > 0);
  return on.length === 0 ? 'none' : on.join(',');
}

function pathValue(input: FlagInput, option: string): string {
  const path = textValue(input, option, 'a file path');
  if (path === '') throw new ConfigError(option, path, 'a file path');
  return path;
}

export const FLAGS = [
  worldFlag({
    name: 'scenario',
    key: 'scenario',
    type: 'string',
    description: `workload: ${SCENARIO_NAMES.join(', ')} (the seed picks when absent)`,
    parse: (input, option) => checkScenario(textValue(input, option, SCENARIOS_EXPECTED), option).name,
    overrides: (scenario) => ({ scenario }),
    fromConfig: (config) => config.scenario,
  }),
  worldFlag({
    name: 'ops',
    key: 'opsMax',
    type: 'integer',
    description: `client ops in the fault phase, ${range('opsMax')} (default ${OPS_MAX_DEFAULT})`,
    parse: knobValue('opsMax'),
    overrides: (opsMax) => ({ knobs: { opsMax } }),
    fromConfig: (config) => config.opsMax,
  }),
  worldFlag({
    name: 'clients',
    key: 'clients',
    type: 'integer',
    description: `simulated clients, ${range('clients')} (the seed picks when absent)`,
    parse: knobValue('clients'),
    overrides: (clients) => ({ knobs: { clients } }),
    fromConfig: (config) => config.clients,
  }),
  worldFlag({
    name: 'durability',
    key: 'durability',
    type: 'string',
    description: "redlite's synchronous mode: normal or full (the seed picks when absent)",
    parse: (input, option) => checkDurability(textValue(input, option, 'normal or full'), option),
    overrides: (durability) => ({ durability }),
    fromConfig: (config) => config.durability,
  }),
  worldFlag({
    name: 'faults',
    key: 'faults',
    type: 'string',
    description: `fault kinds on: ${FAULTS_EXPECTED} (the scenario decides when absent)`,
    parse: faultsValue,
    overrides: (faults) => ({ faults: parseFaultList(faults) }),
    fromConfig: faultsOf,
  }),
  worldFlag({
    name: 'fault-rate',
    key: 'faultRate',
    type: 'string',
    description:
      "one chance per client op for every fault kind that is on, such as 0.001 (the spec's fault_rate)",
    parse: (input, option) => parseFaultRate(typeof input === 'boolean' ? String(input) : input, option),
    overrides: (faultRate) => ({ faultRate }),
    fromConfig: (config) => config.faultRate,
  }),
  worldFlag({
    name: 'strict-durability',
    key: 'strictDurability',
    type: 'boolean',
    description:
      'fail (wal_durability) when a power loss loses any acknowledged write, in any durability mode',
    parse: booleanValue,
    overrides: (strictDurability) => ({ strictDurability }),
    fromConfig: (config) => config.strictDurability,
  }),
  worldFlag({
    name: 'strict-rot',
    key: 'strictRot',
    type: 'boolean',
    description:
      'fail on the two known rot weaknesses, excused and counted otherwise: synced writes dropped behind a rotted WAL frame (wal_durability), and wrong answers from a store whose own check finds rot (rot_detected)',
    parse: booleanValue,
    overrides: (strictRot) => ({ strictRot }),
    fromConfig: (config) => config.strictRot === true || undefined,
  }),
  // One option for every target. The simulated ones shape the world and replay like any world
  // flag; a live one leaves the world as drawn and runs it against a real server in wall time,
  // which never replays: the run command routes it to the live runner, replay and shrink refuse
  // it, and the commands that share world flags across seeds refuse it (flag-options.ts).
  worldFlag({
    name: 'target',
    key: 'target',
    type: 'string',
    description: `what the clients talk to: ${TARGET_KINDS.map((kind) => `${kind} (${TARGET_DESCRIPTIONS[kind]})`).join('; ')}; or a live server, in wall time, which does not replay: ${LIVE_TARGETS_EXPECTED}`,
    parse: (input, option) => parseTarget(textValue(input, option, TARGETS_EXPECTED), option),
    overrides: (target): ConfigOverrides => {
      const simulated = simulatedTargetOf(target);
      return simulated === undefined ? {} : { target: simulated };
    },
    fromConfig: (config) => config.target,
  }),
  outputFlag({
    name: 'trace',
    key: 'tracePath',
    type: 'string',
    description: 'write the trace (JSON Lines) to this file',
    parse: pathValue,
  }),
  outputFlag({
    name: 'log-level',
    key: 'logLevel',
    type: 'string',
    description: `NDJSON log level on stderr: ${LOG_LEVELS.join(', ')}`,
    parse: oneOf(LOG_LEVELS),
  }),
  outputFlag({
    name: 'keep-files',
    key: 'keepFiles',
    type: 'boolean',
    description: "keep the world's database folder after the run",
    parse: booleanValue,
  }),
] as const;

type Row = (typeof FLAGS)[number];
type WorldRow = Extract<Row, { role: 'world' }>;
type OutputRow = Extract<Row, { role: 'output' }>;

/** The flag names, as typed without dashes. */
export type FlagName = Row['name'];
export type WorldFlagName = WorldRow['name'];

/** The world a seed builds, as flags shape it; absent fields are left to the seed. */
export type WorldOptions = { [R in WorldRow as R['key']]?: ReturnType<R['parse']> };

/** What a run writes and keeps, as the output flags set it. */
export type OutputOptions = { [R in OutputRow as R['key']]?: ReturnType<R['parse']> };

/** Flag values before validation, by flag name, as yargs or a caller hands them over. */
export type RawFlags = { readonly [R in Row as R['name']]?: unknown };
export type RawWorldFlags = { readonly [R in WorldRow as R['name']]?: unknown };

export const WORLD_FLAGS: readonly WorldFlag[] = FLAGS.filter((row): row is WorldRow => row.role === 'world');
export const OUTPUT_FLAGS: readonly OutputFlag[] = FLAGS.filter(
  (row): row is OutputRow => row.role === 'output',
);
