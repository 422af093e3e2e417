/**
 * The live runner's only contact with real time: Unix wall-clock readings for a history's
 * invoke and return times (the clock a live server's expiry also runs on), and real pauses
 * (client think time, waiting for a server to come up or to exit).
 *
 * A live run happens in wall time by nature, so this file is exempt from the determinism lint
 * (docs/architecture.md, principle 1). Nothing here reaches a simulated world, a trace or a
 * trace hash: live runs never replay, and say so.
 */

/** Unix milliseconds now, with sub-millisecond precision, on the clock servers read. */
export function unixNowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Resolves after `delayMs` of real time. */
export function sleepMs(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}

/** Resolves with `promise`'s value, or with `fallback` once `delayMs` of real time passed first. */
export function withinMs<T>(promise: Promise<T>, delayMs: number, fallback: T): Promise<T> {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    handle = setTimeout(() => resolve(fallback), delayMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(handle));
}
