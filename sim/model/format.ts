/**
 * Number formatting as Redis 7.0.15 prints it: `d2string` for sorted-set scores (integral
 * values within ±2^52 as integers, otherwise C's `%.17g`), and 64-bit integers.
 *
 * Checked against redis-server: negative zero prints "0" (it takes the integer path, as
 * -0 == 0 in C), infinities print "inf" and "-inf". The x87 long double arithmetic of
 * INCRBYFLOAT lives in long-double.ts.
 */

const INTEGER_PATH_MIN = -4503599627370495;
const INTEGER_PATH_MAX = 4503599627370496;

export function d2string(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value > INTEGER_PATH_MIN && value < INTEGER_PATH_MAX && Number.isInteger(value)) {
    return value === 0 ? '0' : String(value);
  }
  return formatG17(value);
}

/** C's `%.17g`: 17 significant digits, trailing zeros dropped, exponent form outside [-4, 17). */
export function formatG17(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential(16).split('e');
  const exponent = Number(exponentText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 17) {
    const head = digits.slice(0, 1);
    const tail = digits.slice(1).replace(/0+$/, '');
    const exponentAbs = Math.abs(exponent);
    const exponentDigits = exponentAbs < 10 ? `0${exponentAbs}` : String(exponentAbs);
    return `${sign}${head}${tail ? `.${tail}` : ''}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
  }
  if (exponent < 0) {
    const fraction = ('0'.repeat(-exponent - 1) + digits).replace(/0+$/, '');
    return `${sign}0.${fraction}`;
  }
  const whole = digits.slice(0, exponent + 1);
  const fraction = digits.slice(exponent + 1).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}
