/**
 * Which slice of a sweep this process runs. Shard i of n runs exactly the seeds whose index
 * (position from `--from`, counting from 0) is i modulo n, so n shards together run every seed
 * once, whatever machines they land on. The shard comes from `--shard i/n`, or else from
 * Kubernetes' `JOB_COMPLETION_INDEX` with the total in `--shards` or `VOPR_SHARDS`, so an
 * Indexed Job or a CI matrix runs the same command line unchanged.
 */

export interface Shard {
  /** This shard's number, from 0. */
  readonly index: number;
  /** How many shards the whole sweep has; 1 means unsharded. */
  readonly count: number;
}

export const SHARD_COUNT_MAX = 100_000;

export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

function parseWhole(what: string, text: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new ShardError(`${what}: expected a whole number, got ${JSON.stringify(text)}`);
  return Number(text.trim());
}

function checked(index: number, count: number, source: string): Shard {
  if (count < 1 || count > SHARD_COUNT_MAX) {
    throw new ShardError(`${source}: shard count ${count} is outside 1..${SHARD_COUNT_MAX}`);
  }
  if (index >= count) throw new ShardError(`${source}: shard index ${index} is not below the count ${count}`);
  return { index, count };
}

/** Parses `i/n`, for example `3/8`; throws ShardError naming the bad value. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (match === null) throw new ShardError(`--shard: expected i/n such as 0/4, got ${JSON.stringify(text)}`);
  return checked(Number(match[1]), Number(match[2]), `--shard ${text}`);
}

export interface ShardSources {
  shard?: string | undefined;
  shards?: number | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

/** Resolves the shard from the flags, then the environment; unsharded when neither says. */
export function resolveShard(sources: ShardSources): Shard {
  if (sources.shard !== undefined) return parseShard(sources.shard);
  const indexText = sources.env.JOB_COMPLETION_INDEX;
  const totalText = sources.shards !== undefined ? String(sources.shards) : sources.env.VOPR_SHARDS;
  if (indexText === undefined || indexText === '') {
    if (sources.shards !== undefined && sources.shards !== 1) {
      throw new ShardError('--shards: needs JOB_COMPLETION_INDEX in the environment (or use --shard i/n)');
    }
    return { index: 0, count: 1 };
  }
  if (totalText === undefined || totalText === '') {
    throw new ShardError(
      'JOB_COMPLETION_INDEX is set but the shard total is not: pass --shards N or set VOPR_SHARDS',
    );
  }
  const index = parseWhole('JOB_COMPLETION_INDEX', indexText);
  const count = parseWhole(sources.shards !== undefined ? '--shards' : 'VOPR_SHARDS', totalText);
  return checked(index, count, `JOB_COMPLETION_INDEX=${index} with ${count} shards`);
}

/** How many of the sweep's first `seedCount` indexes belong to `shard`. */
export function shardSeedCount(seedCount: number, shard: Shard): number {
  if (seedCount <= shard.index) return 0;
  return Math.floor((seedCount - shard.index - 1) / shard.count) + 1;
}
