/**
 * Hash commands with Redis 7.0's replies and argument order: HSET, HMSET, HGET, HMGET, HGETALL,
 * HDEL, HEXISTS, HLEN, HKEYS, HVALS, HINCRBY, HINCRBYFLOAT, HSETNX. Fields come back in field
 * (memcmp) order, which Redis leaves unspecified. An emptied hash is deleted.
 */
import { hashRowCrc } from '../checksum.ts';
import { type CommandSpec, type CommandTable, defineCommands } from '../command.ts';
import { arityError, ChecksumMismatchError, OVERFLOW, ReplyError } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { LLONG_MAX, LLONG_MIN, parseLongLong, requireLongLong } from '../parse/integers.ts';
import { addLongDouble, formatLongDoubleHuman, string2ld } from '../parse/long-double.ts';
import { array, bulk, integer, NIL, OK, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';

interface HashRow {
  field: Buffer;
  value: Buffer;
  crc: number;
}

function verify(meta: KeyMeta, rows: HashRow[]): HashRow[] {
  for (const row of rows) {
    if (hashRowCrc(meta.id, row.field, row.value) !== row.crc)
      throw new ChecksumMismatchError('hashes', meta.key);
  }
  return rows;
}

function allRows(ks: Keyspace, meta: KeyMeta): HashRow[] {
  return verify(
    meta,
    ks.sql.all<HashRow>('SELECT field, value, crc FROM hashes WHERE key_id = ? ORDER BY field', meta.id),
  );
}

function getField(ks: Keyspace, meta: KeyMeta, field: Buffer): Buffer | null {
  const rows = ks.sql.all<HashRow>(
    'SELECT field, value, crc FROM hashes WHERE key_id = ? AND field = ?',
    meta.id,
    field,
  );
  return verify(meta, rows)[0]?.value ?? null;
}

/** Writes a field; true when it was new. */
function setField(ks: Keyspace, meta: KeyMeta, field: Buffer, value: Buffer): boolean {
  const existed = ks.sql.get<{ one: number }>(
    'SELECT 1 AS one FROM hashes WHERE key_id = ? AND field = ?',
    meta.id,
    field,
  );
  ks.sql.run(
    'INSERT INTO hashes (key_id, field, value, crc) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (key_id, field) DO UPDATE SET value = excluded.value, crc = excluded.crc',
    meta.id,
    field,
    value,
    hashRowCrc(meta.id, field, value),
  );
  return existed === undefined;
}

function hashLength(ks: Keyspace, meta: KeyMeta): number {
  return ks.sql.get<{ n: number }>('SELECT count(*) AS n FROM hashes WHERE key_id = ?', meta.id)?.n ?? 0;
}

/** `hashTypeLookupWriteOrCreate`: the hash (touched, as it is about to change) or a new one. */
function writableHash(ks: Keyspace, key: Buffer): KeyMeta {
  const meta = ks.lookupTyped(key, KeyType.hash);
  return meta === null ? ks.create(key, KeyType.hash) : ks.touch(meta);
}

function hset(ks: Keyspace, argv: Buffer[], command: string): Reply {
  if (argv.length % 2 === 1) throw arityError(command);
  const meta = writableHash(ks, argv[1]!);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (setField(ks, meta, argv[i]!, argv[i + 1]!)) created++;
  return command === 'hmset' ? OK : integer(created);
}

function hincrby(ks: Keyspace, argv: Buffer[]): Reply {
  const increment = requireLongLong(argv[3]!);
  const existing = ks.lookupTyped(argv[1]!, KeyType.hash);
  let current = 0n;
  if (existing !== null) {
    const stored = getField(ks, existing, argv[2]!);
    if (stored !== null) {
      const parsed = parseLongLong(stored);
      if (parsed === null) throw new ReplyError('ERR hash value is not an integer');
      current = parsed;
    }
  }
  if (
    (increment < 0n && current < 0n && increment < LLONG_MIN - current) ||
    (increment > 0n && current > 0n && increment > LLONG_MAX - current)
  ) {
    throw new ReplyError(OVERFLOW);
  }
  const next = current + increment;
  const meta = existing === null ? ks.create(argv[1]!, KeyType.hash) : ks.touch(existing);
  setField(ks, meta, argv[2]!, Buffer.from(next.toString()));
  const safe = next <= BigInt(Number.MAX_SAFE_INTEGER) && next >= BigInt(-Number.MAX_SAFE_INTEGER);
  return integer(safe ? Number(next) : next);
}

function hincrbyfloat(ks: Keyspace, argv: Buffer[]): Reply {
  const increment = string2ld(argv[3]!);
  if (increment === null) throw new ReplyError('ERR value is not a valid float');
  if (increment.kind === 'inf') throw new ReplyError('ERR value is NaN or Infinity');
  const existing = ks.lookupTyped(argv[1]!, KeyType.hash);
  let current = string2ld(Buffer.from('0'))!;
  if (existing !== null) {
    const stored = getField(ks, existing, argv[2]!);
    if (stored !== null) {
      const parsed = string2ld(stored);
      if (parsed === null) throw new ReplyError('ERR hash value is not a float');
      current = parsed;
    }
  }
  const sum = addLongDouble(current, increment);
  if (sum === null || sum.kind === 'inf') throw new ReplyError('ERR increment would produce NaN or Infinity');
  const text = Buffer.from(formatLongDoubleHuman(sum));
  const meta = existing === null ? ks.create(argv[1]!, KeyType.hash) : ks.touch(existing);
  setField(ks, meta, argv[2]!, text);
  return bulk(text);
}

function readHash(ks: Keyspace, argv: Buffer[], pick: (row: HashRow) => Buffer[]): Reply {
  const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
  if (meta === null) return array([]);
  return array(allRows(ks, meta).flatMap((row) => pick(row).map((part) => bulk(part))));
}

const specs: CommandSpec[] = [
  { name: 'HSET', arity: -4, write: true, handler: (ks, argv) => hset(ks, argv, 'hset') },
  { name: 'HMSET', arity: -4, write: true, handler: (ks, argv) => hset(ks, argv, 'hmset') },
  {
    name: 'HSETNX',
    arity: 4,
    write: true,
    handler: (ks, argv) => {
      const existing = ks.lookupTyped(argv[1]!, KeyType.hash);
      if (existing !== null && getField(ks, existing, argv[2]!) !== null) return integer(0);
      const meta = existing === null ? ks.create(argv[1]!, KeyType.hash) : ks.touch(existing);
      setField(ks, meta, argv[2]!, argv[3]!);
      return integer(1);
    },
  },
  {
    name: 'HGET',
    arity: 3,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
      const value = meta === null ? null : getField(ks, meta, argv[2]!);
      return value === null ? NIL : bulk(value);
    },
  },
  {
    name: 'HMGET',
    arity: -3,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
      const replies: Reply[] = [];
      for (let i = 2; i < argv.length; i++) {
        const value = meta === null ? null : getField(ks, meta, argv[i]!);
        replies.push(value === null ? NIL : bulk(value));
      }
      return array(replies);
    },
  },
  {
    name: 'HGETALL',
    arity: 2,
    write: false,
    handler: (ks, argv) => readHash(ks, argv, (row) => [row.field, row.value]),
  },
  { name: 'HKEYS', arity: 2, write: false, handler: (ks, argv) => readHash(ks, argv, (row) => [row.field]) },
  { name: 'HVALS', arity: 2, write: false, handler: (ks, argv) => readHash(ks, argv, (row) => [row.value]) },
  {
    name: 'HDEL',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
      if (meta === null) return integer(0);
      let deleted = 0;
      for (let i = 2; i < argv.length; i++) {
        deleted += ks.sql.run('DELETE FROM hashes WHERE key_id = ? AND field = ?', meta.id, argv[i]!).changes;
      }
      if (deleted > 0) {
        if (hashLength(ks, meta) === 0) ks.removeEmptied(meta);
        else ks.touch(meta);
      }
      return integer(deleted);
    },
  },
  {
    name: 'HEXISTS',
    arity: 3,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
      return integer(meta !== null && getField(ks, meta, argv[2]!) !== null ? 1 : 0);
    },
  },
  {
    name: 'HLEN',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.hash);
      return integer(meta === null ? 0 : hashLength(ks, meta));
    },
  },
  { name: 'HINCRBY', arity: 4, write: true, handler: hincrby },
  { name: 'HINCRBYFLOAT', arity: 4, write: true, handler: hincrbyfloat },
];

export function registerHashCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
