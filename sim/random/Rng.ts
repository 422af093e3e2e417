/**
 * Rng: one seeded random stream (xoroshiro128+ from pure-rand, mutating API, state expanded
 * from a 64-bit seed by splitmix64). Every random choice in a world comes from an Rng that the
 * world derived from the seed; nothing here reads ambient randomness.
 */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { deriveSeed, splitmix64 } from './splitmix64.ts';

type Generator = ReturnType<typeof xoroshiro128plusFromState>;

const MASK32 = 0xffffffffn;

export class Rng {
  readonly seed: bigint;
  private readonly generator: Generator;

  constructor(seed: bigint) {
    this.seed = seed;
    const words: number[] = [];
    let state = seed;
    for (let i = 0; i < 2; i++) {
      const step = splitmix64(state);
      state = step.state;
      words.push(Number((step.output >> 32n) & MASK32) | 0, Number(step.output & MASK32) | 0);
    }
    // xoroshiro128+ must not start from the all-zero state.
    if (words[0] === 0 && words[1] === 0 && words[2] === 0 && words[3] === 0) words[0] = 1;
    this.generator = xoroshiro128plusFromState(words);
  }

  /** An independent stream named `label`, derived from this stream's seed (not its position). */
  fork(label: string): Rng {
    return new Rng(deriveSeed(this.seed, label));
  }

  /** A fresh 64-bit seed drawn from this stream, for an event's own randomness. */
  nextSeed(): bigint {
    const high = BigInt(this.generator.next() >>> 0);
    const low = BigInt(this.generator.next() >>> 0);
    return (high << 32n) | low;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    return this.generator.next() >>> 0;
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max))) {
      throw new RangeError(`Rng.int bounds must be safe integers: ${min}, ${max}`);
    }
    if (min > max) throw new RangeError(`Rng.int: min ${min} > max ${max}`);
    return uniformInt(this.generator, min, max);
  }

  /** A uniform float in [0, 1), with 53 bits of randomness. */
  float(): number {
    const high = this.generator.next() >>> 5; // 27 bits
    const low = this.generator.next() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick from an empty array');
    return items[this.int(0, items.length - 1)] as T;
  }

  /** An index chosen with probability proportional to its weight; weights are >= 0. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) {
      if (!(weight >= 0)) throw new RangeError(`Rng.weighted: bad weight ${weight}`);
      total += weight;
    }
    if (total <= 0) throw new RangeError('Rng.weighted: all weights are zero');
    let target = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] as number;
      if (target < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if ((weights[i] as number) > 0) return i;
    return 0;
  }

  /** `length` random bytes. */
  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    let i = 0;
    while (i + 4 <= length) {
      out.writeUInt32LE(this.u32(), i);
      i += 4;
    }
    if (i < length) {
      const last = this.u32();
      for (let shift = 0; i < length; i++, shift += 8) out[i] = (last >>> shift) & 0xff;
    }
    return out;
  }

  /** A Fisher-Yates shuffle of a copy of `items`. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const swap = out[i] as T;
      out[i] = out[j] as T;
      out[j] = swap;
    }
    return out;
  }
}
