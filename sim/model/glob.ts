/**
 * Redis's glob matcher (`stringmatchlen` in util.c), ported line by line so KEYS and SCAN MATCH
 * agree with Redis on every odd pattern: `*`, `?`, `[...]` with `^` negation, ranges (reversed
 * ones swapped), `\` escapes and an unterminated `[`. Case-sensitive only: the model never needs
 * the nocase flag. Both strings are latin1, one char per byte.
 */

/** Redis stops matching (no match) beyond this recursion depth, to bound its stack. */
const NESTING_MAX = 1000;

export function globMatch(pattern: string, text: string): boolean {
  return matchFrom(pattern, 0, text, 0, { skipLonger: false }, 0);
}

function matchFrom(
  pattern: string,
  patternStart: number,
  text: string,
  textStart: number,
  state: { skipLonger: boolean },
  nesting: number,
): boolean {
  if (nesting > NESTING_MAX) return false;
  let p = patternStart;
  let s = textStart;
  const patternEnd = pattern.length;
  const textEnd = text.length;
  // Each pass consumes at least one pattern char, so the loop is bounded by the pattern length.
  while (p < patternEnd && s < textEnd) {
    const char = pattern[p];
    if (char === '*') {
      while (p + 1 < patternEnd && pattern[p + 1] === '*') p++;
      if (p + 1 === patternEnd) return true;
      while (s < textEnd) {
        if (matchFrom(pattern, p + 1, text, s, state, nesting + 1)) return true;
        if (state.skipLonger) return false;
        s++;
      }
      state.skipLonger = true;
      return false;
    }
    if (char === '?') {
      s++;
    } else if (char === '[') {
      p++;
      const negate = pattern[p] === '^';
      if (negate) p++;
      let matched = false;
      const c = text.charCodeAt(s);
      for (;;) {
        if (pattern[p] === '\\' && patternEnd - p >= 2) {
          p++;
          if (pattern.charCodeAt(p) === c) matched = true;
        } else if (pattern[p] === ']') {
          break;
        } else if (p >= patternEnd) {
          p--;
          break;
        } else if (patternEnd - p >= 3 && pattern[p + 1] === '-') {
          let start = pattern.charCodeAt(p);
          let end = pattern.charCodeAt(p + 2);
          if (start > end) [start, end] = [end, start];
          p += 2;
          if (c >= start && c <= end) matched = true;
        } else if (pattern.charCodeAt(p) === c) {
          matched = true;
        }
        p++;
      }
      if (negate) matched = !matched;
      if (!matched) return false;
      s++;
    } else {
      if (char === '\\' && patternEnd - p >= 2) p++;
      if (pattern[p] !== text[s]) return false;
      s++;
    }
    p++;
    if (s === textEnd) {
      while (pattern[p] === '*') p++;
      break;
    }
  }
  return p >= patternEnd && s === textEnd;
}
