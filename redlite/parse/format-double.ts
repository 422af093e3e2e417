/**
 * Redis's reply text for a double (`addReplyDouble` in RESP2): `inf`/`-inf`, otherwise C's
 * `%.17g`. JS's toPrecision rounds ties away from zero while glibc rounds the exact binary
 * value half-to-even, so non-integers are expanded exactly with BigInt and rounded here.
 */

const SIGNIFICANT_DIGITS = 17;
const SAFE_INTEGER_MAX = 2 ** 53;
const scratch = new DataView(new ArrayBuffer(8));

export function formatScore(value: number): string {
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return formatG17(value);
}

/** C's `%.17g` for a finite double (NaN prints as `nan`). */
export function formatG17(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  if (Number.isInteger(value) && Math.abs(value) < SAFE_INTEGER_MAX) return String(value);
  const negative = value < 0;
  const { digits, exponent10 } = roundedDigits(Math.abs(value));
  return (negative ? '-' : '') + layoutG(digits, exponent10);
}

/** Exact decimal expansion of a positive finite double, as digits and the leading digit's power of ten. */
function exactDigits(value: number): { digits: string; exponent10: number } {
  scratch.setFloat64(0, value);
  const bits = scratch.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent2 = (biased === 0 ? -1074 : biased - 1075) as number;
  if (exponent2 >= 0) {
    const digits = (mantissa << BigInt(exponent2)).toString();
    return { digits, exponent10: digits.length - 1 };
  }
  // mantissa * 2^-k = mantissa * 5^k / 10^k
  const digits = (mantissa * 5n ** BigInt(-exponent2)).toString();
  return { digits, exponent10: digits.length - 1 + exponent2 };
}

function roundedDigits(value: number): { digits: string; exponent10: number } {
  const exact = exactDigits(value);
  let { digits, exponent10 } = exact;
  if (digits.length > SIGNIFICANT_DIGITS) {
    const kept = BigInt(digits.slice(0, SIGNIFICANT_DIGITS));
    const rest = digits.slice(SIGNIFICANT_DIGITS);
    const first = rest.charCodeAt(0) - 0x30;
    const beyondHalf = first > 5 || (first === 5 && /[1-9]/.test(rest.slice(1)));
    const tie = first === 5 && !beyondHalf;
    const roundUp = beyondHalf || (tie && (kept & 1n) === 1n);
    let rounded = (roundUp ? kept + 1n : kept).toString();
    if (rounded.length > SIGNIFICANT_DIGITS) {
      rounded = rounded.slice(0, SIGNIFICANT_DIGITS);
      exponent10 += 1;
    }
    digits = rounded;
  }
  return { digits: digits.replace(/0+$/, '') || '0', exponent10 };
}

/** %g layout: fixed when -4 <= exponent < precision, else d.ddde±XX; trailing zeros removed. */
function layoutG(digits: string, exponent10: number): string {
  if (exponent10 < -4 || exponent10 >= SIGNIFICANT_DIGITS) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const sign = exponent10 < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent10)).padStart(2, '0')}`;
  }
  if (exponent10 < 0) return `0.${'0'.repeat(-exponent10 - 1)}${digits}`;
  if (digits.length <= exponent10 + 1) return digits + '0'.repeat(exponent10 + 1 - digits.length);
  return `${digits.slice(0, exponent10 + 1)}.${digits.slice(exponent10 + 1)}`;
}
