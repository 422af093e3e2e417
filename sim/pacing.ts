/**
 * Pacing: how a long computation (a world, a shrink, a bisect) lets its host handle signals
 * without the simulator reading a clock or setting a timer (docs/architecture.md, principle 1).
 *
 * A paced computation is a generator (`Steps<T>`) that yields at pause points, every few
 * events of a world. Two drivers run it:
 * - `finishNow` runs it straight through, for the sweep's workers and the tests: a yield costs
 *   a generator resume and nothing else, and no run is ever stopped;
 * - `finishPaced` hands each pause to a `Pacer` the host supplies (the CLI's comes from
 *   bin/vopr.ts). The pacer decides, by wall time, when to give the event loop a turn, so a
 *   signal handler can run; the driver then passes the pacer's stop reason (a signal's name)
 *   back into the computation, and the world in it ends early, keeping what it has.
 *
 * A stop reaches only the innermost world; a computation made of many worlds (shrink, bisect)
 * sees an execution that stopped and unwinds with RunInterruptedError.
 */

/** A computation that pauses now and then; the value sent back at a pause is a stop reason or null. */
export type Steps<T> = Generator<void, T, string | null | undefined>;

export interface Pacer {
  /**
   * Called when a paced computation starts and ends; a host can let a signal stop a
   * computation only while one runs (the CLI), and otherwise die of it as usual.
   */
  begin?(): void;
  end?(): void;
  /** A turn of the host's event loop when one is due, else null (then nothing is awaited). */
  turn(): Promise<void> | null;
  /** Why the host wants the computation to stop (such as "SIGINT"), or null to go on. */
  stopReason(): string | null;
}

/** Thrown through a computation made of many runs when one of them was stopped. */
export class RunInterruptedError extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(`interrupted by ${reason}`);
    this.name = 'RunInterruptedError';
    this.reason = reason;
  }
}

/** Runs `steps` to its end without pausing and without ever stopping it. */
export function finishNow<T>(steps: Steps<T>): T {
  let next = steps.next();
  while (next.done !== true) next = steps.next(null);
  return next.value;
}

/** Runs `steps` to its end, giving the host a turn when its pacer asks and passing on its stop reason. */
export async function finishPaced<T>(steps: Steps<T>, pacer: Pacer): Promise<T> {
  pacer.begin?.();
  try {
    let next = steps.next();
    while (next.done !== true) {
      const turn = pacer.turn();
      if (turn !== null) await turn;
      next = steps.next(pacer.stopReason());
    }
    return next.value;
  } finally {
    pacer.end?.();
  }
}

/** A pacer that never pauses and never stops: `finishPaced` with it behaves as `finishNow`. */
export const UNPACED: Pacer = { turn: () => null, stopReason: () => null };
