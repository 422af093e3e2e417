/**
 * Seeds: any integer from 0 to 2^64-1, written in decimal or as 0x-prefixed hex.
 */
import { InputError } from '../error-kinds.ts';

export const SEED_MAX = (1n << 64n) - 1n;

export class SeedError extends InputError {
  readonly input: string;
  constructor(input: string, reason: string) {
    super(`invalid seed ${JSON.stringify(input)}: ${reason}`);
    this.name = 'SeedError';
    this.input = input;
  }
}

/** Parses a seed, or throws SeedError naming the bad value. */
export function parseSeed(input: string | number | bigint): bigint {
  if (typeof input === 'bigint') return checkRange(input, String(input));
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input)) throw new SeedError(String(input), 'not a safe integer');
    return checkRange(BigInt(input), String(input));
  }
  const text = input.trim();
  if (/^0x[0-9a-f]+$/i.test(text)) return checkRange(BigInt(text), input);
  if (/^[0-9]+$/.test(text)) return checkRange(BigInt(text), input);
  throw new SeedError(input, 'expected a decimal integer or 0x-prefixed hex from 0 to 2^64-1');
}

function checkRange(seed: bigint, input: string): bigint {
  if (seed < 0n) throw new SeedError(input, 'seeds are not negative');
  if (seed > SEED_MAX) throw new SeedError(input, 'larger than 2^64-1');
  return seed;
}

/** The canonical text of a seed, as printed in configs and replay commands. */
export function formatSeed(seed: bigint): string {
  return seed.toString(10);
}
