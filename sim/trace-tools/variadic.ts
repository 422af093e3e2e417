/**
 * The shapes of variadic commands, for the "fewer elements" shrink pass: how many leading
 * arguments are fixed (the name included) and how many arguments make one repeated group.
 * Commands not listed here are left alone by that pass; dropping arguments from them would
 * only produce arity errors, which never keep the failure and waste runs.
 */
import type { Arg } from '../../redlite/reply.ts';

export interface VariadicShape {
  /** Leading arguments that always stay, the command name included. */
  fixed: number;
  /** Arguments in one repeated group (1 for DEL keys, 2 for MSET key-value pairs). */
  group: number;
}

const ONE_FIXED: VariadicShape = { fixed: 1, group: 1 };
const KEY_THEN_ITEMS: VariadicShape = { fixed: 2, group: 1 };
const PAIRS: VariadicShape = { fixed: 1, group: 2 };
const KEY_THEN_PAIRS: VariadicShape = { fixed: 2, group: 2 };

const SHAPES: Record<string, VariadicShape> = {
  DEL: ONE_FIXED,
  EXISTS: ONE_FIXED,
  MGET: ONE_FIXED,
  SINTER: ONE_FIXED,
  SUNION: ONE_FIXED,
  SDIFF: ONE_FIXED,
  MSET: PAIRS,
  LPUSH: KEY_THEN_ITEMS,
  RPUSH: KEY_THEN_ITEMS,
  LPUSHX: KEY_THEN_ITEMS,
  RPUSHX: KEY_THEN_ITEMS,
  SADD: KEY_THEN_ITEMS,
  SREM: KEY_THEN_ITEMS,
  HDEL: KEY_THEN_ITEMS,
  HMGET: KEY_THEN_ITEMS,
  ZREM: KEY_THEN_ITEMS,
  HSET: KEY_THEN_PAIRS,
  HMSET: KEY_THEN_PAIRS,
};

/** ZADD's options come between the key and the score-member pairs. */
const ZADD_OPTIONS = new Set(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR']);

/** The variadic shape of `argv`, or null when it has none or has a single group already. */
export function variadicShape(argv: readonly Arg[]): VariadicShape | null {
  const name = String(argv[0] ?? '').toUpperCase();
  let shape = SHAPES[name] ?? null;
  if (name === 'ZADD') {
    let fixed = 2;
    while (fixed < argv.length && ZADD_OPTIONS.has(String(argv[fixed]).toUpperCase())) fixed++;
    shape = { fixed, group: 2 };
  }
  if (shape === null) return null;
  const rest = argv.length - shape.fixed;
  if (rest % shape.group !== 0 || rest / shape.group < 2) return null;
  return shape;
}
