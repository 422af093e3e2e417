/**
 * The wall clock, for hosts that run redlite for real. This is the only file in `redlite/`
 * allowed to read ambient time; the determinism lint exempts it by name.
 */
import type { Clock } from './clock.ts';

export const systemClock: Clock = {
  now(): number {
    return Date.now();
  },
};
