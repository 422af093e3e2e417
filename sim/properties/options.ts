/**
 * The options of `vopr properties`, validated before any property runs: the fast-check seed
 * (a 32-bit integer, which is what fast-check replays from), the runs per property (the spec's
 * default_seeds, 1000), the `--filter` choice, and a `--path` that replays one shrunk
 * counterexample and so needs exactly one property.
 */
import { parseSeed, SeedError } from '../random/index.ts';
import { filterNames, SuiteOptionError, wholeNumberOption } from '../suite/options.ts';
import { PROPERTY_NAMES } from './catalogue.ts';

/** The spec's `properties.default_seeds`. */
export const PROPERTY_SEEDS_DEFAULT = 1000;
export const PROPERTY_SEEDS_MAX = 10_000_000;
/** fast-check seeds are 32-bit integers. */
export const PROPERTY_SEED_MAX = 0xffff_ffff;

export interface PropertiesOptions {
  /** The fast-check seed every property runs from. */
  readonly seed: number;
  /** Generated inputs per property (fast-check's numRuns). */
  readonly runs: number;
  /** Property names, in catalogue order. */
  readonly names: readonly string[];
  /** A fast-check path to replay (one counterexample), or null for a full run. */
  readonly path: string | null;
}

export interface RawPropertiesOptions {
  readonly seed: string | undefined;
  readonly seeds?: number | undefined;
  readonly filter?: string | undefined;
  readonly path?: string | undefined;
}

/** A `--seed` for fast-check: 0 to 2^32-1, decimal or 0x hex. */
export function parsePropertySeed(text: string): number {
  let seed: bigint;
  try {
    seed = parseSeed(text);
  } catch (error) {
    if (error instanceof SeedError)
      throw new SuiteOptionError('--seed', text, 'expected an integer from 0 to 2^32-1');
    throw error;
  }
  if (seed > BigInt(PROPERTY_SEED_MAX))
    throw new SuiteOptionError('--seed', text, 'expected an integer from 0 to 2^32-1 (a fast-check seed)');
  return Number(seed);
}

/** Validates the raw options; `drawnSeed` is used when no --seed is given. */
export function propertiesOptionsFrom(raw: RawPropertiesOptions, drawnSeed: number): PropertiesOptions {
  const names = filterNames(PROPERTY_NAMES, raw.filter);
  const runs = wholeNumberOption(
    '--seeds',
    raw.seeds,
    { min: 1, max: PROPERTY_SEEDS_MAX },
    PROPERTY_SEEDS_DEFAULT,
  );
  if (raw.path !== undefined) {
    if (!/^\d+(:\d+)*$/.test(raw.path)) {
      throw new SuiteOptionError('--path', raw.path, 'expected a fast-check path such as 12:0:3');
    }
    if (raw.seed === undefined)
      throw new SuiteOptionError('--path', raw.path, 'a path replays a --seed; give both');
    if (names.length !== 1) {
      throw new SuiteOptionError(
        '--path',
        raw.path,
        `a path replays one property; --filter chose ${names.join(', ')}`,
      );
    }
  }
  return {
    seed: raw.seed === undefined ? drawnSeed : parsePropertySeed(raw.seed),
    runs,
    names,
    path: raw.path ?? null,
  };
}
