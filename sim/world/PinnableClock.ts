/**
 * The model's clock: the world's virtual clock, which the durability checker may pin to a past
 * time while it replays an acknowledged command on a snapshot of the model, so that the replay
 * sees the time the command originally ran at (expiry deadlines depend on it).
 */
import type { Clock } from '../../redlite/clock.ts';

export class PinnableClock implements Clock {
  private readonly base: Clock;
  private pinnedMs: number | null = null;

  constructor(base: Clock) {
    this.base = base;
  }

  now(): number {
    return this.pinnedMs ?? this.base.now();
  }

  /** Runs `body` with the clock reading `atMs`, then lets it follow the world's clock again. */
  at<T>(atMs: number, body: () => T): T {
    const previous = this.pinnedMs;
    this.pinnedMs = atMs;
    try {
      return body();
    } finally {
      this.pinnedMs = previous;
    }
  }
}
