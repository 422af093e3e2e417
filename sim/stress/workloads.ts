/**
 * What each stress test sends, and how its end state is checked, so stress is never only a
 * speed test. Every connection owns its keys (except hot_key_contention's, which only INCR,
 * where order does not matter), so the expected value of every key is known exactly:
 * - a GET during the run must return the value its connection last wrote;
 * - after the run, every key read back (all of them, or a seeded sample for large key spaces)
 *   must hold its expected value, and every hot counter the number of INCRs sent to it.
 * Values are deterministic bytes, so a run is the same load every time.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { Rng } from '../random/Rng.ts';
import type { StressVariant } from './tests.ts';

/** Keys set per preload command. */
const PRELOAD_BATCH = 500;
/** Keys read back after the run, at most. */
const VERIFY_KEYS_MAX = 2000;

export interface StressOp {
  readonly argv: Arg[];
  /** What the reply must be; null when any non-error reply will do. */
  readonly expected: Buffer | bigint | 'OK' | null;
}

export interface StressWorkload {
  /** Commands run before the clock starts (filling a large key space). */
  preload(): Arg[][];
  /** Connection `conn`'s `index`-th timed command. */
  next(conn: number, index: number): StressOp;
  /** Reads after the run, each with the value it must return. */
  verify(): StressOp[];
}

function stampedValue(key: string, version: number, bytes: number): Buffer {
  const stamp = Buffer.from(`${key}#${version}:`);
  if (bytes <= stamp.length) return stamp;
  const out = Buffer.alloc(bytes, 97 + (version % 26));
  stamp.copy(out);
  return out;
}

/** Per-connection owned keys: SET, GET (checked) and INCR. */
function ownedKeys(
  variant: StressVariant,
  keyOf: (conn: number, slot: number) => string,
  slots: number,
  seed: bigint,
): StressWorkload {
  const state = new Map<string, Buffer>();
  const counters = new Map<string, bigint>();
  const rngs = Array.from({ length: variant.connections }, (_, conn) => new Rng(seed).fork(`conn/${conn}`));
  let preloaded = false;
  return {
    preload() {
      if (variant.test !== 'large_key_space' || preloaded) return [];
      preloaded = true;
      const commands: Arg[][] = [];
      for (let start = 0; start < variant.keys; start += PRELOAD_BATCH) {
        const argv: Arg[] = ['MSET'];
        for (let key = start; key < Math.min(variant.keys, start + PRELOAD_BATCH); key++) {
          const name = `k${key}`;
          const value = stampedValue(name, 0, variant.valueBytes);
          state.set(name, value);
          argv.push(name, value);
        }
        commands.push(argv);
      }
      return commands;
    },
    next(conn, index) {
      const rng = rngs[conn] as Rng;
      const key = keyOf(conn, rng.int(0, slots - 1));
      const roll = rng.int(0, 9);
      if (roll < 4 || !state.has(key)) {
        const value = stampedValue(key, index + 1, variant.valueBytes);
        state.set(key, value);
        return { argv: ['SET', key, value], expected: 'OK' };
      }
      if (roll < 8) return { argv: ['GET', key], expected: state.get(key) ?? null };
      const counter = `n:${conn}`;
      const count = (counters.get(counter) ?? 0n) + 1n;
      counters.set(counter, count);
      return { argv: ['INCR', counter], expected: count };
    },
    verify() {
      const keys = [...state.keys()];
      const step = Math.max(1, Math.floor(keys.length / VERIFY_KEYS_MAX));
      const reads: StressOp[] = [];
      for (let i = 0; i < keys.length; i += step) {
        const key = keys[i] as string;
        reads.push({ argv: ['GET', key], expected: state.get(key) ?? null });
      }
      for (const [counter, count] of counters)
        reads.push({ argv: ['GET', counter], expected: Buffer.from(String(count)) });
      return reads;
    },
  };
}

function hotKeys(variant: StressVariant): StressWorkload {
  const counts = new Map<string, bigint>();
  return {
    preload: () => [],
    next(conn, index) {
      const key = `hot:${(conn + index) % variant.keys}`;
      counts.set(key, (counts.get(key) ?? 0n) + 1n);
      return { argv: ['INCR', key], expected: null };
    },
    verify: () =>
      [...counts].map(([key, count]) => ({ argv: ['GET', key], expected: Buffer.from(String(count)) })),
  };
}

export function stressWorkload(variant: StressVariant, seed: bigint): StressWorkload {
  switch (variant.test) {
    case 'hot_key_contention':
      return hotKeys(variant);
    case 'large_key_space':
      // Connection c owns the keys whose number is c modulo the connection count.
      return ownedKeys(
        variant,
        (conn, slot) => `k${slot * variant.connections + conn}`,
        Math.max(1, Math.floor(variant.keys / variant.connections)),
        seed,
      );
    default:
      return ownedKeys(
        variant,
        (conn, slot) => `c${conn}:k${slot}`,
        Math.max(1, Math.floor(variant.keys / variant.connections)),
        seed,
      );
  }
}

/** Why `reply` is not what `op` expects, or null when it is. */
export function mismatch(op: StressOp, reply: Reply): string | null {
  if (reply.type === 'error') return `error reply: ${reply.value}`;
  const expected = op.expected;
  if (expected === null) return null;
  if (expected === 'OK') return reply.type === 'simple' && reply.value === 'OK' ? null : `expected OK`;
  if (typeof expected === 'bigint') {
    return reply.type === 'integer' && BigInt(reply.value) === expected
      ? null
      : `expected (integer) ${expected}`;
  }
  if (reply.type === 'bulk' && reply.value !== null && reply.value.equals(expected)) return null;
  return `expected ${expected.length} bytes starting ${JSON.stringify(expected.subarray(0, 24).toString('latin1'))}`;
}
