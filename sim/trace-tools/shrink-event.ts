/**
 * The view of an event that the shrink passes need, and nothing more: its kind, the client
 * of an op and its argv. The core's trace events (ops, timers, faults) all fit this shape, so
 * the passes stay generic and keep every other field (seeds, times) as it is.
 */
import type { Arg } from '../../redlite/reply.ts';

export interface ShrinkEvent {
  readonly kind: string;
  readonly client?: number;
  readonly argv?: readonly Arg[];
}

export function isOp(event: ShrinkEvent): boolean {
  return event.kind === 'op' && event.argv !== undefined;
}

export function isFault(event: ShrinkEvent): boolean {
  return event.kind === 'fault';
}

/** A copy of `event` with a new argv; every other field, the event's seed included, is kept. */
export function withArgv<E extends ShrinkEvent>(event: E, argv: readonly Arg[]): E {
  return { ...event, argv };
}

export function sameArg(a: Arg, b: Arg): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a === b;
  const left = typeof a === 'string' ? Buffer.from(a) : a;
  const right = typeof b === 'string' ? Buffer.from(b) : b;
  return left.equals(right);
}
