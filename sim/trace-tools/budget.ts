/**
 * ShrinkBudget: the two bounds of a shrink, runs and wall time (`--runs`, `--time`).
 *
 * The clock is injected: code under sim/ never reads real time, so the CLI passes the
 * stopwatch from `sim/wall-clock.ts` and tests pass a fake. Every oracle call goes through
 * `spend()`, so no pass can run past the budget.
 */
export interface ShrinkLimits {
  /** The most oracle runs a shrink may use. */
  runsMax: number;
  /** The most wall time a shrink may take, in milliseconds; Infinity for no bound. */
  wallMsMax: number;
}

export class ShrinkLimitError extends Error {
  readonly option: string;
  readonly value: number;
  constructor(option: string, value: number) {
    super(`invalid ${option}: ${value} (expected a positive number)`);
    this.name = 'ShrinkLimitError';
    this.option = option;
    this.value = value;
  }
}

export class ShrinkBudget {
  readonly limits: ShrinkLimits;
  private readonly nowMs: () => number;
  private readonly startMs: number;
  private runsUsed = 0;

  constructor(limits: ShrinkLimits, nowMs: () => number) {
    if (!(Number.isInteger(limits.runsMax) && limits.runsMax > 0)) {
      throw new ShrinkLimitError('runsMax', limits.runsMax);
    }
    if (!(limits.wallMsMax > 0)) throw new ShrinkLimitError('wallMsMax', limits.wallMsMax);
    this.limits = limits;
    this.nowMs = nowMs;
    this.startMs = nowMs();
  }

  get runs(): number {
    return this.runsUsed;
  }

  elapsedMs(): number {
    return this.nowMs() - this.startMs;
  }

  exhausted(): boolean {
    return this.runsUsed >= this.limits.runsMax || this.elapsedMs() >= this.limits.wallMsMax;
  }

  /** Counts one oracle run; returns false (and counts nothing) when the budget is spent. */
  spend(): boolean {
    if (this.exhausted()) return false;
    this.runsUsed++;
    return true;
  }
}
