/**
 * Redis's integer parsing (`string2ll`): an optional '-', then digits with no leading zero,
 * no '+', no spaces, at most 20 bytes, within signed 64 bits. "-0", "+1", " 1", "01" and "1.0"
 * are not integers. Also the `ReplyError`-throwing forms the commands use.
 */
import { MUST_BE_POSITIVE, NOT_INTEGER, ReplyError } from '../errors.ts';

export const LLONG_MAX = 9223372036854775807n;
export const LLONG_MIN = -9223372036854775808n;
const SAFE_MAX = 9007199254740991;

/** Parses per `string2ll`; null when Redis would reject the text. */
export function parseLongLong(bytes: Buffer): bigint | null {
  const length = bytes.length;
  if (length === 0 || length >= 21) return null;
  if (length === 1 && bytes[0] === 0x30) return 0n;
  let i = 0;
  const negative = bytes[0] === 0x2d;
  if (negative) {
    i = 1;
    if (length === 1) return null;
  }
  const first = bytes[i]!;
  if (first < 0x31 || first > 0x39) return null;
  for (let j = i + 1; j < length; j++) {
    const c = bytes[j]!;
    if (c < 0x30 || c > 0x39) return null;
  }
  if (length - i <= 15) {
    const small = Number(bytes.toString('latin1', i));
    return BigInt(negative ? -small : small);
  }
  const value = BigInt(bytes.toString('latin1'));
  if (value > LLONG_MAX || value < LLONG_MIN) return null;
  return value;
}

/** `getLongLongFromObjectOrReply`: the integer, or throws the standard error reply. */
export function requireLongLong(bytes: Buffer): bigint {
  const value = parseLongLong(bytes);
  if (value === null) throw new ReplyError(NOT_INTEGER);
  return value;
}

/**
 * The integer clamped into the safe Number range. Only for values compared against lengths
 * and counts, where anything beyond ±2^53 behaves the same as ±2^53.
 */
export function requireClampedLong(bytes: Buffer): number {
  return clampToSafe(requireLongLong(bytes));
}

export function clampToSafe(value: bigint): number {
  if (value > BigInt(SAFE_MAX)) return SAFE_MAX;
  if (value < BigInt(-SAFE_MAX)) return -SAFE_MAX;
  return Number(value);
}

/**
 * `getPositiveLongFromObjectOrReply` (and `getRangeLongFromObjectOrReply` with 0..LONG_MAX):
 * a non-integer and a negative value both answer `message`.
 */
export function requireNonNegativeLong(bytes: Buffer, message: string = MUST_BE_POSITIVE): number {
  const value = parseLongLong(bytes);
  if (value === null || value < 0n) throw new ReplyError(message);
  return clampToSafe(value);
}
