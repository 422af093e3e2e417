/**
 * The options of `vopr fuzz`, validated before a worker starts: which targets (all by
 * default, one after another), the wall time per target, an optional bound on executions per
 * target (which, with the seed and the starting corpus, makes a run exactly repeatable), where
 * the corpus and the findings go, the hang budget, and the batch size between coverage takes.
 */
import { parseDurationMs } from '../duration.ts';
import { SuiteOptionError, wholeNumberOption } from '../suite/options.ts';

export const FUZZ_TIME_DEFAULT = '60s';
export const FUZZ_CORPUS_DIR_DEFAULT = 'reports/fuzz/corpus';
export const FUZZ_CRASH_DIR_DEFAULT = 'reports/fuzz/crashes';
export const FUZZ_HANG_DEFAULT = '5s';
export const FUZZ_BATCH_DEFAULT = 64;
export const FUZZ_BATCH_MAX = 10_000;

export interface FuzzOptions {
  readonly seed: bigint;
  readonly targets: readonly string[];
  readonly timeBudgetMs: number;
  readonly runsMax: number | null;
  /** Each target keeps its corpus in `<corpusDir>/<target>`. */
  readonly corpusDir: string;
  readonly crashDir: string;
  readonly hangMs: number;
  readonly batchSize: number;
}

export interface RawFuzzOptions {
  readonly seed: bigint;
  readonly target?: string | undefined;
  readonly time?: string | undefined;
  readonly runs?: number | undefined;
  readonly corpus?: string | undefined;
  readonly crashDir?: string | undefined;
  readonly hangTimeout?: string | undefined;
  readonly batch?: number | undefined;
}

export function checkTarget(name: string, known: readonly string[]): string {
  if (!known.includes(name))
    throw new SuiteOptionError('--target', name, `expected one of ${known.join(', ')}`);
  return name;
}

export function hangMsOf(raw: string | undefined): number {
  return parseDurationMs('--hang-timeout', raw ?? FUZZ_HANG_DEFAULT);
}

export function fuzzOptionsFrom(raw: RawFuzzOptions, known: readonly string[]): FuzzOptions {
  return {
    seed: raw.seed,
    targets: raw.target === undefined ? [...known] : [checkTarget(raw.target, known)],
    timeBudgetMs: parseDurationMs('--time', raw.time ?? FUZZ_TIME_DEFAULT),
    runsMax:
      raw.runs === undefined
        ? null
        : wholeNumberOption('--runs', raw.runs, { min: 1, max: Number.MAX_SAFE_INTEGER }, 1),
    corpusDir: raw.corpus ?? FUZZ_CORPUS_DIR_DEFAULT,
    crashDir: raw.crashDir ?? FUZZ_CRASH_DIR_DEFAULT,
    hangMs: hangMsOf(raw.hangTimeout),
    batchSize: wholeNumberOption('--batch', raw.batch, { min: 1, max: FUZZ_BATCH_MAX }, FUZZ_BATCH_DEFAULT),
  };
}
