/**
 * The world flags as yargs options, derived from the world-flag table
 * (sim/config/world-flags.ts), and the one function that turns parsed flags into validated
 * RunOptions. Commands that run one world (run, replay, shrink) take every row plus --seed and
 * --json; the sweep and the seed bank take the rows that shape the world. Errors name the flag
 * and the bad value, and become exit code 2.
 */
import type { Argv, Options } from 'yargs';
import { outputFromFlags, worldFromFlags } from '../config/flag-options.ts';
import {
  FLAGS,
  type RawFlags,
  type RawWorldFlags,
  WORLD_FLAGS,
  type WorldFlag,
} from '../config/world-flags.ts';
import { parseSeed, SeedError } from '../random/index.ts';
import type { RunOptions } from '../run-types.ts';
import { UsageError } from './context.ts';

export interface WorldFlags extends RawFlags {
  seed?: string | undefined;
  json?: boolean | undefined;
}

/** What yargs needs of a table row. */
type RowShape = Pick<WorldFlag, 'name' | 'type' | 'description'>;

/**
 * Only text flags are typed for yargs. Typed, yargs would turn `--clients abc` into NaN and
 * `--strict-durability=yes` into false, and the error could not show what was typed; untyped,
 * a bare flag arrives as `true` and the table's parser sees every other value as given.
 */
function yargsOption(row: RowShape): Options {
  return row.type === 'string'
    ? { type: 'string', describe: row.description }
    : { describe: row.description };
}

function withRows<T, Raw>(yargs: Argv<T>, rows: readonly RowShape[]): Argv<T & Raw> {
  let out: Argv<T> = yargs;
  for (const row of rows) out = out.option(row.name, yargsOption(row));
  return out as Argv<T & Raw>;
}

/** The flags that shape a world, for commands that share them without running one world. */
export function withWorldFlags<T>(yargs: Argv<T>): Argv<T & RawWorldFlags> {
  return withRows<T, RawWorldFlags>(yargs, WORLD_FLAGS);
}

/** The world flags among parsed flags, as given (yargs adds camel-case copies; these drop them). */
export function worldFlagsOf(flags: RawWorldFlags): RawWorldFlags {
  const given: Record<string, unknown> = {};
  for (const row of WORLD_FLAGS) {
    const value = (flags as Readonly<Record<string, unknown>>)[row.name];
    if (value !== undefined) given[row.name] = value;
  }
  return given as RawWorldFlags;
}

function withSeedOption<T>(yargs: Argv<T>): Argv<T & { seed?: string | undefined }> {
  return yargs.option('seed', {
    type: 'string',
    describe: 'world seed: 0 to 2^64-1, decimal or 0x hex (random when absent)',
  }) as Argv<T & { seed?: string | undefined }>;
}

/** Every table row plus --seed and --json: the options of a command that runs one world. */
export function withWorldOptions<T>(yargs: Argv<T>): Argv<T & WorldFlags> {
  return withRows<T, RawFlags>(withSeedOption(yargs), FLAGS).option('json', {
    type: 'boolean',
    describe: 'print the result as one JSON object on the last line',
  }) as Argv<T & WorldFlags>;
}

/** `--seed` as given, or a fresh one drawn when absent; a bad seed is a UsageError naming it. */
export function seedFrom(text: string | undefined, drawSeed: () => bigint): { seed: bigint; drawn: boolean } {
  if (text === undefined) return { seed: drawSeed(), drawn: true };
  try {
    return { seed: parseSeed(text), drawn: false };
  } catch (error) {
    if (error instanceof SeedError)
      throw new UsageError(
        `invalid --seed ${JSON.stringify(text)}: ${error.message.split(': ').slice(1).join(': ')}`,
      );
    throw error;
  }
}

/** Validated RunOptions from parsed flags; throws UsageError or ConfigError naming the flag. */
export function worldOptionsFrom(
  flags: WorldFlags,
  drawSeed: () => bigint,
): { options: RunOptions; seedDrawn: boolean } {
  const { seed, drawn } = seedFrom(flags.seed, drawSeed);
  return {
    options: { seed, ...worldFromFlags(flags, 'allowed'), ...outputFromFlags(flags) },
    seedDrawn: drawn,
  };
}

/**
 * The world flag (or --seed) given beside a trace file, which fixes its own world; null when
 * there is none. Output flags are fine: they change what the replay writes.
 */
export function flagThatTraceFixes(flags: WorldFlags): string | null {
  if (flags.seed !== undefined) return '--seed';
  const given = WORLD_FLAGS.find(
    (row) => (flags as Readonly<Record<string, unknown>>)[row.name] !== undefined,
  );
  return given === undefined ? null : `--${given.name}`;
}
