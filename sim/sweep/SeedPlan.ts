/**
 * The seeds one shard runs, in order: index k (from 0) is seed `from + k`, and the shard takes
 * the indexes congruent to its number. The plan ends at the seed count, at the time budget, or
 * at the top of the seed range, whichever comes first; with neither a count nor a budget it
 * would never end, so the options layer always supplies one.
 */
import { SEED_MAX } from '../random/index.ts';
import type { Shard } from './shard.ts';

export interface PlannedSeed {
  /** Position in the whole (unsharded) sweep, from 0. */
  readonly index: number;
  readonly seed: bigint;
}

export class SeedPlan {
  private nextIndex: number;
  private readonly from: bigint;
  private readonly shard: Shard;
  /** Exclusive bound on indexes; the seed count, or the end of the seed range. */
  private readonly indexEnd: number;

  constructor(from: bigint, seedCount: number | null, shard: Shard) {
    this.from = from;
    this.shard = shard;
    this.nextIndex = shard.index;
    const rangeLeft = SEED_MAX - from + 1n;
    const rangeEnd =
      rangeLeft > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(rangeLeft);
    this.indexEnd = seedCount === null ? rangeEnd : Math.min(seedCount, rangeEnd);
  }

  /** The next seed of this shard, or null when the plan is exhausted. */
  next(): PlannedSeed | null {
    if (this.nextIndex >= this.indexEnd) return null;
    const index = this.nextIndex;
    this.nextIndex += this.shard.count;
    return { index, seed: this.from + BigInt(index) };
  }
}
