/**
 * What the world-flag table (world-flags.ts) derives, for every command and file format to
 * share: options from raw flag values (the one validation path), the world part of a run's
 * options, the config overrides a world stands for, the world a config was built with, and the
 * flags a world prints as (rendered by the replay command and by seed-bank lines).
 *
 * Leaves out yargs (sim/cli/world-options.ts) and the seed, which each caller reads itself.
 */
import type { ConfigOverrides } from './draw-config.ts';
import { singleInput } from './flag-values.ts';
import type { KnobName } from './knobs.ts';
import { refuseLiveInWorld } from './target-kind.ts';
import type { WorldConfig } from './WorldConfig.ts';
import {
  OUTPUT_FLAGS,
  type OutputFlag,
  type OutputOptions,
  type RawFlags,
  type RawWorldFlags,
  WORLD_FLAGS,
  type WorldFlag,
  type WorldOptions,
} from './world-flags.ts';

type Fields = Readonly<Record<string, unknown>>;

/** Checks each row's raw value (looked up by flag name) into its options field. */
function parseRows(raw: object, rows: readonly (WorldFlag | OutputFlag)[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const row of rows) {
    const input = (raw as Fields)[row.name];
    if (input === undefined) continue;
    const option = `--${row.name}`;
    const value = row.parse(singleInput(input, option), option);
    // A switch given as false is the world of a switch not given: keep one spelling of it, so
    // replay commands, bank lines and shard definitions agree.
    if (value === false) continue;
    options[row.key] = value;
  }
  return options;
}

/**
 * The world flags among `raw` (values keyed by flag name, as yargs or a caller give them),
 * validated; throws ConfigError naming the first bad one. A live `--target` is refused unless
 * `liveTarget` is 'allowed': only a command that runs one seed can run it live (the sweep, the
 * cloud and the seed bank share their world flags across seeds, and replay them).
 */
export function worldFromFlags(
  raw: RawWorldFlags,
  liveTarget: 'allowed' | 'refused' = 'refused',
): WorldOptions {
  const world = parseRows(raw, WORLD_FLAGS) as WorldOptions;
  if (liveTarget === 'refused') refuseLiveInWorld(world.target);
  return world;
}

/** The output flags among `raw`, validated; throws ConfigError naming the first bad one. */
export function outputFromFlags(raw: RawFlags): OutputOptions {
  return parseRows(raw, OUTPUT_FLAGS) as OutputOptions;
}

/** The world fields of a run's options, and nothing else. */
export function worldOf(options: WorldOptions): WorldOptions {
  const world: Record<string, unknown> = {};
  for (const row of WORLD_FLAGS) {
    const value = (options as Fields)[row.key];
    if (value !== undefined) world[row.key] = value;
  }
  return world as WorldOptions;
}

/** The world flags that rebuild `config` with its seed: how a trace's header becomes flags. */
export function worldFromConfig(config: WorldConfig): WorldOptions {
  const world: Record<string, unknown> = {};
  for (const row of WORLD_FLAGS) {
    const value = row.fromConfig(config);
    if (value !== undefined && value !== false) world[row.key] = value;
  }
  return world as WorldOptions;
}

/** The config overrides `world` stands for, on top of `knobs` (knob overrides beyond the flags). */
export function configOverrides(
  world: WorldOptions,
  knobs: Partial<Record<KnobName, number>> = {},
): ConfigOverrides {
  let overrides: ConfigOverrides = { knobs: { ...knobs } };
  for (const row of WORLD_FLAGS) {
    const value = (world as Fields)[row.key];
    if (value === undefined) continue;
    const part = row.overrides(value);
    overrides = { ...overrides, ...part, knobs: { ...overrides.knobs, ...part.knobs } };
  }
  return overrides;
}

/** One world flag as it prints: `text` is null for a switch that is on (the bare flag). */
export interface PrintedFlag {
  readonly name: string;
  readonly text: string | null;
}

/** The flags that rebuild `world`, in table order; switches that are off do not print. */
export function printedFlags(world: WorldOptions): PrintedFlag[] {
  const printed: PrintedFlag[] = [];
  for (const row of WORLD_FLAGS) {
    const value = (world as Fields)[row.key];
    if (value === undefined) continue;
    if (row.type !== 'boolean') printed.push({ name: row.name, text: String(value) });
    else if (value === true) printed.push({ name: row.name, text: null });
  }
  return printed;
}
