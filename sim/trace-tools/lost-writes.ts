/**
 * The writes a power loss lost, named from the trace: for a wal_durability failure, bisect
 * prints which acknowledged writes did not survive and which keys they touched.
 *
 * The durability checker keeps the acknowledged writes since the last checkpoint, and a power
 * loss may keep only a prefix of them (sim/fault-driver/DurabilityLog.ts); what it lost is
 * therefore the last `lost` writes acknowledged before the power loss, and the failure says how
 * many (`actual: "<n> lost"`). Writes are ops whose command is not a read, as the world counts
 * them (sim/world/defaults.ts). Leaves out which of a lost write's effects mattered: a later
 * read, or bisect's state diff, says that.
 */
import type { Arg } from '../../redlite/reply.ts';
import { WAL_DURABILITY } from '../checkers/wal-durability.ts';
import type { OpEvent } from '../events.ts';
import { commandName } from '../format-reply.ts';
import type { RunFailure } from '../run-types.ts';
import type { TracedEvent } from '../trace/format.ts';
import { keysOf } from './key-rename.ts';
import { sameArg } from './shrink-event.ts';

export interface LostWrites {
  /** The lost writes, oldest first. */
  readonly writes: readonly OpEvent[];
  /** The distinct keys they wrote, in order of first loss. */
  readonly keys: readonly Arg[];
}

/** How many writes a wal_durability failure says were lost, or null for any other failure. */
export function lostCount(failure: RunFailure): number | null {
  if (failure.invariant !== WAL_DURABILITY) return null;
  const match = /^(\d+) lost$/.exec(failure.actual ?? '');
  return match === null ? null : Number(match[1]);
}

/** The writes lost by the power loss at the failing event, or null when that is not the failure. */
export function lostWrites(
  failure: RunFailure,
  traced: readonly TracedEvent[],
  readCommands: ReadonlySet<string>,
): LostWrites | null {
  const count = lostCount(failure);
  if (count === null) return null;
  const failing = traced.findIndex((entry) => entry.event.index === failure.event_index);
  if (failing < 0) return null;
  const writes: OpEvent[] = [];
  for (let i = failing - 1; i >= 0 && writes.length < count; i--) {
    const event = (traced[i] as TracedEvent).event;
    if (event.kind === 'op' && !readCommands.has(commandName(event.argv))) writes.unshift(event);
  }
  const keys: Arg[] = [];
  for (const write of writes)
    for (const key of keysOf(write.argv)) if (!keys.some((known) => sameArg(known, key))) keys.push(key);
  return { writes, keys };
}
