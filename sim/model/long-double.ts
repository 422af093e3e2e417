/**
 * An exact emulation of the x87 80-bit `long double` arithmetic behind INCRBYFLOAT and
 * HINCRBYFLOAT on x86-64 Redis: `strtold` both operands (round to a 64-bit mantissa, ties to
 * even), add, round again, and print with `%.17Lf` before stripping trailing zeros.
 *
 * Values are mantissa * 2^exponent with BigInt mantissas, so every step is exact before its
 * one rounding. Subnormal long doubles (below 2^-16382) are not modelled: no realistic
 * increment reaches them, and strtold's underflow to zero is still refused as Redis does.
 */

const MANTISSA_BITS = 64;
/** Largest exponent e with mantissa * 2^e finite: 2^16384 is the long double overflow. */
const EXPONENT_MAX = 16384 - MANTISSA_BITS;
/** string2ld refuses strings of MAX_LONG_DOUBLE_CHARS (5 KiB) or more. */
const TEXT_BYTES_MAX = 5 * 1024 - 1;

export interface LongDouble {
  readonly negative: boolean;
  /** 0n for zero, otherwise in [2^63, 2^64). */
  readonly mantissa: bigint;
  readonly exponent: number;
}

export type LongDoubleParse = { kind: 'finite'; value: LongDouble } | { kind: 'infinite' } | null;

function bitLength(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** Rounds numerator/denominator (both > 0) to a 64-bit mantissa, ties to even. */
function roundRational(negative: boolean, numerator: bigint, denominator: bigint): LongDouble | null {
  let shift = bitLength(numerator) - bitLength(denominator) - MANTISSA_BITS;
  for (let attempt = 0; attempt < 3; attempt++) {
    const scaledNumerator = shift < 0 ? numerator << BigInt(-shift) : numerator;
    const scaledDenominator = shift > 0 ? denominator << BigInt(shift) : denominator;
    let quotient = scaledNumerator / scaledDenominator;
    if (quotient >= 1n << 64n) {
      shift += 1;
      continue;
    }
    if (quotient < 1n << 63n) {
      shift -= 1;
      continue;
    }
    const twiceRemainder = (scaledNumerator - quotient * scaledDenominator) * 2n;
    if (
      twiceRemainder > scaledDenominator ||
      (twiceRemainder === scaledDenominator && (quotient & 1n) === 1n)
    ) {
      quotient += 1n;
    }
    let exponent = shift;
    if (quotient === 1n << 64n) {
      quotient >>= 1n;
      exponent += 1;
    }
    if (exponent > EXPONENT_MAX) return null;
    return { negative, mantissa: quotient, exponent };
  }
  throw new Error(`roundRational did not converge for ${numerator}/${denominator}`);
}

const DECIMAL = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;

/** string2ld: strict strtold of the whole string. Null when Redis says "not a valid float". */
export function parseLongDouble(text: string): LongDoubleParse {
  if (text.length === 0 || text.length > TEXT_BYTES_MAX || /^[ \t\n\v\f\r]/.test(text)) return null;
  if (/^[+-]?(inf|infinity)$/i.test(text)) return { kind: 'infinite' };
  const hex = HEX.exec(text);
  const decimal = hex ? null : DECIMAL.exec(text);
  const match = hex ?? decimal;
  if (!match) return null;
  const whole = match[2] ?? '';
  const fraction = match[3] ?? '';
  if (whole.length + fraction.length === 0) return null;
  const negative = match[1] === '-';
  const exponentText = match[4] ?? '0';
  if (exponentText.length > 7) return null;
  const digits = BigInt(hex ? `0x${whole}${fraction}` || '0' : `${whole}${fraction}` || '0');
  if (digits === 0n) return { kind: 'finite', value: { negative, mantissa: 0n, exponent: 0 } };
  let numerator = digits;
  let denominator = 1n;
  if (hex) {
    const exponent = Number(exponentText) - 4 * fraction.length;
    if (exponent >= 0) numerator <<= BigInt(exponent);
    else denominator <<= BigInt(-exponent);
  } else {
    const exponent = Number(exponentText) - fraction.length;
    if (exponent + whole.length + fraction.length > 4940) return null;
    if (exponent + whole.length + fraction.length < -4960) return null;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator = 10n ** BigInt(-exponent);
  }
  const value = roundRational(negative, numerator, denominator);
  return value === null ? null : { kind: 'finite', value };
}

/** The exact sum rounded to a long double; null when it overflows to infinity. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble | null {
  if (a.mantissa === 0n && b.mantissa === 0n) {
    return { negative: a.negative && b.negative, mantissa: 0n, exponent: 0 };
  }
  if (a.mantissa === 0n) return b;
  if (b.mantissa === 0n) return a;
  const base = Math.min(a.exponent, b.exponent);
  const signedA = (a.negative ? -a.mantissa : a.mantissa) << BigInt(a.exponent - base);
  const signedB = (b.negative ? -b.mantissa : b.mantissa) << BigInt(b.exponent - base);
  const sum = signedA + signedB;
  if (sum === 0n) return { negative: false, mantissa: 0n, exponent: 0 };
  const magnitude = sum < 0n ? -sum : sum;
  const numerator = base >= 0 ? magnitude << BigInt(base) : magnitude;
  const denominator = base >= 0 ? 1n : 1n << BigInt(-base);
  return roundRational(sum < 0n, numerator, denominator);
}

/** ld2string in LD_STR_HUMAN mode: `%.17Lf`, trailing zeros and '.' dropped, "-0" as "0". */
export function formatLongDouble(value: LongDouble): string {
  const scale = 10n ** 17n;
  let scaled: bigint;
  if (value.exponent >= 0) {
    scaled = (value.mantissa << BigInt(value.exponent)) * scale;
  } else {
    const numerator = value.mantissa * scale;
    const shift = BigInt(-value.exponent);
    scaled = numerator >> shift;
    const twiceRemainder = (numerator - (scaled << shift)) * 2n;
    const half = 1n << shift;
    if (twiceRemainder > half || (twiceRemainder === half && (scaled & 1n) === 1n)) scaled += 1n;
  }
  const digits = scaled.toString().padStart(18, '0');
  const whole = digits.slice(0, -17);
  const fraction = digits.slice(-17).replace(/0+$/, '');
  const text = `${value.negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  return text === '-0' ? '0' : text;
}
