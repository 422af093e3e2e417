/**
 * The stopwatch the CLI uses to report elapsed real time (wall_ms, ops/s, the simulated-to-real
 * time ratio). It is the one file under sim/ allowed to read the wall clock, and its readings
 * never enter a world, a trace or a trace hash.
 */
export interface Stopwatch {
  /** Milliseconds since the stopwatch started, with sub-millisecond precision. */
  elapsedMs(): number;
}

export function startStopwatch(): Stopwatch {
  const startMs = performance.now();
  return { elapsedMs: () => performance.now() - startMs };
}

/** Real milliseconds as a plain function, for injected-clock consumers such as shrink budgets. */
export function wallNowMs(): number {
  return performance.now();
}

/** Today's date (UTC) as YYYY-MM-DD, for stamping seed-bank entries; never enters a world. */
export function wallDateIso(): string {
  return new Date().toISOString().slice(0, 10);
}
