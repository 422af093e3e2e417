/**
 * The events of a world, as plain data. A generator produces them; an executor applies them.
 * Each event carries everything it needs to run again (docs/architecture.md, principle 2): its virtual
 * time, and for anything random its own seed, so dropping other events never changes what an
 * event does. Replay and shrink edit lists of these and execute them without a generator.
 */
import type { Arg } from '../redlite/reply.ts';

/**
 * `block-timeout` is not periodic: the client source emits one at each blocking pop's deadline,
 * so a wait's end has its own event in virtual time (its seed names the waiting client).
 */
export type TimerName = 'expire-cycle' | 'checkpoint' | 'state-check' | 'block-timeout';

export const TIMER_NAMES: readonly TimerName[] = [
  'expire-cycle',
  'checkpoint',
  'state-check',
  'block-timeout',
];

export function isTimerName(name: string): name is TimerName {
  return (TIMER_NAMES as readonly string[]).includes(name);
}

interface EventBase {
  /** Position in the event list, from 0; replay keeps the original indexes after shrinking. */
  readonly index: number;
  /** Absolute virtual time in milliseconds at which the event runs. */
  readonly atMs: number;
}

/** A client command, sent to the target and to the model. */
export interface OpEvent extends EventBase {
  readonly kind: 'op';
  readonly client: number;
  readonly argv: readonly Arg[];
}

/** A periodic action of the world: active expiry, a WAL checkpoint, or a full state comparison. */
export interface TimerEvent extends EventBase {
  readonly kind: 'timer';
  readonly timer: TimerName;
  /** The event's own randomness, as a decimal 64-bit seed. */
  readonly seed: string;
}

/**
 * A fault (crash, power loss, disk faults), defined by the faults subsystem. The core passes it
 * to the installed fault handler; `params` holds whatever that handler needs, as JSON data.
 */
export interface FaultEvent extends EventBase {
  readonly kind: 'fault';
  readonly fault: string;
  readonly seed: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export type SimEvent = OpEvent | TimerEvent | FaultEvent;

/** An event without its index: what a generator source hands to the scheduler. */
export type PendingEvent = Omit<OpEvent, 'index'> | Omit<TimerEvent, 'index'> | Omit<FaultEvent, 'index'>;
