/**
 * The value profile: sizes from empty to `valueBytesMax` (mostly small, now and then large),
 * and contents that are either printable text, digits (so numeric commands meet numbers), or
 * arbitrary binary bytes.
 */
import type { Rng } from '../random/Rng.ts';

/** 64 printable characters, so a random byte's low six bits pick one uniformly. */
const PRINTABLE = Buffer.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_');

const TILE_BYTES = 512;

function sizeOf(rng: Rng, valueBytesMax: number): number {
  const roll = rng.int(0, 99);
  if (roll < 5 || valueBytesMax === 0) return 0;
  if (roll < 75) return rng.int(1, Math.min(16, valueBytesMax));
  if (roll < 95) return rng.int(1, Math.min(1024, valueBytesMax));
  return rng.int(1, valueBytesMax);
}

export function makeValue(rng: Rng, valueBytesMax: number): Buffer {
  const size = sizeOf(rng, valueBytesMax);
  const style = rng.int(0, 9);
  if (style < 2) return Buffer.from(String(rng.int(-1000, 1000)));
  if (style < 7) {
    const out = rng.bytes(Math.min(size, TILE_BYTES));
    for (let i = 0; i < out.length; i++) out[i] = PRINTABLE[(out[i] as number) & 63] as number;
    return size <= TILE_BYTES ? out : Buffer.allocUnsafe(size).fill(out);
  }
  if (size <= TILE_BYTES) return rng.bytes(size);
  // Large values repeat one random tile: still binary and seeded, without a draw per byte.
  return Buffer.allocUnsafe(size).fill(rng.bytes(TILE_BYTES));
}
