/**
 * The view of an event that the shrink passes need, and nothing more: its kind and index, the
 * client of an op, its argv and its switch. The core's trace events (ops, timers, faults) all fit this shape, so
 * the passes stay generic and keep every other field (seeds, times) as it is.
 */
import type { Arg } from '../../redlite/reply.ts';

export interface ShrinkEvent {
  readonly kind: string;
  readonly index?: number;
  readonly client?: number;
  readonly argv?: readonly Arg[];
  /** A switch (sim/world/processes/): this op pauses before its statement of this index... */
  readonly pause?: number;
  /** ...and the ops naming it here run inside that pause. */
  readonly inside?: number;
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

/**
 * The events with the switches of the ops at `dropped` positions removed: such an op runs
 * whole, and the ops that were inside its pause run after it as ordinary ops. Events left
 * unchanged are the same objects.
 */
export function withoutSwitches<E extends ShrinkEvent>(
  events: readonly E[],
  dropped: ReadonlySet<number>,
): E[] {
  const outers = new Set<number>();
  for (const position of dropped) {
    const index = events[position]?.index;
    if (index !== undefined) outers.add(index);
  }
  return events.map((event, position) => {
    if (dropped.has(position) && event.pause !== undefined) {
      const { pause: _pause, ...rest } = event;
      return rest as E;
    }
    if (event.inside !== undefined && outers.has(event.inside)) {
      const { inside: _inside, ...rest } = event;
      return rest as E;
    }
    return event;
  });
}
