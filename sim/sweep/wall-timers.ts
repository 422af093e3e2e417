/**
 * The sweep's only contact with real time besides sim/wall-clock.ts: the seed-timeout alarm,
 * the periodic progress and throughput ticks, a worker's turn of the event loop between two
 * seeds, and the calendar timestamps a report carries.
 *
 * A sweep schedules seeds by the wall clock by nature (a time budget, a hang timeout), so this
 * file is exempt from the determinism lint. None of these readings reaches a world, a trace or
 * a trace hash: each seed still runs deterministically inside its worker.
 */

/** Cancels a pending alarm or ticker; calling it twice is harmless. */
export type Cancel = () => void;

/** Calls `action` once after `delayMs` of real time unless cancelled first. */
export function alarmAfter(delayMs: number, action: () => void): Cancel {
  const handle = setTimeout(action, delayMs);
  return () => clearTimeout(handle);
}

/**
 * Calls `action` every `periodMs` of real time until cancelled. The ticker does not keep the
 * process alive on its own: the workers' IPC channels do while there is work.
 */
export function tickEvery(periodMs: number, action: () => void): Cancel {
  const handle = setInterval(action, periodMs);
  handle.unref();
  return () => clearInterval(handle);
}

/** Calls `action` on the event loop's next turn, after any I/O that is waiting (IPC messages). */
export function nextTurn(action: () => void): void {
  setImmediate(action);
}

/** The current calendar time in ISO 8601 (UTC), for a report's start and end stamps. */
export function isoNow(): string {
  return new Date().toISOString();
}
