/**
 * splitmix64: the standard way to expand one 64-bit seed into well-mixed generator state,
 * and to derive independent sub-seeds. Arithmetic is on BigInt masked to 64 bits, so it is
 * exact and identical on every machine.
 */
const MASK64 = (1n << 64n) - 1n;

/** One splitmix64 step: returns the next state and its mixed output. */
export function splitmix64(state: bigint): { state: bigint; output: bigint } {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  z = z ^ (z >> 31n);
  return { state: next, output: z };
}

/** FNV-1a over a label's UTF-8 bytes, 64-bit. Used to name streams, never for security. */
export function fnv1a64(label: string): bigint {
  let hash = 0xcbf29ce484222325n;
  for (const byte of Buffer.from(label)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & MASK64;
  }
  return hash;
}

/**
 * Derives the seed of a named sub-stream. Streams with different labels are independent, and
 * a stream's sequence depends only on (seed, label): adding a client never shifts another.
 */
export function deriveSeed(seed: bigint, label: string): bigint {
  return splitmix64((seed ^ fnv1a64(label)) & MASK64).output;
}
