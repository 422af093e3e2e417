/**
 * The timeout argument of BLPOP, BRPOP, BLMOVE and BRPOPLPUSH, as Redis 7.0's
 * `getTimeoutFromObjectOrReply` reads seconds: the text is a long double (`string2ld`), it is
 * multiplied by 1000 in long double arithmetic, rounded up (`ceill`) and converted to a long long
 * the way x86-64 does it, where anything out of range (the infinities included) becomes LLONG_MIN.
 * A negative result is an error; zero means "wait forever". Turning the timeout into a deadline
 * is the caller's business (redlite itself never waits).
 */
import { ReplyError } from '../errors.ts';
import { LONG_DOUBLE, roundBinary } from '../parse/binary-float.ts';
import { LLONG_MAX, LLONG_MIN } from '../parse/integers.ts';
import { string2ld } from '../parse/long-double.ts';

export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';

/** `ceill(value * 1000.0)` cast to long long, for a finite long double mantissa * 2^exponent. */
function ceilMilliseconds(negative: boolean, mantissa: bigint, exponent: number): bigint {
  const product = roundBinary(mantissa * 1000n, exponent, false, LONG_DOUBLE);
  if (product.kind === 'overflow') return LLONG_MIN;
  let magnitude: bigint;
  if (product.exponent >= 0) {
    magnitude = product.mantissa << BigInt(product.exponent);
  } else {
    const shift = BigInt(-product.exponent);
    magnitude = product.mantissa >> shift;
    // Rounding up moves a positive value away from zero and a negative one towards it.
    if (!negative && magnitude << shift !== product.mantissa) magnitude += 1n;
  }
  const value = negative ? -magnitude : magnitude;
  return value > LLONG_MAX || value < LLONG_MIN ? LLONG_MIN : value;
}

/** The timeout in milliseconds (0: forever), or the error reply Redis gives for the text. */
export function parseTimeoutMs(arg: Buffer): bigint {
  const value = string2ld(arg);
  if (value === null) throw new ReplyError(TIMEOUT_NOT_FLOAT);
  const ms =
    value.kind === 'inf' ? LLONG_MIN : ceilMilliseconds(value.negative, value.mantissa, value.exponent);
  if (ms < 0n) throw new ReplyError(TIMEOUT_NEGATIVE);
  return ms;
}
