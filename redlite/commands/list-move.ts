/**
 * LMOVE and RPOPLPUSH with Redis 7.0's replies, and the two list moves they and the blocking
 * commands share: popping one element off an end (deleting the emptied list) and moving one
 * element from a list's end onto another's. Moving within one key rotates it; the key stays.
 */
import { type CommandSpec, type CommandTable, defineCommands, isOption } from '../command.ts';
import { ReplyError, SYNTAX } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { bulk, NIL, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';
import { listLength, listRows, pushRows } from './list-storage.ts';

const DELETE_ROW_SQL = 'DELETE FROM lists WHERE key_id = ? AND pos = ?';

/** Takes one row off an end; returns its value and how long the list was before. */
function takeEdge(ks: Keyspace, meta: KeyMeta, head: boolean): { value: Buffer; lengthBefore: number } {
  const lengthBefore = listLength(ks, meta);
  const row = listRows(ks, meta, 0, 1, !head)[0]!;
  ks.sql.run(DELETE_ROW_SQL, meta.id, row.pos);
  return { value: row.value, lengthBefore };
}

/** Pops one element off an end of a list known to exist; deletes the key when it empties. */
export function popEdge(ks: Keyspace, meta: KeyMeta, head: boolean): Buffer {
  const { value, lengthBefore } = takeEdge(ks, meta, head);
  if (lengthBefore === 1) ks.remove(meta);
  else ks.touch(meta);
  return value;
}

/**
 * Redis `lmoveGenericCommand`: nil when `source` is missing; WRONGTYPE when either key holds
 * another type (checked before anything changes); otherwise the moved element. The destination
 * is written before the emptied source is deleted, in Redis's order.
 */
export function moveElement(
  ks: Keyspace,
  source: Buffer,
  destination: Buffer,
  fromHead: boolean,
  toHead: boolean,
): Reply {
  const from = ks.lookupTyped(source, KeyType.list);
  if (from === null) return NIL;
  if (source.equals(destination)) {
    const { value } = takeEdge(ks, from, fromHead);
    pushRows(ks, ks.touch(from), [value], toHead);
    return bulk(value);
  }
  const to = ks.lookupTyped(destination, KeyType.list);
  const { value, lengthBefore } = takeEdge(ks, from, fromHead);
  pushRows(ks, to === null ? ks.create(destination, KeyType.list) : ks.touch(to), [value], toHead);
  if (lengthBefore === 1) ks.remove(from);
  else ks.touch(from);
  return bulk(value);
}

/** Redis `getListPositionFromObjectOrReply`: LEFT is the head, RIGHT the tail. */
export function parseListEnd(arg: Buffer): boolean {
  if (isOption(arg, 'LEFT')) return true;
  if (isOption(arg, 'RIGHT')) return false;
  throw new ReplyError(SYNTAX);
}

const specs: CommandSpec[] = [
  {
    name: 'LMOVE',
    arity: 5,
    write: true,
    handler: (ks, argv) => {
      const fromHead = parseListEnd(argv[3]!);
      const toHead = parseListEnd(argv[4]!);
      return moveElement(ks, argv[1]!, argv[2]!, fromHead, toHead);
    },
  },
  {
    name: 'RPOPLPUSH',
    arity: 3,
    write: true,
    handler: (ks, argv) => moveElement(ks, argv[1]!, argv[2]!, false, true),
  },
];

export function registerListMoveCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
