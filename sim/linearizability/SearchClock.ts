/**
 * SearchClock: the clock every model copy of one search reads. The search sets it to the time
 * it applies an operation at, just before applying it; nothing else moves it. Model copies share
 * their clock (Model.clone keeps it), so one settable clock serves a whole search.
 */
import type { Clock } from '../../redlite/clock.ts';

export class SearchClock implements Clock {
  private nowMs: number;

  constructor(startMs: number) {
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  set(atMs: number): void {
    this.nowMs = atMs;
  }
}
