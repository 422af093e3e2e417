/**
 * Doubles parsed the way Redis parses them: `strtod` with glibc's syntax and correct rounding,
 * then either `string2d`'s strict checks (ZADD scores, INCRBYFLOAT-free paths) or the looser
 * rule of `zslParseRange` (score range bounds, which accept leading spaces and an empty string).
 */
import { DOUBLE, roundBinary, roundDecimal, toNumber } from './binary-float.ts';
import { scanFloat } from './float-syntax.ts';

export interface StrtodResult {
  readonly value: number;
  /** Bytes consumed; 0 when nothing converted. */
  readonly end: number;
  /** glibc's ERANGE: the value overflowed, or underflowed (to zero or a subnormal). */
  readonly erange: boolean;
}

export function strtod(bytes: Buffer): StrtodResult {
  const token = scanFloat(bytes);
  switch (token.kind) {
    case 'none':
      return { value: 0, end: 0, erange: false };
    case 'inf':
      return { value: token.negative ? -Infinity : Infinity, end: token.end, erange: false };
    case 'nan':
      return { value: Number.NaN, end: token.end, erange: false };
    default: {
      const rounded =
        token.kind === 'decimal'
          ? roundDecimal(token.mantissa, token.exponent, DOUBLE)
          : roundBinary(token.mantissa, token.exponent, false, DOUBLE);
      const sign = token.negative ? -1 : 1;
      if (rounded.kind === 'overflow') return { value: sign * Infinity, end: token.end, erange: true };
      const magnitude = toNumber(rounded.mantissa, rounded.exponent);
      const erange = token.mantissa !== 0n && (magnitude === 0 || magnitude < 2.2250738585072014e-308);
      return { value: sign * magnitude, end: token.end, erange };
    }
  }
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || (c !== undefined && c >= 0x09 && c <= 0x0d);
}

/** Redis `string2d`: the whole text must be one float, with no leading space and no NaN. */
export function string2d(bytes: Buffer): number | null {
  if (bytes.length === 0 || isSpace(bytes[0])) return null;
  const { value, end, erange } = strtod(bytes);
  if (end !== bytes.length) return null;
  if (erange && (value === Infinity || value === -Infinity || value === 0)) return null;
  if (Number.isNaN(value)) return null;
  return value;
}

/** The parse of one `zslParseRange` bound (after any '(' is removed); null when invalid. */
export function parseRangeBound(bytes: Buffer): number | null {
  const { value, end } = strtod(bytes);
  if (end !== bytes.length && bytes[end] !== 0) return null;
  if (Number.isNaN(value)) return null;
  return value;
}
