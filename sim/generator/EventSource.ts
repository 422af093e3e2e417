/**
 * The plug through which parts of a world feed the scheduler: the clients, the timers and,
 * later, the fault schedule. A source schedules wake-ups with a tag of its own; when one comes
 * due the generator asks the source for the event it stands for.
 */
import type { SimEvent } from '../events.ts';

export interface Schedule {
  /** Queues a wake-up of `source` at `atMs` carrying `tag`. */
  at(atMs: number, source: EventSource, tag: number): void;
  /** The earliest time any client op is due, or Infinity; timers use it to skip idle gaps. */
  nextClientOpMs(): number;
  /** True until the fault phase ends; the fault schedule emits nothing after it. */
  faultPhase(): boolean;
}

export interface EventSource {
  /** Schedules the source's first wake-ups; `startMs` is the world's epoch. */
  start(schedule: Schedule, startMs: number): void;
  /**
   * Turns a due wake-up into an event (or null for none) and schedules any follow-up. `index`
   * is the index the event gets if one is returned; it is not used up otherwise.
   */
  fire(tag: number, atMs: number, index: number, schedule: Schedule): SimEvent | null;
}
