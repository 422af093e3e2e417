/**
 * SearchBudget: what one partition's search may spend, in model steps, in bytes remembered
 * (interned states and cache keys: what grows with the search and is never forgotten) and in
 * wall-clock milliseconds. Bytes are estimated from string lengths, so like steps they are a
 * function of the history and the limits. The clock is injected: code under sim/ never reads
 * real time, so the CLI passes the stopwatch of sim/wall-clock.ts, and a simulated world passes
 * none (then only the step and byte bounds apply, and the verdict stays a function of the
 * history alone).
 */
import type { CheckLimits } from './limits.ts';

/** Reading a clock costs more than a step; it is read once per this many steps. */
const STEPS_PER_CLOCK_READ = 256;

export class SearchBudget {
  private readonly stepsMax: number;
  private readonly cacheBytesMax: number;
  private readonly wallMsMax: number;
  private readonly nowMs: (() => number) | null;
  private readonly startMs: number;
  private stepsUsed = 0;
  private bytesUsed = 0;
  private nextClockReadAt = STEPS_PER_CLOCK_READ;
  private spentReason: string | null = null;

  constructor(
    limits: Pick<CheckLimits, 'stepsMax' | 'cacheBytesMax' | 'wallMsMax'>,
    nowMs: (() => number) | null,
  ) {
    this.stepsMax = limits.stepsMax;
    this.cacheBytesMax = limits.cacheBytesMax;
    this.wallMsMax = limits.wallMsMax;
    this.nowMs = nowMs;
    this.startMs = nowMs === null ? 0 : nowMs();
  }

  get steps(): number {
    return this.stepsUsed;
  }

  /** Counts `steps` model steps. */
  spend(steps: number): void {
    this.stepsUsed += steps;
  }

  /** Counts `bytes` more remembered for the rest of the search (rememberedBytes, StateInterner.ts). */
  remember(bytes: number): void {
    this.bytesUsed += bytes;
  }

  /** Why the budget is spent (naming the limit and its value), or null while it lasts. */
  exhausted(): string | null {
    if (this.spentReason !== null) return this.spentReason;
    if (this.stepsUsed >= this.stepsMax) {
      this.spentReason = `stepsMax spent (${this.stepsMax} model steps)`;
    } else if (this.bytesUsed >= this.cacheBytesMax) {
      this.spentReason = `cacheBytesMax spent (${this.cacheBytesMax} bytes of states and cache keys)`;
    } else if (this.nowMs !== null && this.wallMsMax !== Number.POSITIVE_INFINITY) {
      if (this.stepsUsed >= this.nextClockReadAt) {
        this.nextClockReadAt = this.stepsUsed + STEPS_PER_CLOCK_READ;
        const elapsedMs = this.nowMs() - this.startMs;
        if (elapsedMs >= this.wallMsMax)
          this.spentReason = `wallMsMax spent (${this.wallMsMax} ms of wall time)`;
      }
    }
    return this.spentReason;
  }
}
