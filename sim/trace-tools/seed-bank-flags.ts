/**
 * A seed-bank entry's world flags, to and from the world options they stand for. Both ways go
 * through the world-flag table (sim/config/world-flags.ts): an entry's flags are checked by the
 * same path as the command line's, and the flags written for a world, or for a trace's config,
 * are the ones that rebuild it. Leaves out the line format itself (seed-bank.ts).
 */
import { ConfigError } from '../config/ConfigError.ts';
import { printedFlags, worldFromConfig, worldFromFlags } from '../config/flag-options.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import { WORLD_FLAGS, type WorldOptions } from '../config/world-flags.ts';
import type { RunOptions } from '../run-types.ts';
import { type SeedBankEntry, SeedBankError } from './seed-bank.ts';

/** The entry's world, validated; an unknown, repeated or bad flag is a SeedBankError naming the seed. */
export function entryWorld(entry: SeedBankEntry): WorldOptions {
  const raw: Record<string, string> = {};
  for (const [name, value] of entry.flags) {
    if (!WORLD_FLAGS.some((row) => row.name === name))
      throw new SeedBankError(0, `seed ${entry.seed}: unknown flag --${name}`);
    if (name in raw) throw new SeedBankError(0, `seed ${entry.seed}: --${name} given twice`);
    raw[name] = value;
  }
  try {
    return worldFromFlags(raw);
  } catch (error) {
    if (error instanceof ConfigError) throw new SeedBankError(0, `seed ${entry.seed}: ${error.message}`);
    throw error;
  }
}

/** The options `vopr seeds test` runs an entry with: its seed in its world. */
export function entryRunOptions(entry: SeedBankEntry): RunOptions {
  return { seed: entry.seed, ...entryWorld(entry) };
}

/** The flags an entry records for `world`, in table order; a switch that is on reads `=true`. */
export function entryFlags(world: WorldOptions): SeedBankEntry['flags'] {
  return printedFlags(world).map(({ name, text }) => [name, text ?? 'true']);
}

/** The flags that rebuild a trace's world from its header, for `seeds add --trace` without --seed. */
export function entryFlagsFromConfig(config: WorldConfig): SeedBankEntry['flags'] {
  return entryFlags(worldFromConfig(config));
}
