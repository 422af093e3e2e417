/**
 * String commands with Redis 7.0's exact replies and argument order: SET (all options), GET,
 * GETDEL, SETNX, SETEX, PSETEX, MGET, MSET, INCR/DECR/INCRBY/DECRBY, INCRBYFLOAT, APPEND,
 * STRLEN, GETRANGE, SETRANGE. Integer arithmetic is signed 64-bit; INCRBYFLOAT is x87 long
 * double (see parse/long-double.ts).
 */
import { type CommandSpec, type CommandTable, defineCommands } from '../command.ts';
import { arityError, NOT_FLOAT, NOT_INTEGER, OVERFLOW, ReplyError, WRONGTYPE } from '../errors.ts';
import { KEY_COLUMNS, KEY_TUPLE_WIDTH, type KeyMeta, type Keyspace } from '../Keyspace.ts';
import { clampToSafe, LLONG_MAX, LLONG_MIN, parseLongLong, requireLongLong } from '../parse/integers.ts';
import { addLongDouble, formatLongDoubleHuman, type LongDouble, string2ld } from '../parse/long-double.ts';
import { array, bulk, integer, NIL, OK, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';
import { expireAtFromArgument, parseSetOptions, SetFlag } from './set-options.ts';
import { replaceString, setString, verifiedString } from './string-values.ts';

/** Redis's proto-max-bulk-len default: the largest string SETRANGE/APPEND may build. */
const STRING_BYTES_MAX = 512 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/** The keys row's columns, then the string value and its checksum (raw mode: by position). */
const LOOKUP_WITH_VALUE_SQL =
  `SELECT ${KEY_COLUMNS}, s.value AS value, s.crc AS value_crc ` +
  'FROM keys k LEFT JOIN strings s ON s.key_id = k.id WHERE k.db = ? AND k.key = ?';
const VALUE_COLUMN = KEY_TUPLE_WIDTH;
const VALUE_CRC_COLUMN = KEY_TUPLE_WIDTH + 1;

/** One query for the key and its string value: GET's whole read path. */
function lookupWithValue(ks: Keyspace, key: Buffer): { meta: KeyMeta; value: Buffer | null } | null {
  const row = ks.sql.getRaw(LOOKUP_WITH_VALUE_SQL, ks.db, key);
  if (row === undefined) return null;
  const meta = ks.fromTuple(row, key);
  if (meta === null) return null;
  if (meta.type !== KeyType.string) return { meta, value: null };
  const value = row[VALUE_COLUMN] as Buffer | null;
  return { meta, value: verifiedString(meta, value, row[VALUE_CRC_COLUMN] as number | null) };
}

/** The string at `key`, null when absent; WRONGTYPE for other types. */
function getString(ks: Keyspace, key: Buffer): { meta: KeyMeta; value: Buffer } | null {
  const found = lookupWithValue(ks, key);
  if (found === null) return null;
  if (found.value === null) throw new ReplyError(WRONGTYPE);
  return { meta: found.meta, value: found.value };
}

function checkStringLength(size: number, append: number): void {
  if (size + append > STRING_BYTES_MAX) {
    throw new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)');
  }
}

function setGeneric(
  ks: Keyspace,
  argv: Buffer[],
  command: string,
  flags: number,
  expire: Buffer | null,
  value: Buffer,
): Reply {
  const key = argv[1]!;
  const expireAt = expire === null ? null : expireAtFromArgument(expire, flags, command, ks.nowMs);
  let reply: Reply = OK;
  if (flags & SetFlag.get) {
    const old = getString(ks, key);
    reply = old === null ? NIL : bulk(old.value);
  }
  const existing = ks.lookup(key);
  if ((flags & SetFlag.nx && existing !== null) || (flags & SetFlag.xx && existing === null)) {
    return flags & SetFlag.get ? reply : NIL;
  }
  setString(ks, key, existing, value, flags & SetFlag.keepTtl ? 'keep' : expireAt);
  return reply;
}

function incrDecr(ks: Keyspace, key: Buffer, increment: bigint): Reply {
  const found = getString(ks, key);
  let current = 0n;
  if (found !== null) {
    const parsed = parseLongLong(found.value);
    if (parsed === null) throw new ReplyError(NOT_INTEGER);
    current = parsed;
  }
  if (
    (increment < 0n && current < 0n && increment < LLONG_MIN - current) ||
    (increment > 0n && current > 0n && increment > LLONG_MAX - current)
  ) {
    throw new ReplyError(OVERFLOW);
  }
  const next = current + increment;
  const text = Buffer.from(next.toString());
  if (found === null) setString(ks, key, null, text, null);
  else replaceString(ks, found.meta, text);
  return integer(toReplyInteger(next));
}

function toReplyInteger(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(-Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

function incrByFloat(ks: Keyspace, argv: Buffer[]): Reply {
  const found = getString(ks, argv[1]!);
  const current: LongDouble | null =
    found === null ? { kind: 'finite', negative: false, mantissa: 0n, exponent: 0 } : string2ld(found.value);
  if (current === null) throw new ReplyError(NOT_FLOAT);
  const increment = string2ld(argv[2]!);
  if (increment === null) throw new ReplyError(NOT_FLOAT);
  const sum = addLongDouble(current, increment);
  if (sum === null || sum.kind === 'inf') throw new ReplyError('ERR increment would produce NaN or Infinity');
  const text = Buffer.from(formatLongDoubleHuman(sum));
  if (found === null) setString(ks, argv[1]!, null, text, null);
  else replaceString(ks, found.meta, text);
  return bulk(text);
}

function getRange(ks: Keyspace, argv: Buffer[]): Reply {
  let start = requireLongLong(argv[2]!);
  let end = requireLongLong(argv[3]!);
  const found = getString(ks, argv[1]!);
  if (found === null) return bulk(EMPTY);
  const length = BigInt(found.value.length);
  if (start < 0n && end < 0n && start > end) return bulk(EMPTY);
  if (start < 0n) start += length;
  if (end < 0n) end += length;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= length) end = length - 1n;
  if (start > end || length === 0n) return bulk(EMPTY);
  return bulk(found.value.subarray(Number(start), Number(end) + 1));
}

function setRange(ks: Keyspace, argv: Buffer[]): Reply {
  const offsetBig = requireLongLong(argv[2]!);
  const value = argv[3]!;
  if (offsetBig < 0n) throw new ReplyError('ERR offset is out of range');
  const offset = clampToSafe(offsetBig);
  const found = getString(ks, argv[1]!);
  if (found === null) {
    if (value.length === 0) return integer(0);
    checkStringLength(offset, value.length);
    const created = Buffer.alloc(offset + value.length);
    value.copy(created, offset);
    setString(ks, argv[1]!, null, created, null);
    return integer(created.length);
  }
  if (value.length === 0) return integer(found.value.length);
  checkStringLength(offset, value.length);
  const grown = Buffer.alloc(Math.max(found.value.length, offset + value.length));
  found.value.copy(grown, 0);
  value.copy(grown, offset);
  replaceString(ks, found.meta, grown);
  return integer(grown.length);
}

const specs: CommandSpec[] = [
  {
    name: 'SET',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      const { flags, expire } = parseSetOptions(argv, 3);
      return setGeneric(ks, argv, 'set', flags, expire, argv[2]!);
    },
  },
  {
    name: 'SETNX',
    arity: 3,
    write: true,
    handler: (ks, argv) => {
      const existing = ks.lookup(argv[1]!);
      if (existing !== null) return integer(0);
      setString(ks, argv[1]!, null, argv[2]!, null);
      return integer(1);
    },
  },
  {
    name: 'SETEX',
    arity: 4,
    write: true,
    handler: (ks, argv) => setGeneric(ks, argv, 'setex', SetFlag.ex, argv[2]!, argv[3]!),
  },
  {
    name: 'PSETEX',
    arity: 4,
    write: true,
    handler: (ks, argv) => setGeneric(ks, argv, 'psetex', SetFlag.px, argv[2]!, argv[3]!),
  },
  {
    name: 'GET',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const found = getString(ks, argv[1]!);
      return found === null ? NIL : bulk(found.value);
    },
  },
  {
    name: 'GETDEL',
    arity: 2,
    write: true,
    handler: (ks, argv) => {
      const found = getString(ks, argv[1]!);
      if (found === null) return NIL;
      ks.remove(found.meta);
      return bulk(found.value);
    },
  },
  {
    name: 'MGET',
    arity: -2,
    write: false,
    handler: (ks, argv) => {
      const replies: Reply[] = [];
      for (let i = 1; i < argv.length; i++) {
        const found = lookupWithValue(ks, argv[i]!);
        replies.push(found === null || found.value === null ? NIL : bulk(found.value));
      }
      return array(replies);
    },
  },
  {
    name: 'MSET',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      if (argv.length % 2 === 0) throw arityError('mset');
      for (let i = 1; i < argv.length; i += 2)
        setString(ks, argv[i]!, ks.lookup(argv[i]!), argv[i + 1]!, null);
      return OK;
    },
  },
  { name: 'INCR', arity: 2, write: true, handler: (ks, argv) => incrDecr(ks, argv[1]!, 1n) },
  { name: 'DECR', arity: 2, write: true, handler: (ks, argv) => incrDecr(ks, argv[1]!, -1n) },
  {
    name: 'INCRBY',
    arity: 3,
    write: true,
    handler: (ks, argv) => incrDecr(ks, argv[1]!, requireLongLong(argv[2]!)),
  },
  {
    name: 'DECRBY',
    arity: 3,
    write: true,
    handler: (ks, argv) => {
      const decrement = requireLongLong(argv[2]!);
      if (decrement === LLONG_MIN) throw new ReplyError('ERR decrement would overflow');
      return incrDecr(ks, argv[1]!, -decrement);
    },
  },
  { name: 'INCRBYFLOAT', arity: 3, write: true, handler: incrByFloat },
  {
    name: 'APPEND',
    arity: 3,
    write: true,
    handler: (ks, argv) => {
      const found = getString(ks, argv[1]!);
      if (found === null) {
        setString(ks, argv[1]!, null, argv[2]!, null);
        return integer(argv[2]!.length);
      }
      checkStringLength(found.value.length, argv[2]!.length);
      const joined = Buffer.concat([found.value, argv[2]!]);
      replaceString(ks, found.meta, joined);
      return integer(joined.length);
    },
  },
  {
    name: 'STRLEN',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const found = getString(ks, argv[1]!);
      return integer(found === null ? 0 : found.value.length);
    },
  },
  { name: 'GETRANGE', arity: 4, write: false, handler: getRange },
  { name: 'SETRANGE', arity: 4, write: true, handler: setRange },
];

export function registerStringCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
