/**
 * INCRBYFLOAT and HINCRBYFLOAT arithmetic as Redis does it on x86-64: both operands parsed with
 * `strtold` into the x87 80-bit `long double` (64-bit significand), added with one rounding,
 * checked to be finite, then printed with `%.17Lf` and trailing zeros (and a trailing '.')
 * stripped. Everything is exact BigInt arithmetic, so the digits match glibc's to the last one.
 */
import { LONG_DOUBLE, roundBinary, roundDecimal } from './binary-float.ts';
import { scanFloat } from './float-syntax.ts';

/** A long double: sign * mantissa * 2^exponent, or an infinity. NaN is never kept. */
export type LongDouble =
  | {
      readonly kind: 'finite';
      readonly negative: boolean;
      readonly mantissa: bigint;
      readonly exponent: number;
    }
  | { readonly kind: 'inf'; readonly negative: boolean };

/** Redis's MAX_LONG_DOUBLE_CHARS: longer texts are refused before parsing. */
const LONG_DOUBLE_CHARS_MAX = 5 * 1024;
const FRACTION_DIGITS = 17;
const FRACTION_SCALE = 10n ** BigInt(FRACTION_DIGITS);

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || (c !== undefined && c >= 0x09 && c <= 0x0d);
}

/** Redis `string2ld`: null when the text is not exactly one finite-or-inf, non-NaN long double. */
export function string2ld(bytes: Buffer): LongDouble | null {
  if (bytes.length === 0 || bytes.length >= LONG_DOUBLE_CHARS_MAX) return null;
  if (isSpace(bytes[0])) return null;
  const token = scanFloat(bytes);
  if (token.kind === 'none' || token.kind === 'nan') return null;
  if (token.end !== bytes.length) return null;
  if (token.kind === 'inf') return { kind: 'inf', negative: token.negative };
  const rounded =
    token.kind === 'decimal'
      ? roundDecimal(token.mantissa, token.exponent, LONG_DOUBLE)
      : roundBinary(token.mantissa, token.exponent, false, LONG_DOUBLE);
  // Overflow answers HUGE_VALL with ERANGE, and underflow to zero answers 0 with ERANGE: both refused.
  if (rounded.kind === 'overflow') return null;
  if (rounded.mantissa === 0n && token.mantissa !== 0n) return null;
  return { kind: 'finite', negative: token.negative, mantissa: rounded.mantissa, exponent: rounded.exponent };
}

/** a + b rounded once to long double; null for NaN (inf + -inf). */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.kind === 'inf' || b.kind === 'inf') {
    if (a.kind === 'inf' && b.kind === 'inf' && a.negative !== b.negative) return null;
    return { kind: 'inf', negative: a.kind === 'inf' ? a.negative : b.negative };
  }
  if (a.mantissa === 0n && b.mantissa === 0n) {
    return { kind: 'finite', negative: a.negative && b.negative, mantissa: 0n, exponent: 0 };
  }
  const exponent = Math.min(a.exponent, b.exponent);
  const sa = (a.negative ? -a.mantissa : a.mantissa) << BigInt(a.exponent - exponent);
  const sb = (b.negative ? -b.mantissa : b.mantissa) << BigInt(b.exponent - exponent);
  const sum = sa + sb;
  const negative = sum < 0n;
  const rounded = roundBinary(negative ? -sum : sum, exponent, false, LONG_DOUBLE);
  if (rounded.kind === 'overflow') return { kind: 'inf', negative };
  return { kind: 'finite', negative, mantissa: rounded.mantissa, exponent: rounded.exponent };
}

/** Redis `ld2string(..., LD_STR_HUMAN)` of a finite value: `%.17Lf`, trailing zeros stripped. */
export function formatLongDoubleHuman(value: LongDouble): string {
  if (value.kind === 'inf') return value.negative ? '-inf' : 'inf';
  let scaled: bigint;
  if (value.exponent >= 0) {
    scaled = (value.mantissa << BigInt(value.exponent)) * FRACTION_SCALE;
  } else {
    const shift = BigInt(-value.exponent);
    const numerator = value.mantissa * FRACTION_SCALE;
    scaled = numerator >> shift;
    const remainder = numerator - (scaled << shift);
    const half = 1n << (shift - 1n);
    if (remainder > half || (remainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const integerPart = (scaled / FRACTION_SCALE).toString();
  const fraction = (scaled % FRACTION_SCALE).toString().padStart(FRACTION_DIGITS, '0').replace(/0+$/, '');
  const text = (value.negative ? '-' : '') + integerPart + (fraction.length > 0 ? `.${fraction}` : '');
  return text === '-0' ? '0' : text;
}
