/**
 * Code coverage for the fuzzer, from V8 through Node's own inspector (no dependency): precise
 * block coverage in binary mode (`callCount: false, detailed: true`). Each take returns the
 * functions that ran since the previous take, with the blocks inside them that did not run;
 * V8 clears its flags on every take, so a take is a delta.
 *
 * What counts as new: a function seen for the first time, or a block that earlier takes
 * reported as not run and this take does not (it ran). Blocks V8 folds into their function
 * (they ran whenever it did) need no tracking: the function's first run covered them. Only
 * scripts under the repository count, minus node_modules and the fuzzer's own harness, so the
 * feedback is about the code under test.
 *
 * A take costs milliseconds whatever ran, so the fuzzer takes one per batch of inputs and
 * asks `isNovel` before paying for per-input takes (sim/fuzz/fuzz-loop.ts).
 */
import { Session } from 'node:inspector';

interface Range {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly count: number;
}

interface FunctionCoverage {
  readonly ranges: readonly Range[];
}

interface ScriptCoverage {
  readonly url: string;
  readonly functions: readonly FunctionCoverage[];
}

/** One take's coverage: per function, the blocks that did not run. */
export interface CoverageDelta {
  readonly functions: ReadonlyMap<string, readonly Range[]>;
}

export class CoverageError extends Error {
  constructor(method: string, cause: unknown) {
    super(`inspector ${method} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CoverageError';
  }
}

function rangeKey(range: Range): string {
  return `${range.startOffset}:${range.endOffset}`;
}

function inside(range: Range, outer: Range): boolean {
  return range.startOffset >= outer.startOffset && range.endOffset <= outer.endOffset;
}

export class Coverage {
  private readonly session = new Session();
  private readonly counts: (url: string) => boolean;
  /** Per function: its blocks ever reported as not run, by key. */
  private readonly unrun = new Map<string, Map<string, Range>>();
  /** Per function: the blocks among those that have since run. */
  private readonly ran = new Map<string, Set<string>>();
  private featureCount = 0;

  /** `counts` says which script URLs are code under test. */
  constructor(counts: (url: string) => boolean) {
    this.counts = counts;
  }

  /** Calls the inspector; a same-thread session answers synchronously. */
  private post(method: string, params?: object): unknown {
    let result: unknown;
    let failure: unknown = null;
    this.session.post(method, params, (error, answer) => {
      failure = error;
      result = answer;
    });
    if (failure !== null) throw new CoverageError(method, failure);
    return result;
  }

  start(): void {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: false, detailed: true });
  }

  stop(): void {
    this.post('Profiler.stopPreciseCoverage');
    this.session.disconnect();
  }

  /** What ran since the previous take. */
  take(): CoverageDelta {
    const taken = this.post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
    const functions = new Map<string, readonly Range[]>();
    for (const script of taken.result) {
      if (!this.counts(script.url)) continue;
      for (const fn of script.functions) {
        const whole = fn.ranges[0];
        if (whole === undefined || whole.count === 0) continue;
        functions.set(
          `${script.url}#${rangeKey(whole)}`,
          fn.ranges.slice(1).filter((range) => range.count === 0),
        );
      }
    }
    return { functions };
  }

  /** The features `delta` adds: functions never seen, and blocks that ran for the first time. */
  private fresh(delta: CoverageDelta, commit: boolean): number {
    let found = 0;
    for (const [fn, notRun] of delta.functions) {
      const known = this.unrun.get(fn);
      if (known === undefined) {
        found++;
        if (commit) {
          this.unrun.set(fn, new Map(notRun.map((range) => [rangeKey(range), range])));
          this.ran.set(fn, new Set());
        }
        continue;
      }
      const ran = this.ran.get(fn) as Set<string>;
      // Learned first, against what had run before this take: a block first named now inside
      // a block that runs for the first time now has never run.
      if (commit) this.learn(known, ran, notRun);
      for (const [key, block] of known) {
        if (ran.has(key) || notRun.some((range) => inside(block, range))) continue;
        found++;
        if (commit) ran.add(key);
      }
    }
    if (commit) this.featureCount += found;
    return found;
  }

  /**
   * Learns blocks a take reports as not run for the first time. V8 reports only the outermost
   * block that did not run, so a block first named now either sat inside a block that never
   * ran (it never ran either) or ran folded into its function earlier (it counts as run).
   */
  private learn(known: Map<string, Range>, ran: Set<string>, notRun: readonly Range[]): void {
    for (const range of notRun) {
      const key = rangeKey(range);
      if (known.has(key)) continue;
      const neverRan = [...known].some(([outerKey, outer]) => !ran.has(outerKey) && inside(range, outer));
      known.set(key, range);
      if (!neverRan) ran.add(key);
    }
  }

  /** Whether `delta` adds anything, without recording it. */
  isNovel(delta: CoverageDelta): boolean {
    return this.fresh(delta, false) > 0;
  }

  /** Records `delta`; returns how many features it added. */
  commit(delta: CoverageDelta): number {
    return this.fresh(delta, true);
  }

  /** Features covered so far: functions plus blocks that ran after first being missed. */
  get features(): number {
    return this.featureCount;
  }
}
