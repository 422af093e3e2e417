/**
 * The number syntax of C's strtod/strtold (glibc), as a scan over bytes: leading white space,
 * a sign, then `inf`/`infinity`, `nan`/`nan(chars)`, a hexadecimal float (`0x1.8p3`) or a
 * decimal float. It finds the longest valid prefix and its exact value as an integer
 * mantissa times a power of ten or two; turning that into a double or an 80-bit long double
 * is the caller's job (`strtod.ts`, `long-double.ts`). Locale is C: the radix point is '.'.
 */

export type FloatToken =
  | { readonly kind: 'none' }
  | { readonly kind: 'inf'; readonly negative: boolean; readonly end: number }
  | { readonly kind: 'nan'; readonly negative: boolean; readonly end: number }
  | {
      readonly kind: 'decimal' | 'hex';
      readonly negative: boolean;
      /** Value = mantissa * base^exponent, base 10 for decimal and 2 for hex. */
      readonly mantissa: bigint;
      readonly exponent: number;
      readonly end: number;
    };

const NONE: FloatToken = { kind: 'none' };
/** Exponent digits beyond this only push the value further into overflow or underflow. */
const EXPONENT_ABS_MAX = 1_000_000;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || (c !== undefined && c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

function matchesWord(bytes: Buffer, at: number, word: string): boolean {
  if (at + word.length > bytes.length) return false;
  for (let i = 0; i < word.length; i++) {
    if ((bytes[at + i]! | 0x20) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** Reads `[eEpP][+-]?digits` at `at`; returns null when no complete exponent is there. */
function readExponent(bytes: Buffer, at: number): { value: number; end: number } | null {
  let i = at + 1;
  let negative = false;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  if (!isDigit(bytes[i])) return null;
  let value = 0;
  while (isDigit(bytes[i])) {
    if (value < EXPONENT_ABS_MAX) value = value * 10 + (bytes[i]! - 0x30);
    i++;
  }
  return { value: negative ? -value : value, end: i };
}

export function scanFloat(bytes: Buffer): FloatToken {
  let i = 0;
  while (isSpace(bytes[i])) i++;
  let negative = false;
  if (bytes[i] === 0x2b || bytes[i] === 0x2d) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  if (matchesWord(bytes, i, 'inf')) {
    const end = matchesWord(bytes, i, 'infinity') ? i + 8 : i + 3;
    return { kind: 'inf', negative, end };
  }
  if (matchesWord(bytes, i, 'nan')) {
    let end = i + 3;
    if (bytes[end] === 0x28) {
      let j = end + 1;
      while (j < bytes.length && (isDigit(bytes[j]) || isLetterOrUnderscore(bytes[j]!))) j++;
      if (bytes[j] === 0x29) end = j + 1;
    }
    return { kind: 'nan', negative, end };
  }
  if (bytes[i] === 0x30 && (bytes[i + 1] === 0x78 || bytes[i + 1] === 0x58)) {
    const hex = scanHex(bytes, i + 2, negative);
    if (hex !== null) return hex;
  }
  return scanDecimal(bytes, i, negative);
}

function isLetterOrUnderscore(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || c === 0x5f;
}

function scanDecimal(bytes: Buffer, start: number, negative: boolean): FloatToken {
  let i = start;
  let digits = '';
  let fractionDigits = 0;
  let sawDigit = false;
  while (isDigit(bytes[i])) {
    digits += String.fromCharCode(bytes[i]!);
    sawDigit = true;
    i++;
  }
  if (bytes[i] === 0x2e) {
    let j = i + 1;
    while (isDigit(bytes[j])) {
      digits += String.fromCharCode(bytes[j]!);
      fractionDigits++;
      sawDigit = true;
      j++;
    }
    if (sawDigit) i = j;
  }
  if (!sawDigit) return NONE;
  let exponent = -fractionDigits;
  if (bytes[i] === 0x65 || bytes[i] === 0x45) {
    const read = readExponent(bytes, i);
    if (read !== null) {
      exponent += read.value;
      i = read.end;
    }
  }
  return { kind: 'decimal', negative, mantissa: BigInt(digits), exponent, end: i };
}

function scanHex(bytes: Buffer, start: number, negative: boolean): FloatToken | null {
  let i = start;
  let mantissa = 0n;
  let fractionDigits = 0;
  let sawDigit = false;
  while (hexValue(bytes[i]) >= 0) {
    mantissa = mantissa * 16n + BigInt(hexValue(bytes[i]));
    sawDigit = true;
    i++;
  }
  if (bytes[i] === 0x2e) {
    let j = i + 1;
    while (hexValue(bytes[j]) >= 0) {
      mantissa = mantissa * 16n + BigInt(hexValue(bytes[j]));
      fractionDigits++;
      sawDigit = true;
      j++;
    }
    if (sawDigit) i = j;
  }
  if (!sawDigit) return null;
  let exponent = -4 * fractionDigits;
  if (bytes[i] === 0x70 || bytes[i] === 0x50) {
    const read = readExponent(bytes, i);
    if (read !== null) {
      exponent += read.value;
      i = read.end;
    }
  }
  return { kind: 'hex', negative, mantissa, exponent, end: i };
}
