/**
 * Real timers on the wall clock, for bin/redlite-server: the only file of the connection layer
 * allowed to use setTimeout and Date.now (the determinism lint exempts it by name, after
 * docs/architecture.md, principle 1). Sessions and
 * the hub never see it; the server only asks it for alarms through HostTimers.
 */
import type { HostTimers } from './host-timers.ts';

/** setTimeout's largest delay; a later alarm re-arms itself when this one fires. */
const TIMEOUT_MS_MAX = 2 ** 31 - 1;

export const wallTimers: HostTimers = {
  at(atMs, task) {
    let handle: NodeJS.Timeout;
    // A timer may fire before the clock reads `atMs` (or be clamped): check, and re-arm.
    const arm = (first: boolean): void => {
      const delayMs = atMs - Date.now();
      if (delayMs > 0) handle = setTimeout(() => arm(false), Math.min(delayMs, TIMEOUT_MS_MAX));
      else if (first) handle = setTimeout(task, 0);
      else task();
    };
    arm(true);
    return () => clearTimeout(handle);
  },
  every(periodMs, task) {
    const handle = setInterval(task, periodMs);
    return () => clearInterval(handle);
  },
};
