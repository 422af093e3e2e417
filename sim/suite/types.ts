/**
 * The result vocabulary of the check commands: `smoke`, `properties`, `fuzz` and `soak` now,
 * and the later `oracle`, `simulate`, `chaos`, `stress` and `full`. A suite is a list of named
 * checks (a smoke scenario, a property, a fuzz target, a soak alert); each passes, fails or is
 * skipped with a reason, carries its figures, and on failure says what replays it. `full` will
 * join several suites' reports into one. It leaves out how a check runs, which is each
 * command's own folder, and how results are printed (sim/suite/check-lines.ts).
 *
 * Field names are snake_case, like RunResult's and the sweep report's: machines outside
 * TypeScript read the JSON.
 */

export const SUITE_REPORT_FORMAT = 'redlite-dst/suite-report';
export const SUITE_REPORT_VERSION = 1;

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckFailure {
  /** One line: what broke. */
  readonly message: string;
  /** Further lines for people: the counterexample, the failing op, a stack. */
  readonly details: readonly string[];
  /** One shell command line that reproduces the failure, or null when nothing can. */
  readonly replay: string | null;
}

export interface CheckResult {
  /** The check's name as the spec spells it: `basic_set_get`, `incr_monotonic`, ... */
  readonly name: string;
  readonly status: CheckStatus;
  /** One line for people: what ran, such as `1000 ops on 100 keys`. */
  readonly summary: string;
  /** Named measurements, units last in each name (`ops`, `execs_per_s`, `rss_growth_percent`). */
  readonly figures: Readonly<Record<string, number>>;
  readonly failure: CheckFailure | null;
  /** Why a skipped check did not run; null otherwise. */
  readonly skip_reason: string | null;
  readonly wall_ms: number;
}

export interface SuiteTotals {
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface SuiteReport {
  readonly format: typeof SUITE_REPORT_FORMAT;
  readonly version: typeof SUITE_REPORT_VERSION;
  /** The vopr command that ran the suite: `smoke`, `properties`, ... */
  readonly command: string;
  /** The seed the suite ran from, as decimal text; null for suites without one (cloud). */
  readonly seed: string | null;
  /** The validated options, for the record (what a rerun needs besides the seed). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly wall_ms: number;
  readonly totals: SuiteTotals;
  readonly checks: readonly CheckResult[];
  /** Command-specific data too big for a check's figures (soak's time series). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Hears each check as it finishes, so a command prints results as they come. */
export interface SuiteObserver {
  /** A check finished. */
  checkDone?(result: CheckResult): void;
  /** Progress inside the suite: `done` of `total` units (null when unbounded). */
  progress?(done: number, total: number | null, label: string): void;
  /** A line of running commentary for logs (off a terminal: periodic status). */
  note?(line: string): void;
}
