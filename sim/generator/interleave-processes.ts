/**
 * Draws the switches of a world with several processes (docs/architecture.md, processes): an
 * op may pause before one of its SQL statements while the op events right after it, from other
 * processes, run there. The generated stream keeps its order and its times; a chosen op gains
 * `pause`, and each op that runs inside it gains `inside` (its index), so the switch is part of
 * the event list and replays, shrinks and bisects with it (principle 2).
 *
 * It leaves out what a switch does when run (sim/world/processes/ProcessGroup.ts). A world of
 * one process passes through untouched, which keeps its events and trace hashes as they were.
 */
import { processCount, processOfClient, type WorldConfig } from '../config/WorldConfig.ts';
import type { OpEvent, SimEvent } from '../events.ts';
import { parseSeed, Rng } from '../random/index.ts';

/**
 * The statements a pause may fall before, as a draw table: the first few, where the races of a
 * short command are. Statement 0 counts (redlite reads its clock when a command starts, before
 * any statement); statement 1, the boundary after a command's first read, is drawn twice as
 * often, since a read followed by a write decided on it is the commonest race.
 */
export const PAUSE_STATEMENTS: readonly number[] = [0, 1, 1, 2, 3];
/** Ops that may run inside one pause; they are the next ops of the stream, so few are near. */
export const NESTED_OPS_MAX = 3;

function nestable(
  next: IteratorResult<SimEvent>,
  outer: OpEvent,
  config: WorldConfig,
): next is { value: OpEvent } {
  if (next.done === true || next.value.kind !== 'op') return false;
  return processOfClient(config, next.value.client) !== processOfClient(config, outer.client);
}

export function* interleaveProcesses(config: WorldConfig, events: Iterable<SimEvent>): Generator<SimEvent> {
  if (processCount(config) <= 1) {
    yield* events;
    return;
  }
  const rng = new Rng(parseSeed(config.seed)).fork('interleave');
  const rate = config.switchRate ?? 0;
  const iterator = events[Symbol.iterator]();
  let next = iterator.next();
  while (next.done !== true) {
    const event = next.value;
    next = iterator.next();
    if (event.kind !== 'op') {
      yield event;
      continue;
    }
    // Every op draws all three, so one op's switch never shifts the draws of the next.
    const paused = rng.chance(rate);
    const statement = rng.pick(PAUSE_STATEMENTS);
    const nestedMax = rng.int(1, NESTED_OPS_MAX);
    if (!paused || !nestable(next, event, config)) {
      yield event;
      continue;
    }
    yield { ...event, pause: statement };
    for (let nested = 0; nested < nestedMax && nestable(next, event, config); nested++) {
      yield { ...next.value, inside: event.index };
      next = iterator.next();
    }
  }
}
