/**
 * Deep ops: how a client in a deep-collections seed (scenarios/deep-collections.ts) turns a
 * command that adds elements into a deep one. The command keeps its own arguments and gains up
 * to `deepBatchMax` extra elements of the same shape, and its key becomes one of a few deep keys
 * of its type, so a handful of collections grow large; an LINSERT moves to the first deep list
 * and inserts next to one pivot, so that list renumbers. It draws from the client's stream only when
 * the world has deep collections on, so every other seed generates exactly what it did before.
 */

import type { Arg } from '../../redlite/reply.ts';
import {
  DEEP_COLLECTIONS,
  GROWING_COMMANDS,
  type GrowthShape,
  RETARGETED_COMMANDS,
} from '../../scenarios/index.ts';
import type { Rng } from '../random/Rng.ts';
import { keyName } from './key-names.ts';

export interface DeepOps {
  readonly rate: number;
  readonly batchMax: number;
  readonly keySpaceSize: number;
}

/** The op as the client sends it: deepened with the seed's rate when it adds elements. */
export function deepen(argv: Arg[], rng: Rng, deep: DeepOps): Arg[] {
  const name = String(argv[0]);
  const shape = GROWING_COMMANDS[name];
  if (shape === undefined && !RETARGETED_COMMANDS.includes(name)) return argv;
  if (argv.length < 2 || !rng.chance(deep.rate)) return argv;
  // INCR takes exactly one score-member pair; more would only make an error reply.
  if (shape === 'score-members' && argv.some((arg) => String(arg).toUpperCase() === 'INCR')) return argv;
  const out = [...argv];
  if (shape === undefined) {
    // LINSERT key BEFORE|AFTER pivot element, always next to the first e0 of the first deep
    // list: its inserts keep halving the same two gaps until the list renumbers.
    out[1] = deepKeyAt('values', 0, deep.keySpaceSize);
    if (out.length >= 5) out[3] = DEEP_COLLECTIONS.pivot;
    return out;
  }
  out[1] = deepKeyAt(shape, rng.int(0, DEEP_COLLECTIONS.keysMax - 1), deep.keySpaceSize);
  const extra = rng.int(1, deep.batchMax);
  for (let i = 0; i < extra; i++) out.push(...element(rng, shape));
  return out;
}

const SHAPES: readonly GrowthShape[] = ['values', 'members', 'field-values', 'score-members'];

/**
 * The `index`th deep key of a shape: each shape has its own few keys at the top of the key
 * space, so deep lists, sets, hashes and sorted sets do not overwrite each other (unless the key
 * space is too small to keep them apart) and the low keys that zipfian clients favour stay small.
 */
function deepKeyAt(shape: GrowthShape, index: number, keySpaceSize: number): string {
  const slot = SHAPES.indexOf(shape) * DEEP_COLLECTIONS.keysMax + index;
  return keyName(keySpaceSize - 1 - (slot % keySpaceSize));
}

function element(rng: Rng, shape: GrowthShape): Arg[] {
  const member = `m${rng.int(0, DEEP_COLLECTIONS.memberNames - 1)}`;
  switch (shape) {
    case 'values':
      return [`e${rng.int(0, DEEP_COLLECTIONS.listValueNames - 1)}`];
    case 'members':
      return [member];
    case 'field-values':
      return [`f${rng.int(0, DEEP_COLLECTIONS.memberNames - 1)}`, String(rng.int(0, 999))];
    case 'score-members':
      return [String(rng.int(-1000, 1000)), member];
  }
}
