/**
 * Sorted-set commands with Redis 7.0's replies and argument order: ZADD (NX, XX, GT, LT, CH,
 * INCR), ZINCRBY, ZREM, ZSCORE, ZCARD, ZCOUNT, ZRANK, ZREVRANK, ZREMRANGEBYRANK,
 * ZREMRANGEBYSCORE, ZPOPMIN, ZPOPMAX, plus the ZRANGE family from zset-range.ts. Scores are
 * printed as Redis's `%.17g` (parse/format-double.ts).
 */
import { type CommandSpec, type CommandTable, defineCommands, isOption } from '../command.ts';
import { NOT_FLOAT, ReplyError, SYNTAX } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { formatScore } from '../parse/format-double.ts';
import { requireClampedLong, requireNonNegativeLong } from '../parse/integers.ts';
import { string2d } from '../parse/strtod.ts';
import { array, bulk, integer, NIL, type Reply } from '../reply.ts';
import { FLAG_ZSET_SKIPLIST, KeyType } from '../schema.ts';
import { parseScoreRange, zrangeGeneric } from './zset-range.ts';
import {
  deleteMember,
  getScore,
  LISTPACK_ENTRIES_MAX,
  LISTPACK_VALUE_BYTES_MAX,
  rangeSql,
  rankOf,
  rowsByRank,
  writeMember,
  zsetLength,
} from './zset-storage.ts';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;
const INCR = 16;

type AddOutcome = 'added' | 'updated' | 'unchanged' | 'nop';

/** Redis `zsetAdd` for one member; `meta.flags` may gain the skiplist bit. */
function zsetAdd(
  ks: Keyspace,
  state: { meta: KeyMeta; length: number },
  score: number,
  member: Buffer,
  flags: number,
): { outcome: AddOutcome; score: number } {
  const current = getScore(ks, state.meta, member);
  if (current !== null) {
    if (flags & NX) return { outcome: 'nop', score };
    let next = score;
    if (flags & INCR) {
      next += current;
      if (Number.isNaN(next)) throw new ReplyError('ERR resulting score is not a number (NaN)');
    }
    if ((flags & LT && next >= current) || (flags & GT && next <= current))
      return { outcome: 'nop', score: next };
    if (next === current) return { outcome: 'unchanged', score: next };
    writeMember(ks, state.meta, member, next);
    return { outcome: 'updated', score: next };
  }
  if (flags & XX) return { outcome: 'nop', score };
  const compact = (state.meta.flags & FLAG_ZSET_SKIPLIST) === 0;
  if (compact && (state.length + 1 > LISTPACK_ENTRIES_MAX || member.length > LISTPACK_VALUE_BYTES_MAX)) {
    state.meta = { ...state.meta, flags: state.meta.flags | FLAG_ZSET_SKIPLIST };
  }
  writeMember(ks, state.meta, member, score);
  state.length++;
  return { outcome: 'added', score };
}

function zadd(ks: Keyspace, argv: Buffer[], presetFlags: number): Reply {
  let flags = presetFlags;
  let ch = false;
  let scoreIndex = 2;
  for (; scoreIndex < argv.length; scoreIndex++) {
    const arg = argv[scoreIndex];
    if (isOption(arg, 'NX')) flags |= NX;
    else if (isOption(arg, 'XX')) flags |= XX;
    else if (isOption(arg, 'CH')) ch = true;
    else if (isOption(arg, 'INCR')) flags |= INCR;
    else if (isOption(arg, 'GT')) flags |= GT;
    else if (isOption(arg, 'LT')) flags |= LT;
    else break;
  }
  const elements = argv.length - scoreIndex;
  if (elements % 2 !== 0 || elements === 0) throw new ReplyError(SYNTAX);
  const pairs = elements / 2;
  if (flags & NX && flags & XX)
    throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((flags & NX && flags & (GT | LT)) || (flags & GT && flags & LT)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (flags & INCR && pairs > 1)
    throw new ReplyError('ERR INCR option supports a single increment-element pair');
  const scores: number[] = [];
  for (let j = 0; j < pairs; j++) {
    const score = string2d(argv[scoreIndex + j * 2]!);
    if (score === null) throw new ReplyError(NOT_FLOAT);
    scores.push(score);
  }
  const existing = ks.lookupTyped(argv[1]!, KeyType.zset);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let lastScore = 0;
  if (existing !== null || !(flags & XX)) {
    const firstMember = argv[scoreIndex + 1]!;
    const meta =
      existing ??
      ks.create(
        argv[1]!,
        KeyType.zset,
        null,
        firstMember.length > LISTPACK_VALUE_BYTES_MAX ? FLAG_ZSET_SKIPLIST : 0,
      );
    const state = { meta, length: existing === null ? 0 : zsetLength(ks, meta) };
    for (let j = 0; j < pairs; j++) {
      const result = zsetAdd(ks, state, scores[j]!, argv[scoreIndex + 1 + j * 2]!, flags);
      if (result.outcome === 'added') added++;
      if (result.outcome === 'updated') updated++;
      if (result.outcome !== 'nop') processed++;
      lastScore = result.score;
    }
    if ((existing !== null && added + updated > 0) || state.meta.flags !== meta.flags)
      ks.touch(meta, { flags: state.meta.flags });
  }
  if (flags & INCR) return processed > 0 ? bulk(formatScore(lastScore)) : NIL;
  return integer(ch ? added + updated : added);
}

function removeRows(ks: Keyspace, meta: KeyMeta, removed: number): Reply {
  if (removed > 0) {
    if (zsetLength(ks, meta) === 0) ks.removeEmptied(meta);
    else ks.touch(meta);
  }
  return integer(removed);
}

function zpop(ks: Keyspace, argv: Buffer[], max: boolean): Reply {
  if (argv.length > 3) throw new ReplyError(SYNTAX);
  const count = argv.length === 3 ? requireNonNegativeLong(argv[2]!) : 1;
  const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
  if (meta === null || count === 0) return array([]);
  const rows = rowsByRank(ks, meta, 0, count, max);
  for (const row of rows) deleteMember(ks, meta, row.member);
  removeRows(ks, meta, rows.length);
  return array(rows.flatMap((row) => [bulk(row.member), bulk(formatScore(row.score))]));
}

function zrank(ks: Keyspace, argv: Buffer[], reverse: boolean): Reply {
  const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
  if (meta === null) return NIL;
  const score = getScore(ks, meta, argv[2]!);
  if (score === null) return NIL;
  const rank = rankOf(ks, meta, argv[2]!, score);
  return integer(reverse ? zsetLength(ks, meta) - 1 - rank : rank);
}

const specs: CommandSpec[] = [
  { name: 'ZADD', arity: -4, write: true, handler: (ks, argv) => zadd(ks, argv, 0) },
  { name: 'ZINCRBY', arity: 4, write: true, handler: (ks, argv) => zadd(ks, argv, INCR) },
  {
    name: 'ZREM',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      if (meta === null) return integer(0);
      let removed = 0;
      for (let i = 2; i < argv.length; i++) if (deleteMember(ks, meta, argv[i]!)) removed++;
      return removeRows(ks, meta, removed);
    },
  },
  {
    name: 'ZSCORE',
    arity: 3,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      const score = meta === null ? null : getScore(ks, meta, argv[2]!);
      return score === null ? NIL : bulk(formatScore(score));
    },
  },
  {
    name: 'ZCARD',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      return integer(meta === null ? 0 : zsetLength(ks, meta));
    },
  },
  {
    name: 'ZCOUNT',
    arity: 4,
    write: false,
    handler: (ks, argv) => {
      const range = parseScoreRange(argv[2]!, argv[3]!);
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      if (meta === null) return integer(0);
      const row = ks.sql.get<{ n: number }>(
        `SELECT count(*) AS n FROM zsets WHERE key_id = ? AND ${rangeSql(range)}`,
        meta.id,
        range.min,
        range.max,
      );
      return integer(row?.n ?? 0);
    },
  },
  { name: 'ZRANK', arity: 3, write: false, handler: (ks, argv) => zrank(ks, argv, false) },
  { name: 'ZREVRANK', arity: 3, write: false, handler: (ks, argv) => zrank(ks, argv, true) },
  { name: 'ZRANGE', arity: -4, write: false, handler: (ks, argv) => zrangeGeneric(ks, argv, 'auto', null) },
  {
    name: 'ZRANGEBYSCORE',
    arity: -4,
    write: false,
    handler: (ks, argv) => zrangeGeneric(ks, argv, 'score', false),
  },
  {
    name: 'ZREVRANGE',
    arity: -4,
    write: false,
    handler: (ks, argv) => zrangeGeneric(ks, argv, 'rank', true),
  },
  {
    name: 'ZREMRANGEBYRANK',
    arity: 4,
    write: true,
    handler: (ks, argv) => {
      const start = requireClampedLong(argv[2]!);
      const end = requireClampedLong(argv[3]!);
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      if (meta === null) return integer(0);
      const length = zsetLength(ks, meta);
      let s = start < 0 ? length + start : start;
      let e = end < 0 ? length + end : end;
      if (s < 0) s = 0;
      if (s > e || s >= length) return integer(0);
      if (e >= length) e = length - 1;
      const rows = rowsByRank(ks, meta, s, e - s + 1, false);
      for (const row of rows) deleteMember(ks, meta, row.member);
      return removeRows(ks, meta, rows.length);
    },
  },
  {
    name: 'ZREMRANGEBYSCORE',
    arity: 4,
    write: true,
    handler: (ks, argv) => {
      const range = parseScoreRange(argv[2]!, argv[3]!);
      const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
      if (meta === null) return integer(0);
      const removed = ks.sql.run(
        `DELETE FROM zsets WHERE key_id = ? AND ${rangeSql(range)}`,
        meta.id,
        range.min,
        range.max,
      ).changes;
      return removeRows(ks, meta, removed);
    },
  },
  { name: 'ZPOPMIN', arity: -2, write: true, handler: (ks, argv) => zpop(ks, argv, false) },
  { name: 'ZPOPMAX', arity: -2, write: true, handler: (ks, argv) => zpop(ks, argv, true) },
];

export function registerZsetCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
