/**
 * LMOVE, RPOPLPUSH and the four blocking list commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH) as
 * the model answers them on their own, where Redis 7.0 may not block (inside MULTI/EXEC): the
 * timeout is read first, then the keys are tried in order, and when nothing can be popped the
 * reply is the nil array (BLPOP, BRPOP) or nil (the moves). Turning that nil into a wait is the
 * model session's business (sim/model/session/), as it is redlite/server's Session's.
 */
import { array, NIL, NIL_ARRAY, type Reply } from '../../../redlite/reply.ts';
import { ReplyError, SYNTAX } from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { arg, type CommandSpec, type CommandTable, text } from './types.ts';

export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';

/**
 * Seconds as milliseconds, rounded up; 0 means forever. Redis reads the seconds as a long
 * double; the simulator only sends short decimals, where a double rounds the same way.
 */
export function timeoutMs(text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) || text.trim() !== text) {
    throw new ReplyError(TIMEOUT_NOT_FLOAT);
  }
  const ms = Math.ceil(Number(text) * 1000);
  if (!Number.isFinite(ms) || ms > Number.MAX_SAFE_INTEGER) throw new ReplyError(TIMEOUT_NOT_FLOAT);
  if (ms < 0) throw new ReplyError(TIMEOUT_NEGATIVE);
  return ms;
}

/** LEFT is the head, RIGHT the tail; anything else is a syntax error. */
export function listEnd(text: string): boolean {
  const upper = text.toUpperCase();
  if (upper === 'LEFT') return true;
  if (upper === 'RIGHT') return false;
  throw new ReplyError(SYNTAX);
}

/** Pops one element off an end of `key` (a list), or undefined when the key is absent. */
function popOne(ks: Keyspace, key: string, head: boolean): string | undefined {
  const list = ks.getTyped(key, 'list');
  if (list === undefined) return undefined;
  const value = head ? list.items.shift() : list.items.pop();
  ks.deleteIfEmpty(key, list.items.length);
  return value;
}

/** Redis's lmoveGenericCommand: both types are checked before anything moves. */
export function moveOne(
  ks: Keyspace,
  source: string,
  destination: string,
  fromHead: boolean,
  toHead: boolean,
): Reply {
  const from = ks.getTyped(source, 'list');
  if (from === undefined) return NIL;
  if (source !== destination) ks.getTyped(destination, 'list');
  const value = fromHead ? from.items.shift() : from.items.pop();
  if (value === undefined) throw new Error('model: an empty list was stored');
  const to = ks.getOrCreate(destination, 'list');
  if (toHead) to.items.unshift(value);
  else to.items.push(value);
  if (source !== destination) ks.deleteIfEmpty(source, from.items.length);
  return text(value);
}

function blockingPop(head: boolean): CommandSpec {
  return {
    arity: -3,
    run: (ks, argv) => {
      timeoutMs(arg(argv, argv.length - 1));
      for (let i = 1; i < argv.length - 1; i++) {
        const key = arg(argv, i);
        const value = popOne(ks, key, head);
        if (value !== undefined) return array([text(key), text(value)]);
      }
      return NIL_ARRAY;
    },
  };
}

export const LIST_MOVE_COMMANDS: CommandTable = {
  lmove: {
    arity: 5,
    run: (ks, argv) => {
      const fromHead = listEnd(arg(argv, 3));
      const toHead = listEnd(arg(argv, 4));
      return moveOne(ks, arg(argv, 1), arg(argv, 2), fromHead, toHead);
    },
  },
  rpoplpush: { arity: 3, run: (ks, argv) => moveOne(ks, arg(argv, 1), arg(argv, 2), false, true) },
  blpop: blockingPop(true),
  brpop: blockingPop(false),
  blmove: {
    arity: 6,
    run: (ks, argv) => {
      const fromHead = listEnd(arg(argv, 3));
      const toHead = listEnd(arg(argv, 4));
      timeoutMs(arg(argv, 5));
      return moveOne(ks, arg(argv, 1), arg(argv, 2), fromHead, toHead);
    },
  },
  brpoplpush: {
    arity: 4,
    run: (ks, argv) => {
      timeoutMs(arg(argv, 3));
      return moveOne(ks, arg(argv, 1), arg(argv, 2), false, true);
    },
  },
};
