/**
 * VirtualClock: the world's time, integer milliseconds from a seeded epoch. Only the scheduler
 * moves it, and only forward; redlite and the model read it through the `Clock` interface.
 */
import type { Clock } from '../redlite/clock.ts';

export class ClockError extends Error {
  readonly fromMs: number;
  readonly toMs: number;
  constructor(fromMs: number, toMs: number) {
    super(`virtual clock cannot move from ${fromMs} back to ${toMs}`);
    this.name = 'ClockError';
    this.fromMs = fromMs;
    this.toMs = toMs;
  }
}

export class VirtualClock implements Clock {
  readonly epochMs: number;
  private currentMs: number;

  constructor(epochMs: number) {
    if (!Number.isSafeInteger(epochMs) || epochMs < 0) throw new ClockError(0, epochMs);
    this.epochMs = epochMs;
    this.currentMs = epochMs;
  }

  now(): number {
    return this.currentMs;
  }

  /** Milliseconds simulated since the epoch. */
  elapsedMs(): number {
    return this.currentMs - this.epochMs;
  }

  /** Moves time to `atMs`; never backwards, because redlite and the model assume monotonic time. */
  advanceTo(atMs: number): void {
    if (!Number.isSafeInteger(atMs) || atMs < this.currentMs) throw new ClockError(this.currentMs, atMs);
    this.currentMs = atMs;
  }
}
