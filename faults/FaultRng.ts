/**
 * FaultRng: the randomness of one fault event, expanded from that event's own 64-bit seed by
 * splitmix64 (docs/architecture.md, principle 2). faults/ may not import sim/, so this is a small local
 * generator rather than sim's Rng; it needs only uniform integers, floats and coin flips.
 * BigInt arithmetic keeps every draw exact and identical on every machine. Not for security.
 */
const MASK64 = (1n << 64n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

export class FaultRng {
  readonly seed: bigint;
  private state: bigint;

  constructor(seed: bigint) {
    if (seed < 0n || seed > MASK64) throw new RangeError(`FaultRng seed out of 64-bit range: ${seed}`);
    this.seed = seed;
    this.state = seed;
  }

  /** The next 64-bit output of splitmix64. */
  next64(): bigint {
    this.state = (this.state + GOLDEN_GAMMA) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }

  /** A uniform float in [0, 1) with 53 bits of randomness. */
  float(): number {
    return Number(this.next64() >> 11n) / 9007199254740992;
  }

  /** A uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max)) || min > max) {
      throw new RangeError(`FaultRng.int bad bounds: ${min}, ${max}`);
    }
    const span = BigInt(max - min + 1);
    // Rejection sampling removes the modulo bias; the bound keeps the loop finite in theory
    // as well as in practice (the rejection chance per draw is below one half).
    const limit = MASK64 + 1n - ((MASK64 + 1n) % span);
    for (let attempt = 0; attempt < 64; attempt++) {
      const draw = this.next64();
      if (draw < limit) return min + Number(draw % span);
    }
    return min + Number(this.next64() % span);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** A child seed for a sub-step, so that adding draws to one step never shifts another. */
  childSeed(label: number): bigint {
    let z = (this.seed ^ (BigInt(label) * GOLDEN_GAMMA)) & MASK64;
    z = ((z ^ (z >> 33n)) * 0xff51afd7ed558ccdn) & MASK64;
    return z ^ (z >> 33n);
  }
}
