/**
 * Argument parsing with Redis 7.0's exact acceptance rules: `string2ll` for integers, glibc
 * `strtod` for doubles (strict, as `getDoubleFromObject`, and loose, as `zslParseRange`).
 *
 * Arguments arrive as latin1 strings (one char per byte), so every rule here is a byte rule.
 * Hexadecimal floats are accepted where strtod accepts them; denormal precision is not modelled.
 */

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const INTEGER_TEXT = /^(0|-?[1-9][0-9]{0,19})$/;

/** string2ll: no spaces, no '+', no leading zeros, no "-0", within int64. Null when rejected. */
export function parseInt64(text: string): bigint | null {
  if (!INTEGER_TEXT.test(text)) return null;
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return null;
  return value;
}

export function inInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}

const DECIMAL_PREFIX = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
const HEX_PREFIX = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?[0-9]+)?/;
const INF_PREFIX = /^[+-]?(?:infinity|inf)/i;
const NAN_PREFIX = /^[+-]?nan(?:\([0-9A-Za-z_]*\))?/i;

/** The longest prefix strtod would consume (after its own leading-space skip is ruled out). */
function strtodPrefix(text: string): { value: number; consumed: number } {
  const body = text.replace(/^[ \t\n\v\f\r]+/, '');
  const skipped = text.length - body.length;
  const hex = HEX_PREFIX.exec(body);
  if (hex) return { value: hexToNumber(hex[0]), consumed: skipped + hex[0].length };
  const inf = INF_PREFIX.exec(body);
  if (inf) return { value: inf[0].startsWith('-') ? -Infinity : Infinity, consumed: skipped + inf[0].length };
  const nan = NAN_PREFIX.exec(body);
  if (nan) return { value: Number.NaN, consumed: skipped + nan[0].length };
  const decimal = DECIMAL_PREFIX.exec(body);
  if (decimal) return { value: Number(decimal[0]), consumed: skipped + decimal[0].length };
  return { value: 0, consumed: 0 };
}

function hexToNumber(text: string): number {
  const negative = text.startsWith('-');
  const body = text.replace(/^[+-]?0[xX]/, '');
  const [mantissaText = '', exponentText = '0'] = body.split(/[pP]/);
  const [whole = '', fraction = ''] = mantissaText.split('.');
  const digits = (whole + fraction).replace(/^0+/, '') || '0';
  const exponent = Number(exponentText) - 4 * fraction.length;
  const value = Number(BigInt(`0x${digits}`)) * 2 ** exponent;
  return negative ? -value : value;
}

/** True when a nonzero decimal mantissa underflowed to zero (strtod's ERANGE towards zero). */
function underflowed(text: string, value: number): boolean {
  return value === 0 && /[1-9]/.test(text.split(/[eEpP]/)[0] ?? '');
}

/** getDoubleFromObject: the whole string, no leading space, no NaN, no overflow/underflow to 0. */
export function parseDoubleStrict(text: string): number | null {
  if (text.length === 0 || /^[ \t\n\v\f\r]/.test(text)) return null;
  const { value, consumed } = strtodPrefix(text);
  if (consumed !== text.length || Number.isNaN(value)) return null;
  const literalInf = INF_PREFIX.test(text);
  if (!Number.isFinite(value) && !literalInf) return null;
  if (underflowed(text, value)) return null;
  return value;
}

/** zslParseRange's strtod: the whole string, NaN refused, everything else (even "") accepted. */
export function parseDoubleLoose(text: string): number | null {
  const { value, consumed } = strtodPrefix(text);
  if (consumed !== text.length || Number.isNaN(value)) return null;
  return value;
}

/** A Redis argument as the model holds it: a latin1 string, one char per byte. */
export function argText(arg: string | Buffer): string {
  if (typeof arg !== 'string') return arg.toString('latin1');
  return /^[\x00-\x7f]*$/.test(arg) ? arg : Buffer.from(arg).toString('latin1');
}
