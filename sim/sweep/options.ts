/**
 * The sweep's options, validated up front: a bad value stops the sweep before any worker
 * starts, with a message naming the option and the value (exit code 2 at the CLI). The world
 * flags are checked by the world-flag table's own path, so a bad `--clients` reads the same
 * here as from `vopr run`; this file checks the options only a sweep has.
 */
import { availableParallelism } from 'node:os';
import { ConfigError } from '../config/ConfigError.ts';
import { worldFromFlags } from '../config/flag-options.ts';
import type { RawWorldFlags, WorldOptions } from '../config/world-flags.ts';
import { DurationError, parseDurationMs } from '../duration.ts';
import { parseSeed, SeedError } from '../random/index.ts';
import { resolveShard, type Shard, ShardError, shardSeedCount } from './shard.ts';

export interface SweepOptions {
  /** Seeds in the whole sweep (all shards together); null when only a time budget bounds it. */
  seeds: number | null;
  from: bigint;
  timeBudgetMs: number | null;
  world: WorldOptions;
  workers: number;
  seedTimeoutMs: number;
  reports: string[];
  shard: Shard;
  traceDir: string;
  workerHeapMb: number;
  shrink: boolean;
}

/** The options as the command line gives them, before validation; world flags by flag name. */
export interface RawSweepOptions extends RawWorldFlags {
  seeds?: number | undefined;
  from?: string | number | undefined;
  time?: string | number | undefined;
  workers?: number | undefined;
  seedTimeout?: string | number | undefined;
  report?: string[] | string | undefined;
  shard?: string | undefined;
  shards?: number | undefined;
  traceDir?: string | undefined;
  workerHeapMb?: number | undefined;
  shrink?: boolean | undefined;
}

export const SEEDS_DEFAULT = 1000;
export const SEED_TIMEOUT_DEFAULT = '120s';
export const WORKERS_MAX = 1024;
export const WORKER_HEAP_MB_DEFAULT = 1024;
export const TRACE_DIR_DEFAULT = 'reports/traces';

export class SweepOptionsError extends Error {
  readonly option: string;
  constructor(option: string, value: unknown, reason: string) {
    super(`${option}: ${reason} (got ${JSON.stringify(value)})`);
    this.name = 'SweepOptionsError';
    this.option = option;
  }
}

function wholeNumber(
  option: string,
  value: number | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new SweepOptionsError(option, value, `expected a whole number from ${min} to ${max}`);
  }
  return value;
}

/** The errors that mean "bad input" (exit code 2), as opposed to a sweep that ran and failed. */
export function isUsageError(error: unknown): error is Error {
  return (
    error instanceof SweepOptionsError ||
    error instanceof ConfigError ||
    error instanceof DurationError ||
    error instanceof ShardError
  );
}

/** Validates raw options; `env` supplies JOB_COMPLETION_INDEX and VOPR_SHARDS for sharding. */
export function sweepOptionsFrom(
  raw: RawSweepOptions,
  env: Readonly<Record<string, string | undefined>>,
): SweepOptions {
  try {
    const seedsGiven = wholeNumber('--seeds', raw.seeds, 1, Number.MAX_SAFE_INTEGER);
    const timeBudgetMs = raw.time === undefined ? null : parseDurationMs('--time', raw.time);
    const seeds = seedsGiven ?? (timeBudgetMs === null ? SEEDS_DEFAULT : null);
    const reports = raw.report === undefined ? [] : Array.isArray(raw.report) ? raw.report : [raw.report];
    const shard = resolveShard({ shard: raw.shard, shards: raw.shards, env });
    if (seeds !== null && shardSeedCount(seeds, shard) === 0) {
      // A shard with no seed would test nothing and still pass.
      throw new SweepOptionsError(
        '--seeds',
        seeds,
        `shard ${shard.index}/${shard.count} gets none of the ${seeds} seeds (it needs more than ${shard.index})`,
      );
    }
    return {
      seeds,
      from: raw.from === undefined ? 0n : parseSeed(raw.from),
      timeBudgetMs,
      world: worldFromFlags(raw),
      workers: wholeNumber('--workers', raw.workers, 1, WORKERS_MAX) ?? availableParallelism(),
      seedTimeoutMs: parseDurationMs('--seed-timeout', raw.seedTimeout ?? SEED_TIMEOUT_DEFAULT),
      reports,
      shard,
      traceDir: raw.traceDir ?? TRACE_DIR_DEFAULT,
      workerHeapMb: wholeNumber('--worker-heap-mb', raw.workerHeapMb, 64, 65_536) ?? WORKER_HEAP_MB_DEFAULT,
      shrink: raw.shrink === true,
    };
  } catch (error) {
    if (error instanceof SeedError) throw new SweepOptionsError('--from', raw.from, error.message);
    throw error;
  }
}

/** The options that define which seeds and worlds a sweep covers: what shard reports must share. */
export function sweepDefinition(options: SweepOptions): Record<string, unknown> {
  return {
    from: options.from.toString(),
    seeds: options.seeds,
    time_ms: options.timeBudgetMs,
    world: options.world,
    shards: options.shard.count,
  };
}
