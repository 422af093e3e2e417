/**
 * Reading numeric arguments the way Redis replies to bad ones: each helper returns the value
 * or throws the ReplyError Redis would send.
 */
import { MUST_BE_POSITIVE, NOT_FLOAT, NOT_INTEGER, ReplyError } from './errors.ts';
import { parseDoubleStrict, parseInt64 } from './parse.ts';

/** getLongLongFromObjectOrReply, as a bigint (exact for every int64). */
export function int64Arg(text: string): bigint {
  const value = parseInt64(text);
  if (value === null) throw new ReplyError(NOT_INTEGER);
  return value;
}

/** getLongFromObjectOrReply for indexes and counts: exact enough for clamping, as a number. */
export function longArg(text: string): number {
  return Number(int64Arg(text));
}

/** getPositiveLongFromObjectOrReply: anything but 0..LONG_MAX is "must be positive". */
export function countArg(text: string): number {
  const value = parseInt64(text);
  if (value === null || value < 0n) throw new ReplyError(MUST_BE_POSITIVE);
  return Number(value);
}

/** getDoubleFromObjectOrReply. */
export function doubleArg(text: string): number {
  const value = parseDoubleStrict(text);
  if (value === null) throw new ReplyError(NOT_FLOAT);
  return value;
}
