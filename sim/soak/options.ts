/**
 * The options of `vopr soak`, validated before anything runs: the duration (the spec's one
 * hour by default), the target rate (the spec's 1000 ops/s), how often to sample, the warm-up
 * left out of the fits (a tenth of the duration by default), and the workload's seed. A plan
 * with fewer than three samples after the warm-up could not fit a trend, so it is refused.
 */
import { parseDurationMs } from '../duration.ts';
import { SuiteOptionError, wholeNumberOption } from '../suite/options.ts';

/** The spec's soak tests: one hour at 1000 ops/s. */
export const SOAK_DURATION_DEFAULT = '1h';
export const SOAK_RATE_DEFAULT_OPS_PER_S = 1000;
export const SOAK_RATE_MAX_OPS_PER_S = 1_000_000;
export const SOAK_SAMPLE_EVERY_DEFAULT = '10s';
export const SOAK_SAMPLE_EVERY_MS_MIN = 10;
/** Samples after the warm-up, at least: a trend needs three points to mean anything. */
export const SOAK_SAMPLES_AFTER_WARMUP_MIN = 3;

export interface SoakOptions {
  readonly seed: bigint;
  readonly durationMs: number;
  readonly rateOpsPerS: number;
  readonly sampleEveryMs: number;
  readonly warmupMs: number;
}

export interface RawSoakOptions {
  readonly seed: bigint;
  readonly duration?: string | undefined;
  readonly rate?: number | undefined;
  readonly sampleEvery?: string | undefined;
  readonly warmup?: string | undefined;
}

export function soakOptionsFrom(raw: RawSoakOptions): SoakOptions {
  const durationMs = parseDurationMs('--duration', raw.duration ?? SOAK_DURATION_DEFAULT);
  const rateOpsPerS = wholeNumberOption(
    '--rate',
    raw.rate,
    { min: 1, max: SOAK_RATE_MAX_OPS_PER_S },
    SOAK_RATE_DEFAULT_OPS_PER_S,
  );
  const sampleEveryMs = parseDurationMs('--sample-every', raw.sampleEvery ?? SOAK_SAMPLE_EVERY_DEFAULT);
  if (sampleEveryMs < SOAK_SAMPLE_EVERY_MS_MIN) {
    throw new SuiteOptionError(
      '--sample-every',
      raw.sampleEvery,
      `expected at least ${SOAK_SAMPLE_EVERY_MS_MIN}ms`,
    );
  }
  const warmupMs =
    raw.warmup === undefined ? Math.round(durationMs / 10) : parseDurationMs('--warmup', raw.warmup);
  if (warmupMs >= durationMs) {
    throw new SuiteOptionError('--warmup', raw.warmup, 'expected a warm-up shorter than --duration');
  }
  const samplesAfterWarmup = Math.floor((durationMs - warmupMs) / sampleEveryMs);
  if (samplesAfterWarmup < SOAK_SAMPLES_AFTER_WARMUP_MIN) {
    throw new SuiteOptionError(
      '--sample-every',
      raw.sampleEvery ?? SOAK_SAMPLE_EVERY_DEFAULT,
      `leaves ${samplesAfterWarmup} sample(s) after the warm-up; a trend needs ${SOAK_SAMPLES_AFTER_WARMUP_MIN} (sample more often or soak longer)`,
    );
  }
  return { seed: raw.seed, durationMs, rateOpsPerS, sampleEveryMs, warmupMs };
}
