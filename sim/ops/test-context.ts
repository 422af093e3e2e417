/**
 * A ready-made OpContext for tests and the differential runs: keys drawn uniformly from
 * `k0..k{keyCount-1}`, and a value profile that mixes empty strings, short ASCII, integers
 * and floats as text, binary bytes and, rarely, large values up to 64 KiB. Simulated worlds
 * build their own contexts with zipfian or hot-key distributions.
 */
import type { Rng } from '../random/Rng.ts';
import type { TtlFloorContext } from './draw.ts';

export interface TestOpContextOptions {
  readonly rng: Rng;
  /** Number of distinct keys; small counts make commands collide on the same keys. */
  readonly keyCount: number;
  /** The op's time: a fixed value, or a function read at each access. */
  readonly nowMs: number | (() => number);
  readonly edgeRate: number;
  readonly expiryRate: number;
  /** Smallest relative TTL generators may draw (see TtlFloorContext); 0 by default. */
  readonly ttlMsMin?: number;
  readonly keyPrefix?: string;
}

export const LARGE_VALUE_BYTES_MAX = 64 * 1024;

export class OpContextOptionError extends Error {
  readonly option: string;
  readonly value: unknown;
  constructor(option: string, value: unknown, expected: string) {
    super(`invalid op context option ${option}=${String(value)}: expected ${expected}`);
    this.name = 'OpContextOptionError';
    this.option = option;
    this.value = value;
  }
}

function checkRate(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new OpContextOptionError(name, value, 'a probability in [0, 1]');
}

const ASCII = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-:.';

function asciiText(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ASCII[rng.int(0, ASCII.length - 1)];
  return out;
}

/** One value from the shared profile. */
export function drawValue(rng: Rng): Buffer {
  const roll = rng.int(0, 99);
  if (roll < 5) return Buffer.alloc(0);
  if (roll < 45) return Buffer.from(asciiText(rng, rng.int(1, 12)));
  if (roll < 60) return Buffer.from(String(rng.int(-1_000_000, 1_000_000)));
  if (roll < 70) return Buffer.from(String(rng.int(-100_000, 100_000) / 64));
  if (roll < 90) return rng.bytes(rng.int(1, 32));
  if (roll < 98) return Buffer.from(asciiText(rng, rng.int(100, 1000)));
  return rng.bytes(rng.int(1024, LARGE_VALUE_BYTES_MAX));
}

export function createTestOpContext(options: TestOpContextOptions): TtlFloorContext {
  if (!(Number.isInteger(options.keyCount) && options.keyCount >= 1)) {
    throw new OpContextOptionError('keyCount', options.keyCount, 'an integer >= 1');
  }
  checkRate('edgeRate', options.edgeRate);
  checkRate('expiryRate', options.expiryRate);
  const { rng, keyCount } = options;
  const prefix = options.keyPrefix ?? 'k';
  const now = options.nowMs;
  return {
    rng,
    edgeRate: options.edgeRate,
    expiryRate: options.expiryRate,
    ttlMsMin: options.ttlMsMin ?? 0,
    get nowMs() {
      return typeof now === 'number' ? now : now();
    },
    key: () => `${prefix}${rng.int(0, keyCount - 1)}`,
    value: () => drawValue(rng),
  };
}
