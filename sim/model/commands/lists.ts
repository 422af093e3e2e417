/**
 * List commands: LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP/RPOP (with count), LLEN, LRANGE, LINDEX,
 * LSET, LINSERT, LREM, LTRIM. Lists are plain arrays: simulated lists are short, and
 * unshift/splice on short arrays is cheaper than any cleverer structure.
 */
import { integer, NIL, NIL_ARRAY, OK, type Reply } from '../../../redlite/reply.ts';
import { INDEX_OUT_OF_RANGE, NO_SUCH_KEY, ReplyError, SYNTAX } from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { countArg, longArg } from '../numbers.ts';
import { arg, type CommandSpec, type CommandTable, EMPTY_ARRAY, text, texts, ZERO } from './types.ts';

function pushCommand(left: boolean, onlyIfExists: boolean): CommandSpec {
  return {
    arity: -3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const list = onlyIfExists ? ks.getTyped(key, 'list') : ks.getOrCreate(key, 'list');
      if (list === undefined) return ZERO;
      for (let i = 2; i < argv.length; i++) {
        if (left) list.items.unshift(arg(argv, i));
        else list.items.push(arg(argv, i));
      }
      return integer(list.items.length);
    },
  };
}

function popCommand(left: boolean): CommandSpec {
  return {
    arity: -2,
    run: (ks, argv) => {
      if (argv.length > 3)
        throw new ReplyError(`ERR wrong number of arguments for '${left ? 'lpop' : 'rpop'}' command`);
      const hasCount = argv.length === 3;
      const count = hasCount ? countArg(arg(argv, 2)) : 1;
      const key = arg(argv, 1);
      const list = ks.getTyped(key, 'list');
      if (list === undefined) return hasCount ? NIL_ARRAY : NIL;
      if (hasCount && count === 0) return EMPTY_ARRAY;
      const taken = Math.min(count, list.items.length);
      const popped = left
        ? list.items.splice(0, taken)
        : list.items.splice(list.items.length - taken).reverse();
      ks.deleteIfEmpty(key, list.items.length);
      return hasCount ? texts(popped) : text(popped[0] as string);
    },
  };
}

/** Redis's index sanitising for LRANGE/LTRIM: [start, end] clamped, or null when empty. */
export function clampRange(start: number, end: number, length: number): [number, number] | null {
  let from = start < 0 ? length + start : start;
  let to = end < 0 ? length + end : end;
  if (from < 0) from = 0;
  if (from > to || from >= length) return null;
  if (to >= length) to = length - 1;
  return [from, to];
}

function listIndex(index: number, length: number): number {
  return index < 0 ? length + index : index;
}

function lrem(ks: Keyspace, argv: readonly string[]): Reply {
  const key = arg(argv, 1);
  const count = longArg(arg(argv, 2));
  const element = arg(argv, 3);
  const list = ks.getTyped(key, 'list');
  if (list === undefined) return ZERO;
  const items = list.items;
  const limit = count === 0 ? Number.POSITIVE_INFINITY : Math.abs(count);
  let removed = 0;
  if (count >= 0) {
    for (let i = 0; i < items.length && removed < limit; ) {
      if (items[i] === element) {
        items.splice(i, 1);
        removed++;
      } else i++;
    }
  } else {
    for (let i = items.length - 1; i >= 0 && removed < limit; i--) {
      if (items[i] === element) {
        items.splice(i, 1);
        removed++;
      }
    }
  }
  ks.deleteIfEmpty(key, items.length);
  return integer(removed);
}

export const LIST_COMMANDS: CommandTable = {
  lpush: pushCommand(true, false),
  rpush: pushCommand(false, false),
  lpushx: pushCommand(true, true),
  rpushx: pushCommand(false, true),
  lpop: popCommand(true),
  rpop: popCommand(false),
  llen: { arity: 2, run: (ks, argv) => integer(ks.peekTyped(arg(argv, 1), 'list')?.items.length ?? 0) },
  lrange: {
    arity: 4,
    run: (ks, argv) => {
      const start = longArg(arg(argv, 2));
      const end = longArg(arg(argv, 3));
      const list = ks.peekTyped(arg(argv, 1), 'list');
      if (list === undefined) return EMPTY_ARRAY;
      const range = clampRange(start, end, list.items.length);
      return range === null ? EMPTY_ARRAY : texts(list.items.slice(range[0], range[1] + 1));
    },
  },
  lindex: {
    arity: 3,
    run: (ks, argv) => {
      const list = ks.peekTyped(arg(argv, 1), 'list');
      if (list === undefined) return NIL;
      const index = listIndex(longArg(arg(argv, 2)), list.items.length);
      const item = index >= 0 ? list.items[index] : undefined;
      return item === undefined ? NIL : text(item);
    },
  },
  lset: {
    arity: 4,
    run: (ks, argv) => {
      const list = ks.getTyped(arg(argv, 1), 'list');
      if (list === undefined) throw new ReplyError(NO_SUCH_KEY);
      const index = listIndex(longArg(arg(argv, 2)), list.items.length);
      if (index < 0 || index >= list.items.length) throw new ReplyError(INDEX_OUT_OF_RANGE);
      list.items[index] = arg(argv, 3);
      return OK;
    },
  },
  linsert: {
    arity: 5,
    run: (ks, argv) => {
      const where = arg(argv, 2).toUpperCase();
      if (where !== 'BEFORE' && where !== 'AFTER') throw new ReplyError(SYNTAX);
      const list = ks.getTyped(arg(argv, 1), 'list');
      if (list === undefined) return ZERO;
      const at = list.items.indexOf(arg(argv, 3));
      if (at < 0) return integer(-1);
      list.items.splice(where === 'BEFORE' ? at : at + 1, 0, arg(argv, 4));
      return integer(list.items.length);
    },
  },
  lrem: { arity: 4, run: lrem },
  ltrim: {
    arity: 4,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const start = longArg(arg(argv, 2));
      const end = longArg(arg(argv, 3));
      const list = ks.getTyped(key, 'list');
      if (list === undefined) return OK;
      const range = clampRange(start, end, list.items.length);
      if (range === null) list.items.length = 0;
      else list.items.splice(0, list.items.length, ...list.items.slice(range[0], range[1] + 1));
      ks.deleteIfEmpty(key, list.items.length);
      return OK;
    },
  },
};
