/**
 * Redis's glob matcher (`stringmatchlen` in util.c, 7.0.15) over bytes, case-sensitive:
 * `*`, `?`, `[abc]`, `[^a]`, `[a-z]` (reversed ranges allowed), `\x`. It reproduces the C
 * code's edge behaviour too: bytes compare as signed chars in ranges, reads past the pattern
 * end see a NUL, and recursion past 1000 nested stars fails the match.
 */

const NESTING_MAX = 1000;

export function globMatch(pattern: Buffer, subject: Buffer): boolean {
  const state = { skipLongerMatches: false };
  return matchAt(pattern, 0, subject, 0, state, 0);
}

function signed(byte: number): number {
  return byte >= 128 ? byte - 256 : byte;
}

/**
 * The pattern's byte at `i`, or 0 past its end. A module function, not a closure made in
 * each matchAt call (docs/architecture.md, Closures on hot paths).
 */
function byteAt(pattern: Buffer, i: number): number {
  return i < pattern.length ? pattern[i]! : 0;
}

function matchAt(
  pattern: Buffer,
  pStart: number,
  subject: Buffer,
  sStart: number,
  state: { skipLongerMatches: boolean },
  nesting: number,
): boolean {
  if (nesting > NESTING_MAX) return false;
  let p = pStart;
  let s = sStart;
  const pEnd = pattern.length;
  const sEnd = subject.length;
  while (p < pEnd && s < sEnd) {
    const c = pattern[p]!;
    if (c === 0x2a) {
      while (p < pEnd && byteAt(pattern, p + 1) === 0x2a) p++;
      if (pEnd - p === 1) return true;
      while (s < sEnd) {
        if (matchAt(pattern, p + 1, subject, s, state, nesting + 1)) return true;
        if (state.skipLongerMatches) return false;
        s++;
      }
      state.skipLongerMatches = true;
      return false;
    }
    if (c === 0x3f) {
      s++;
    } else if (c === 0x5b) {
      p++;
      const not = byteAt(pattern, p) === 0x5e;
      if (not) p++;
      let match = false;
      const target = subject[s]!;
      for (;;) {
        if (byteAt(pattern, p) === 0x5c && pEnd - p >= 2) {
          p++;
          if (byteAt(pattern, p) === target) match = true;
        } else if (byteAt(pattern, p) === 0x5d) {
          break;
        } else if (p >= pEnd) {
          p--;
          break;
        } else if (pEnd - p >= 3 && byteAt(pattern, p + 1) === 0x2d) {
          let start = signed(byteAt(pattern, p));
          let end = signed(byteAt(pattern, p + 2));
          const ch = signed(target);
          if (start > end) [start, end] = [end, start];
          p += 2;
          if (ch >= start && ch <= end) match = true;
        } else if (byteAt(pattern, p) === target) {
          match = true;
        }
        p++;
      }
      if (not) match = !match;
      if (!match) return false;
      s++;
    } else {
      if (c === 0x5c && pEnd - p >= 2) p++;
      if (byteAt(pattern, p) !== subject[s]) return false;
      s++;
    }
    p++;
    if (s === sEnd) {
      while (byteAt(pattern, p) === 0x2a) p++;
      break;
    }
  }
  return p >= pEnd && s === sEnd;
}
