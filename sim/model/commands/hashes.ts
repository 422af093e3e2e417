/**
 * Hash commands: HSET, HMSET, HGET, HMGET, HGETALL, HDEL, HEXISTS, HLEN, HKEYS, HVALS,
 * HINCRBY, HINCRBYFLOAT, HSETNX. Field order in replies is the Map's insertion order; Redis's
 * order is undefined, so normalizeReply sorts these replies before any comparison.
 */
import { array, integer, NIL, OK, type Reply } from '../../../redlite/reply.ts';
import { arityError, OVERFLOW, ReplyError } from '../errors.ts';
import { parseLongDouble } from '../long-double.ts';
import { int64Arg } from '../numbers.ts';
import { inInt64, parseInt64 } from '../parse.ts';
import { addFloatText } from './strings.ts';
import { arg, type CommandSpec, type CommandTable, EMPTY_ARRAY, ONE, text, texts, ZERO } from './types.ts';

function hsetCommand(name: string): CommandSpec {
  return {
    arity: -4,
    run: (ks, argv) => {
      if (argv.length % 2 === 1) throw new ReplyError(arityError(name));
      const hash = ks.getOrCreate(arg(argv, 1), 'hash');
      let created = 0;
      for (let i = 2; i < argv.length; i += 2) {
        const field = arg(argv, i);
        if (!hash.fields.has(field)) created++;
        hash.fields.set(field, arg(argv, i + 1));
      }
      return name === 'hmset' ? OK : integer(created);
    },
  };
}

function hincrbyfloat(ks: Parameters<CommandSpec['run']>[0], argv: readonly string[]): Reply {
  const increment = arg(argv, 3);
  const parsed = parseLongDouble(increment);
  if (parsed === null) throw new ReplyError('ERR value is not a valid float');
  if (parsed.kind === 'infinite') throw new ReplyError('ERR value is NaN or Infinity');
  const hash = ks.getOrCreate(arg(argv, 1), 'hash');
  const field = arg(argv, 2);
  const result = addFloatText(hash.fields.get(field), increment, 'ERR hash value is not a float');
  hash.fields.set(field, result);
  return text(result);
}

export const HASH_COMMANDS: CommandTable = {
  hset: hsetCommand('hset'),
  hmset: hsetCommand('hmset'),
  hget: {
    arity: 3,
    run: (ks, argv) => {
      const value = ks.peekTyped(arg(argv, 1), 'hash')?.fields.get(arg(argv, 2));
      return value === undefined ? NIL : text(value);
    },
  },
  hmget: {
    arity: -3,
    run: (ks, argv) => {
      const hash = ks.peekTyped(arg(argv, 1), 'hash');
      const replies: Reply[] = [];
      for (let i = 2; i < argv.length; i++) {
        const value = hash?.fields.get(arg(argv, i));
        replies.push(value === undefined ? NIL : text(value));
      }
      return array(replies);
    },
  },
  hgetall: {
    arity: 2,
    run: (ks, argv) => {
      const hash = ks.peekTyped(arg(argv, 1), 'hash');
      if (hash === undefined) return EMPTY_ARRAY;
      const flat: string[] = [];
      for (const [field, value] of hash.fields) flat.push(field, value);
      return texts(flat);
    },
  },
  hdel: {
    arity: -3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const hash = ks.getTyped(key, 'hash');
      if (hash === undefined) return ZERO;
      let deleted = 0;
      for (let i = 2; i < argv.length; i++) if (hash.fields.delete(arg(argv, i))) deleted++;
      ks.deleteIfEmpty(key, hash.fields.size);
      return integer(deleted);
    },
  },
  hexists: {
    arity: 3,
    run: (ks, argv) => (ks.peekTyped(arg(argv, 1), 'hash')?.fields.has(arg(argv, 2)) ? ONE : ZERO),
  },
  hlen: { arity: 2, run: (ks, argv) => integer(ks.peekTyped(arg(argv, 1), 'hash')?.fields.size ?? 0) },
  hkeys: {
    arity: 2,
    run: (ks, argv) => texts([...(ks.peekTyped(arg(argv, 1), 'hash')?.fields.keys() ?? [])]),
  },
  hvals: {
    arity: 2,
    run: (ks, argv) => texts([...(ks.peekTyped(arg(argv, 1), 'hash')?.fields.values() ?? [])]),
  },
  hincrby: {
    arity: 4,
    run: (ks, argv) => {
      const increment = int64Arg(arg(argv, 3));
      const hash = ks.getOrCreate(arg(argv, 1), 'hash');
      const field = arg(argv, 2);
      const current = hash.fields.get(field);
      const value = current === undefined ? 0n : parseInt64(current);
      if (value === null) throw new ReplyError('ERR hash value is not an integer');
      const sum = value + increment;
      if (!inInt64(sum)) throw new ReplyError(OVERFLOW);
      hash.fields.set(field, sum.toString());
      return integer(sum >= -9007199254740991n && sum <= 9007199254740991n ? Number(sum) : sum);
    },
  },
  hincrbyfloat: { arity: 4, run: hincrbyfloat },
  hsetnx: {
    arity: 4,
    run: (ks, argv) => {
      const hash = ks.getOrCreate(arg(argv, 1), 'hash');
      const field = arg(argv, 2);
      if (hash.fields.has(field)) return ZERO;
      hash.fields.set(field, arg(argv, 3));
      return ONE;
    },
  },
};
