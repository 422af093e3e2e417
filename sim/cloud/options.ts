/**
 * The options of `vopr cloud render | run`, validated before anything is printed or applied:
 * shards and seeds, the image, the namespace, the first seed, the world flags the sweep
 * passes on (`--scenario`, `--ops`, ...), the run's name (which names its Jobs and its folder
 * on the reports volume) and the time the Jobs may take.
 */
import { worldFromFlags } from '../config/flag-options.ts';
import type { RawWorldFlags, WorldOptions } from '../config/world-flags.ts';
import { parseDurationMs } from '../duration.ts';
import { parseSeed, SeedError } from '../random/index.ts';
import { SuiteOptionError, wholeNumberOption } from '../suite/options.ts';
import { SEEDS_DEFAULT } from '../sweep/options.ts';

/** The nightly Job's shard count (deploy/kubernetes/nightly-sweep.yaml). */
export const CLOUD_SHARDS_DEFAULT = 8;
export const CLOUD_SHARDS_MAX = 1000;
/** The nightly Job's activeDeadlineSeconds. */
export const CLOUD_TIMEOUT_DEFAULT = '2h';
/** Kubernetes names are DNS labels; this leaves room for the `-sweep`, `-merge`, `-fetch` suffixes. */
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const NAME_CHARS_MAX = 40;

export interface CloudOptions {
  readonly name: string;
  readonly shards: number;
  readonly seeds: number;
  readonly from: bigint;
  readonly image: string;
  readonly namespace: string | null;
  readonly world: WorldOptions;
  readonly timeoutMs: number;
}

export interface RawCloudOptions extends RawWorldFlags {
  readonly shards?: number | undefined;
  readonly seeds?: number | undefined;
  readonly image?: string | undefined;
  readonly namespace?: string | undefined;
  readonly from?: string | undefined;
  readonly name?: string | undefined;
  readonly timeout?: string | undefined;
}

function checkName(option: string, value: string): string {
  if (!NAME.test(value) || value.length > NAME_CHARS_MAX) {
    throw new SuiteOptionError(
      option,
      value,
      `expected lower-case letters, digits and '-', at most ${NAME_CHARS_MAX}`,
    );
  }
  return value;
}

export function cloudOptionsFrom(raw: RawCloudOptions): CloudOptions {
  const seeds = wholeNumberOption(
    '--seeds',
    raw.seeds,
    { min: 1, max: Number.MAX_SAFE_INTEGER },
    SEEDS_DEFAULT,
  );
  const shards = wholeNumberOption(
    '--shards',
    raw.shards,
    { min: 1, max: CLOUD_SHARDS_MAX },
    CLOUD_SHARDS_DEFAULT,
  );
  if (shards > seeds) throw new SuiteOptionError('--shards', shards, `expected at most --seeds (${seeds})`);
  if (raw.image === undefined || raw.image.trim() === '' || /\s/.test(raw.image)) {
    throw new SuiteOptionError(
      '--image',
      raw.image ?? '',
      'required: the image built from deploy/Dockerfile',
    );
  }
  let from: bigint;
  try {
    from = raw.from === undefined ? 0n : parseSeed(raw.from);
  } catch (error) {
    if (error instanceof SeedError) throw new SuiteOptionError('--from', raw.from, error.message);
    throw error;
  }
  return {
    name: checkName('--name', raw.name ?? `vopr-${from}-${seeds}`),
    shards,
    seeds,
    from,
    image: raw.image,
    namespace: raw.namespace === undefined ? null : checkName('--namespace', raw.namespace),
    world: worldFromFlags(raw),
    timeoutMs: parseDurationMs('--timeout', raw.timeout ?? CLOUD_TIMEOUT_DEFAULT),
  };
}
