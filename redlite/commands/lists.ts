/**
 * List commands with Redis 7.0's replies and argument order: LPUSH, RPUSH, LPUSHX, RPUSHX,
 * LPOP and RPOP (with count), LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM. Storage and
 * positions are in list-storage.ts. A list that becomes empty is deleted, as in Redis.
 */
import { type CommandSpec, type CommandTable, defineCommands, isOption } from '../command.ts';
import { arityError, NO_SUCH_KEY, OUT_OF_RANGE, ReplyError, SYNTAX } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { requireClampedLong, requireNonNegativeLong } from '../parse/integers.ts';
import { array, bulk, integer, NIL, NIL_ARRAY, OK, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';
import {
  insertNextTo,
  type ListRow,
  listLength,
  listRowAt,
  listRows,
  pushRows,
  updateListRow,
  verifyListRows,
} from './list-storage.ts';

function push(ks: Keyspace, argv: Buffer[], head: boolean, onlyIfExists: boolean): Reply {
  let meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null && onlyIfExists) return integer(0);
  const before = meta === null ? 0 : listLength(ks, meta);
  meta = meta === null ? ks.create(argv[1]!, KeyType.list) : ks.touch(meta);
  pushRows(ks, meta, argv.slice(2), head);
  return integer(before + argv.length - 2);
}

/** Deletes the list's key when nothing is left, else records the write. */
function afterRemoval(ks: Keyspace, meta: KeyMeta, remaining: number): void {
  if (remaining === 0) ks.removeEmptied(meta);
  else ks.touch(meta);
}

function pop(ks: Keyspace, argv: Buffer[], head: boolean): Reply {
  if (argv.length > 3) throw arityError(head ? 'lpop' : 'rpop');
  const hasCount = argv.length === 3;
  const count = hasCount ? requireNonNegativeLong(argv[2]!) : 0;
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return hasCount ? NIL_ARRAY : NIL;
  if (hasCount && count === 0) return array([]);
  const length = listLength(ks, meta);
  const taken = listRows(ks, meta, 0, hasCount ? Math.min(count, length) : 1, !head);
  const last = taken[taken.length - 1]!;
  ks.sql.run(`DELETE FROM lists WHERE key_id = ? AND pos ${head ? '<=' : '>='} ?`, meta.id, last.pos);
  afterRemoval(ks, meta, length - taken.length);
  if (!hasCount) return bulk(taken[0]!.value);
  return array(taken.map((row) => bulk(row.value)));
}

/** Redis's index normalisation for LRANGE/LTRIM: [start, end] clipped, or null when empty. */
function normaliseRange(start: number, end: number, length: number): [number, number] | null {
  let s = start < 0 ? length + start : start;
  let e = end < 0 ? length + end : end;
  if (s < 0) s = 0;
  if (s > e || s >= length) return null;
  if (e >= length) e = length - 1;
  return [s, e];
}

function lrange(ks: Keyspace, argv: Buffer[]): Reply {
  const start = requireClampedLong(argv[2]!);
  const end = requireClampedLong(argv[3]!);
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return array([]);
  const range = normaliseRange(start, end, listLength(ks, meta));
  if (range === null) return array([]);
  return array(listRows(ks, meta, range[0], range[1] - range[0] + 1).map((row) => bulk(row.value)));
}

function lindex(ks: Keyspace, argv: Buffer[]): Reply {
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return NIL;
  const raw = requireClampedLong(argv[2]!);
  const length = listLength(ks, meta);
  const index = raw < 0 ? length + raw : raw;
  if (index < 0 || index >= length) return NIL;
  const row = listRowAt(ks, meta, index, length);
  return row === null ? NIL : bulk(row.value);
}

function lset(ks: Keyspace, argv: Buffer[]): Reply {
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) throw new ReplyError(NO_SUCH_KEY);
  const raw = requireClampedLong(argv[2]!);
  const length = listLength(ks, meta);
  const index = raw < 0 ? length + raw : raw;
  if (index < 0 || index >= length) throw new ReplyError(OUT_OF_RANGE);
  const row = listRowAt(ks, meta, index, length)!;
  updateListRow(ks, meta, row.pos, argv[3]!);
  ks.touch(meta);
  return OK;
}

function linsert(ks: Keyspace, argv: Buffer[]): Reply {
  let before: boolean;
  if (isOption(argv[2], 'AFTER')) before = false;
  else if (isOption(argv[2], 'BEFORE')) before = true;
  else throw new ReplyError(SYNTAX);
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return integer(0);
  const pivot = ks.sql.all<ListRow>(
    'SELECT pos, value, crc FROM lists WHERE key_id = ? AND value = ? ORDER BY pos LIMIT 1',
    meta.id,
    argv[3]!,
  );
  const found = verifyListRows(meta, pivot)[0];
  if (found === undefined) return integer(-1);
  ks.touch(meta);
  insertNextTo(ks, meta, found.pos, argv[4]!, before);
  return integer(listLength(ks, meta));
}

function lrem(ks: Keyspace, argv: Buffer[]): Reply {
  const count = requireClampedLong(argv[2]!);
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return integer(0);
  const rows = verifyListRows(
    meta,
    ks.sql.all<ListRow>(
      `SELECT pos, value, crc FROM lists WHERE key_id = ? AND value = ? ORDER BY pos ${count < 0 ? 'DESC' : 'ASC'} LIMIT +?`,
      meta.id,
      argv[3]!,
      count === 0 ? -1 : Math.abs(count),
    ),
  );
  if (rows.length === 0) return integer(0);
  for (const row of rows) ks.sql.run('DELETE FROM lists WHERE key_id = ? AND pos = ?', meta.id, row.pos);
  afterRemoval(ks, meta, listLength(ks, meta));
  return integer(rows.length);
}

function ltrim(ks: Keyspace, argv: Buffer[]): Reply {
  const start = requireClampedLong(argv[2]!);
  const end = requireClampedLong(argv[3]!);
  const meta = ks.lookupTyped(argv[1]!, KeyType.list);
  if (meta === null) return OK;
  const length = listLength(ks, meta);
  const range = normaliseRange(start, end, length);
  if (range === null) {
    ks.removeEmptied(meta);
    return OK;
  }
  const first = listRowAt(ks, meta, range[0], length)!;
  const last = listRowAt(ks, meta, range[1], length)!;
  ks.sql.run('DELETE FROM lists WHERE key_id = ? AND (pos < ? OR pos > ?)', meta.id, first.pos, last.pos);
  ks.touch(meta);
  return OK;
}

const specs: CommandSpec[] = [
  { name: 'LPUSH', arity: -3, write: true, handler: (ks, argv) => push(ks, argv, true, false) },
  { name: 'RPUSH', arity: -3, write: true, handler: (ks, argv) => push(ks, argv, false, false) },
  { name: 'LPUSHX', arity: -3, write: true, handler: (ks, argv) => push(ks, argv, true, true) },
  { name: 'RPUSHX', arity: -3, write: true, handler: (ks, argv) => push(ks, argv, false, true) },
  { name: 'LPOP', arity: -2, write: true, handler: (ks, argv) => pop(ks, argv, true) },
  { name: 'RPOP', arity: -2, write: true, handler: (ks, argv) => pop(ks, argv, false) },
  {
    name: 'LLEN',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.list);
      return integer(meta === null ? 0 : listLength(ks, meta));
    },
  },
  { name: 'LRANGE', arity: 4, write: false, handler: lrange },
  { name: 'LINDEX', arity: 3, write: false, handler: lindex },
  { name: 'LSET', arity: 4, write: true, handler: lset },
  { name: 'LINSERT', arity: 5, write: true, handler: linsert },
  { name: 'LREM', arity: 4, write: true, handler: lrem },
  { name: 'LTRIM', arity: 4, write: true, handler: ltrim },
];

export function registerListCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
