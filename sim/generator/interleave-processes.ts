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
 * Pauses fall before one of the first statements, where the races of a short command are.
 * Statement 0 counts: redlite reads its clock when a command starts, before any statement.
 */
export const PAUSE_STATEMENT_MIN = 0;
export const PAUSE_STATEMENT_MAX = 3;
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
    const statement = rng.int(PAUSE_STATEMENT_MIN, PAUSE_STATEMENT_MAX);
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
