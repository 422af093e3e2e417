/**
 * A ready-made op stream over every command, for differential tests: each data family draws
 * keys from its own small namespace (kS0.., kL0.., kH0.., kT0.., kZ0..) and a shared namespace
 * (kX0..) is mixed in, so most commands meet a key of their own type and WRONGTYPE is
 * exercised without drowning every other reply.
 */
import type { Arg } from '../../redlite/reply.ts';
import { Rng } from '../random/Rng.ts';
import { OPS } from './all-ops.ts';
import { createTestOpContext } from './test-context.ts';
import type { OpContext, OpFamily, OpSpec } from './types.ts';

export interface FamilyWorkloadOptions {
  readonly seed: bigint;
  readonly nowMs: number | (() => number);
  readonly keysPerFamily?: number;
  /** Probability that an op uses the shared namespace instead of its family's. */
  readonly sharedKeyRate?: number;
  readonly edgeRate?: number;
  readonly expiryRate?: number;
  readonly ttlMsMin?: number;
  /** The ops to draw from, uniformly; all of OPS by default. */
  readonly ops?: readonly OpSpec[];
}

export interface FamilyWorkload {
  next(): Arg[];
  /** Every key the stream can name. */
  readonly universe: readonly string[];
}

const PREFIXES: Partial<Record<OpFamily, string>> = {
  strings: 'kS',
  lists: 'kL',
  hashes: 'kH',
  sets: 'kT',
  zsets: 'kZ',
};
const SHARED_PREFIX = 'kX';
const FLUSHDB_WEIGHT = 0.05;

export function createFamilyWorkload(options: FamilyWorkloadOptions): FamilyWorkload {
  const rng = new Rng(options.seed);
  const opsRng = rng.fork('ops');
  const pick = rng.fork('pick');
  const keysPerFamily = options.keysPerFamily ?? 8;
  const contextFor = (prefix: string): OpContext =>
    createTestOpContext({
      rng: opsRng,
      keyCount: keysPerFamily,
      keyPrefix: prefix,
      nowMs: options.nowMs,
      edgeRate: options.edgeRate ?? 0.12,
      expiryRate: options.expiryRate ?? 0.2,
      ttlMsMin: options.ttlMsMin ?? 0,
    });
  const byFamily = new Map<OpFamily, OpContext>();
  for (const [family, prefix] of Object.entries(PREFIXES))
    byFamily.set(family as OpFamily, contextFor(prefix));
  const shared = contextFor(SHARED_PREFIX);
  const all = [...byFamily.values(), shared];
  const prefixes = [...Object.values(PREFIXES), SHARED_PREFIX];
  const universe = prefixes.flatMap((prefix) =>
    Array.from({ length: keysPerFamily }, (_, i) => `${prefix}${i}`),
  );
  const ops = options.ops ?? OPS;
  // FLUSHDB wipes every namespace; at full weight it would keep collections from growing.
  const weights = ops.map((spec) => (spec.name === 'FLUSHDB' ? FLUSHDB_WEIGHT : 1));
  const sharedKeyRate = options.sharedKeyRate ?? 0.15;
  return {
    universe,
    next: () => {
      const spec = ops[pick.weighted(weights)] as OpSpec;
      const own = byFamily.get(spec.family);
      const ctx = pick.chance(sharedKeyRate) ? shared : (own ?? pick.pick(all));
      return spec.generate(ctx);
    },
  };
}
