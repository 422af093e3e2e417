/**
 * Exact rounding of a value given as integer mantissa * 2^exponent (or * 10^exponent) to a
 * binary float of a given precision, round-half-to-even as the FPU does by default. Shared by
 * the double (`strtod.ts`) and the x87 80-bit long double (`long-double.ts`) paths.
 */

export interface BinaryFormat {
  /** Significant bits, including the leading one: 53 for double, 64 for x87 long double. */
  readonly precisionBits: number;
  /** Exponent of the smallest normal number's leading bit. */
  readonly minExponent: number;
  /** Exponent of the largest finite number's leading bit. */
  readonly maxExponent: number;
}

export const DOUBLE: BinaryFormat = { precisionBits: 53, minExponent: -1022, maxExponent: 1023 };
export const LONG_DOUBLE: BinaryFormat = { precisionBits: 64, minExponent: -16382, maxExponent: 16383 };

/** A non-negative binary value mantissa * 2^exponent, or an overflow to infinity. */
export type Rounded =
  | { readonly kind: 'finite'; readonly mantissa: bigint; readonly exponent: number }
  | { readonly kind: 'overflow' };

/** Decimal exponents past these bounds overflow or underflow every format used here. */
const DECIMAL_EXPONENT_MAX = 5000;
const DECIMAL_EXPONENT_MIN = -5100;

export function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** Rounds mantissa * 2^exponent (with `sticky` set when nonzero bits lie below it). */
export function roundBinary(
  mantissa: bigint,
  exponent: number,
  sticky: boolean,
  format: BinaryFormat,
): Rounded {
  if (mantissa === 0n) return { kind: 'finite', mantissa: 0n, exponent: 0 };
  const msb = exponent + bitLength(mantissa) - 1;
  const lsb = Math.max(msb, format.minExponent) - format.precisionBits + 1;
  const shift = lsb - exponent;
  let rounded = mantissa;
  let roundedExponent = exponent;
  if (shift > 0) {
    const big = BigInt(shift);
    rounded = mantissa >> big;
    const remainder = mantissa - (rounded << big);
    const half = 1n << (big - 1n);
    if (remainder > half || (remainder === half && (sticky || (rounded & 1n) === 1n))) rounded += 1n;
    roundedExponent = lsb;
  }
  if (rounded !== 0n && roundedExponent + bitLength(rounded) - 1 > format.maxExponent)
    return { kind: 'overflow' };
  return { kind: 'finite', mantissa: rounded, exponent: roundedExponent };
}

/** Rounds mantissa * 10^exponent10 exactly. */
export function roundDecimal(mantissa: bigint, exponent10: number, format: BinaryFormat): Rounded {
  if (mantissa === 0n) return { kind: 'finite', mantissa: 0n, exponent: 0 };
  const digits = mantissa.toString().length;
  if (exponent10 + digits > DECIMAL_EXPONENT_MAX) return { kind: 'overflow' };
  if (exponent10 + digits < DECIMAL_EXPONENT_MIN) return { kind: 'finite', mantissa: 0n, exponent: 0 };
  if (exponent10 >= 0) return roundBinary(mantissa * 10n ** BigInt(exponent10), 0, false, format);
  const denominator = 10n ** BigInt(-exponent10);
  const scale = Math.max(0, format.precisionBits + 3 + bitLength(denominator) - bitLength(mantissa));
  const scaled = mantissa << BigInt(scale);
  const quotient = scaled / denominator;
  const sticky = quotient * denominator !== scaled;
  return roundBinary(quotient, -scale, sticky, format);
}

/** mantissa * 2^exponent as a JS number; exact when the value is a representable double. */
export function toNumber(mantissa: bigint, exponent: number): number {
  let value = Number(mantissa);
  let remaining = exponent;
  for (let step = 0; step < 40 && remaining !== 0; step++) {
    const chunk = Math.max(-1000, Math.min(1000, remaining));
    value *= 2 ** chunk;
    remaining -= chunk;
  }
  return value;
}
