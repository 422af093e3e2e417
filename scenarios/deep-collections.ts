/**
 * Deep collections: the workload knob that lets some seeds grow a few lists, sets, hashes and
 * sorted sets to hundreds or thousands of elements. Plain commands stay small (a push adds at
 * most 8 elements from a domain of a dozen names), so without it a world's collections stay
 * under about 50 elements and bugs that need more never show.
 *
 * In a deep seed, each op that adds elements goes deep with the seed's rate: it targets one of
 * a few keys kept for its type and carries up to the seed's batch of extra elements from
 * a large domain. LINSERT goes to those keys at the same rate, so long lists get insertions.
 * Ops that remove elements or whole keys run less often. The sizes this profile
 * allows are why the simulator's state checks stay cheap enough: a few deep keys per world.
 */
import type { Range } from './types.ts';

export interface DeepCollectionsProfile {
  /** Chance a seed turns deep collections on at all. */
  readonly onChance: number;
  /** The seed's chance per growing op of going deep, when on. */
  readonly rate: Range;
  /** The seed's most extra elements per deep op. */
  readonly batchMax: Range;
  /** Deep ops of each type (list, set, hash, sorted set) go to this many keys of their own. */
  readonly keysMax: number;
  /** Set and sorted-set members and hash fields come from this many names. */
  readonly memberNames: number;
  /** List values come from this many names: the generators' own few, so LINSERT and LREM meet them. */
  readonly listValueNames: number;
  /** A deep LINSERT's pivot, always the same value, so the gaps beside it run out. */
  readonly pivot: string;
  /** Deep seeds multiply the weight of every shrinking command by this. */
  readonly shrinkWeightFactor: number;
}

export const DEEP_COLLECTIONS: DeepCollectionsProfile = {
  onChance: 0.2,
  rate: { min: 0.3, max: 0.9 },
  batchMax: { min: 16, max: 128 },
  keysMax: 3,
  memberNames: 4096,
  listValueNames: 12,
  pivot: 'e0',
  shrinkWeightFactor: 0.25,
};

/** How a growing command's extra elements are spelled after its key. */
export type GrowthShape = 'values' | 'members' | 'field-values' | 'score-members';

/** The commands that add elements, each with the shape of what it takes after its key. */
export const GROWING_COMMANDS: Readonly<Record<string, GrowthShape>> = {
  LPUSH: 'values',
  RPUSH: 'values',
  LPUSHX: 'values',
  RPUSHX: 'values',
  SADD: 'members',
  HSET: 'field-values',
  HMSET: 'field-values',
  ZADD: 'score-members',
};

/**
 * Commands that a deep op moves to a deep key without adding elements: LINSERT, which then
 * inserts next to one pivot of the first deep list, so inserts pile up in the same gaps and
 * the list renumbers, even at redlite's production gap.
 */
export const RETARGETED_COMMANDS: readonly string[] = ['LINSERT'];

/** The commands that remove elements or whole keys. */
export const SHRINKING_COMMANDS: readonly string[] = [
  'DEL',
  'GETDEL',
  'FLUSHDB',
  'LPOP',
  'RPOP',
  'LREM',
  'LTRIM',
  'SREM',
  'SPOP',
  'SMOVE',
  'HDEL',
  'ZREM',
  'ZPOPMIN',
  'ZPOPMAX',
  'ZREMRANGEBYRANK',
  'ZREMRANGEBYSCORE',
];
