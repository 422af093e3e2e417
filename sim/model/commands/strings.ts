/**
 * String commands: SET (all 7.0 options), GET, GETDEL, SETNX, SETEX, PSETEX, MGET, MSET,
 * INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT, APPEND, STRLEN, GETRANGE, SETRANGE. Argument checks run
 * in Redis's order (options, then expire time, then the key's type) so errors match exactly.
 */
import { array, integer, NIL, OK, type Reply } from '../../../redlite/reply.ts';
import {
  arityError,
  invalidExpireError,
  NAN_OR_INFINITY,
  NOT_FLOAT,
  NOT_INTEGER,
  OVERFLOW,
  ReplyError,
  STRING_TOO_LONG,
  SYNTAX,
} from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../long-double.ts';
import { int64Arg, longArg } from '../numbers.ts';
import { inInt64, parseInt64 } from '../parse.ts';
import { arg, type CommandTable, ONE, text, ZERO } from './types.ts';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
/** proto-max-bulk-len: the largest string SETRANGE/APPEND may build. */
const STRING_BYTES_MAX = 512 * 1024 * 1024;

type ExpireUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

interface SetOptions {
  nx: boolean;
  xx: boolean;
  get: boolean;
  keepTtl: boolean;
  unit: ExpireUnit | null;
  expire: string | null;
}

function parseSetOptions(argv: readonly string[]): SetOptions {
  const options: SetOptions = { nx: false, xx: false, get: false, keepTtl: false, unit: null, expire: null };
  for (let i = 3; i < argv.length; i++) {
    const option = arg(argv, i).toUpperCase();
    const hasNext = i + 1 < argv.length;
    if (option === 'NX' && !options.xx) options.nx = true;
    else if (option === 'XX' && !options.nx) options.xx = true;
    else if (option === 'GET') options.get = true;
    else if (option === 'KEEPTTL' && options.unit === null) options.keepTtl = true;
    else if (
      isUnit(option) &&
      !options.keepTtl &&
      (options.unit === null || options.unit === option) &&
      hasNext
    ) {
      options.unit = option;
      options.expire = arg(argv, ++i);
    } else throw new ReplyError(SYNTAX);
  }
  return options;
}

function isUnit(option: string): option is ExpireUnit {
  return option === 'EX' || option === 'PX' || option === 'EXAT' || option === 'PXAT';
}

/** getExpireMillisecondsOrReply: the absolute deadline in ms, or Redis's error. */
function expireDeadline(ks: Keyspace, name: string, unit: ExpireUnit, textValue: string): bigint {
  let ms = int64Arg(textValue);
  const seconds = unit === 'EX' || unit === 'EXAT';
  if (ms <= 0n || (seconds && ms > INT64_MAX / 1000n)) throw new ReplyError(invalidExpireError(name));
  if (seconds) ms *= 1000n;
  if (unit === 'EX' || unit === 'PX') ms += ks.nowMs();
  // C adds in int64 and wraps; a wrapped sum is negative, which Redis reports the same way.
  if (ms <= 0n || ms > INT64_MAX) throw new ReplyError(invalidExpireError(name));
  return ms;
}

/** The string at key ('' semantics are the caller's), WRONGTYPE when it is not a string. */
function stringAt(ks: Keyspace, key: string): string | undefined {
  return ks.peekTyped(key, 'string')?.data;
}

function setGeneric(
  ks: Keyspace,
  name: string,
  key: string,
  value: string,
  options: SetOptions,
  abortReply: Reply,
  okReply: Reply,
): Reply {
  const deadline =
    options.unit !== null && options.expire !== null
      ? expireDeadline(ks, name, options.unit, options.expire)
      : null;
  let getReply: Reply | null = null;
  if (options.get) {
    const old = stringAt(ks, key);
    getReply = old === undefined ? NIL : text(old);
  }
  const found = ks.exists(key);
  if ((options.nx && found) || (options.xx && !found)) return getReply ?? abortReply;
  ks.set(key, { kind: 'string', data: value }, options.keepTtl);
  if (deadline !== null) ks.setExpireAt(key, deadline);
  return getReply ?? okReply;
}

/** Writes a new string value, keeping the key's expiry (as INCR, APPEND and SETRANGE do). */
function replaceString(ks: Keyspace, key: string, data: string): void {
  ks.set(key, { kind: 'string', data }, true);
}

function incrBy(ks: Keyspace, key: string, increment: bigint): Reply {
  const current = stringAt(ks, key);
  let value = 0n;
  if (current !== undefined) {
    const parsed = parseInt64(current);
    if (parsed === null) throw new ReplyError(NOT_INTEGER);
    value = parsed;
  }
  const sum = value + increment;
  if (!inInt64(sum)) throw new ReplyError(OVERFLOW);
  replaceString(ks, key, sum.toString());
  return integer(sum >= -9007199254740991n && sum <= 9007199254740991n ? Number(sum) : sum);
}

function parseLongDoubleOrReply(value: string) {
  const parsed = parseLongDouble(value);
  if (parsed === null) throw new ReplyError(NOT_FLOAT);
  return parsed;
}

/** The long double sum Redis's INCRBYFLOAT/HINCRBYFLOAT store, as its printed text. */
export function addFloatText(current: string | undefined, increment: string, currentError: string): string {
  const base = current === undefined ? { kind: 'finite' as const, value: zeroLd } : parseLongDouble(current);
  if (base === null) throw new ReplyError(currentError);
  const incr = parseLongDoubleOrReply(increment);
  if (base.kind === 'infinite' || incr.kind === 'infinite') throw new ReplyError(NAN_OR_INFINITY);
  const sum = addLongDouble(base.value, incr.value);
  if (sum === null) throw new ReplyError(NAN_OR_INFINITY);
  return formatLongDouble(sum);
}

const zeroLd = { negative: false, mantissa: 0n, exponent: 0 };

function checkLength(offset: number, length: number): void {
  if (offset + length > STRING_BYTES_MAX) throw new ReplyError(STRING_TOO_LONG);
}

export const STRING_COMMANDS: CommandTable = {
  get: { arity: 2, run: (ks, argv) => textOrNil(stringAt(ks, arg(argv, 1))) },
  getdel: {
    arity: 2,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const value = stringAt(ks, key);
      if (value !== undefined) ks.delete(key);
      return textOrNil(value);
    },
  },
  set: {
    arity: -3,
    run: (ks, argv) => setGeneric(ks, 'set', arg(argv, 1), arg(argv, 2), parseSetOptions(argv), NIL, OK),
  },
  setnx: {
    arity: 3,
    run: (ks, argv) =>
      setGeneric(ks, 'setnx', arg(argv, 1), arg(argv, 2), { ...plain(), nx: true }, ZERO, ONE),
  },
  setex: {
    arity: 4,
    run: (ks, argv) =>
      setGeneric(
        ks,
        'setex',
        arg(argv, 1),
        arg(argv, 3),
        { ...plain(), unit: 'EX', expire: arg(argv, 2) },
        NIL,
        OK,
      ),
  },
  psetex: {
    arity: 4,
    run: (ks, argv) =>
      setGeneric(
        ks,
        'psetex',
        arg(argv, 1),
        arg(argv, 3),
        { ...plain(), unit: 'PX', expire: arg(argv, 2) },
        NIL,
        OK,
      ),
  },
  mget: {
    arity: -2,
    run: (ks, argv) => {
      const replies: Reply[] = [];
      for (let i = 1; i < argv.length; i++) {
        const value = ks.peek(arg(argv, i));
        replies.push(value?.kind === 'string' ? text(value.data) : NIL);
      }
      return array(replies);
    },
  },
  mset: {
    arity: -3,
    run: (ks, argv) => {
      if (argv.length % 2 === 0) throw new ReplyError(arityError('mset'));
      for (let i = 1; i < argv.length; i += 2)
        ks.set(arg(argv, i), { kind: 'string', data: arg(argv, i + 1) });
      return OK;
    },
  },
  incr: { arity: 2, run: (ks, argv) => incrBy(ks, arg(argv, 1), 1n) },
  decr: { arity: 2, run: (ks, argv) => incrBy(ks, arg(argv, 1), -1n) },
  incrby: {
    arity: 3,
    run: (ks, argv) => incrBy(ks, arg(argv, 1), int64Arg(arg(argv, 2))),
  },
  decrby: {
    arity: 3,
    run: (ks, argv) => {
      const decrement = int64Arg(arg(argv, 2));
      if (decrement === INT64_MIN) throw new ReplyError('ERR decrement would overflow');
      return incrBy(ks, arg(argv, 1), -decrement);
    },
  },
  incrbyfloat: {
    arity: 3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const result = addFloatText(stringAt(ks, key), arg(argv, 2), NOT_FLOAT);
      replaceString(ks, key, result);
      return text(result);
    },
  },
  append: {
    arity: 3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const current = stringAt(ks, key) ?? '';
      const suffix = arg(argv, 2);
      checkLength(current.length, suffix.length);
      const data = current + suffix;
      if (ks.exists(key)) replaceString(ks, key, data);
      else ks.set(key, { kind: 'string', data });
      return integer(data.length);
    },
  },
  strlen: { arity: 2, run: (ks, argv) => integer(stringAt(ks, arg(argv, 1))?.length ?? 0) },
  getrange: {
    arity: 4,
    run: (ks, argv) => {
      const startExact = int64Arg(arg(argv, 2));
      const endExact = int64Arg(arg(argv, 3));
      const value = stringAt(ks, arg(argv, 1));
      if (value === undefined) return text('');
      // Compared exactly: near -2^63 two different indexes are the same JS number.
      if (startExact < 0n && endExact < 0n && startExact > endExact) return text('');
      let start = Number(startExact);
      let end = Number(endExact);
      const length = value.length;
      if (start < 0) start = length + start;
      if (end < 0) end = length + end;
      if (start < 0) start = 0;
      if (end < 0) end = 0;
      if (end >= length) end = length - 1;
      if (start > end || length === 0) return text('');
      return text(value.slice(start, end + 1));
    },
  },
  setrange: {
    arity: 4,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const offset = longArg(arg(argv, 2));
      const patch = arg(argv, 3);
      if (offset < 0) throw new ReplyError('ERR offset is out of range');
      const current = stringAt(ks, key);
      if (patch.length === 0) return integer(current?.length ?? 0);
      checkLength(offset, patch.length);
      const base = current ?? '';
      const padded = base.length < offset ? base + '\0'.repeat(offset - base.length) : base;
      const data = padded.slice(0, offset) + patch + padded.slice(offset + patch.length);
      if (current === undefined) ks.set(key, { kind: 'string', data });
      else replaceString(ks, key, data);
      return integer(data.length);
    },
  },
};

function plain(): SetOptions {
  return { nx: false, xx: false, get: false, keepTtl: false, unit: null, expire: null };
}

function textOrNil(value: string | undefined): Reply {
  return value === undefined ? NIL : text(value);
}
