/**
 * Readable step builders for emitted regression tests: `op`, `timer` and `fault` turn one
 * line of a test file into one event, and `bytes` spells a binary argument. Times are
 * milliseconds after the world's start and indexes are the step's position; `toEvents` makes
 * them absolute, so a test reads as a plain list of what happened.
 *
 * Running the steps is `runSteps` in `run-steps.ts`; this file only builds data.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { PendingEvent, SimEvent, TimerName } from '../events.ts';

/** A binary argument, written in base64 in the test file. */
export function bytes(base64: string): Buffer {
  return Buffer.from(base64, 'base64');
}

export function op(atMs: number, client: number, argv: readonly Arg[]): PendingEvent {
  return { kind: 'op', atMs, client, argv };
}

export function timer(atMs: number, name: TimerName, seed: string): PendingEvent {
  return { kind: 'timer', atMs, timer: name, seed };
}

export function fault(
  atMs: number,
  name: string,
  seed: string,
  params?: Readonly<Record<string, unknown>>,
): PendingEvent {
  return params === undefined
    ? { kind: 'fault', atMs, fault: name, seed }
    : { kind: 'fault', atMs, fault: name, seed, params };
}

/** Numbers the steps from 0 in the order written, and moves them to start at `epochMs`. */
export function toEvents(steps: readonly PendingEvent[], epochMs: number): SimEvent[] {
  return steps.map((step, index) => ({ ...step, atMs: epochMs + step.atMs, index }) as SimEvent);
}
