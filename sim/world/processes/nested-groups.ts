/**
 * Groups an event list for the executor: an op with a `pause` and the op events right after it
 * that name it in `inside` form one group, run together by the world (ProcessGroup); every
 * other event is a group of one. An `inside` whose op is gone (a shrink dropped it) or is not
 * right before it runs on its own, as an ordinary op, so any edit of the list still runs.
 */
import type { OpEvent, SimEvent } from '../../events.ts';

/** Ops in one group; the generator nests a few, so only an edited trace could reach this. */
export const GROUP_OPS_MAX = 64;

export class NestedGroupError extends Error {
  constructor(outer: OpEvent, reason: string) {
    super(`event ${outer.index}'s pause: ${reason}`);
    this.name = 'NestedGroupError';
  }
}

export function* nestedGroups(events: Iterable<SimEvent>): Generator<readonly SimEvent[]> {
  let group: OpEvent[] | null = null;
  for (const event of events) {
    const outer = group?.[0];
    if (group !== null && outer !== undefined && event.kind === 'op' && event.inside === outer.index) {
      if (group.length >= GROUP_OPS_MAX)
        throw new NestedGroupError(outer, `more than ${GROUP_OPS_MAX - 1} ops`);
      const previous = group[group.length - 1] as OpEvent;
      if (event.atMs < previous.atMs) {
        throw new NestedGroupError(
          outer,
          `event ${event.index} at ${event.atMs} ms comes before ${previous.atMs} ms`,
        );
      }
      group.push(event);
      continue;
    }
    if (group !== null) yield group;
    group = null;
    if (event.kind === 'op' && event.pause !== undefined) group = [event];
    else yield [event];
  }
  if (group !== null) yield group;
}
