/**
 * ZRANGE (rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGEBYSCORE and ZREVRANGE, following
 * Redis 7.0's `zrangeGenericCommand`: options first, then conflicts, then the range, then the
 * key. Also the score-range parser (`zslParseRange`) that ZCOUNT and ZREMRANGEBYSCORE share.
 * BYLEX filters members in rank order, which is exact when all scores are equal (the only
 * case Redis defines).
 */
import { isOption } from '../command.ts';
import { MIN_MAX_NOT_FLOAT, ReplyError, SYNTAX } from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { formatScore } from '../parse/format-double.ts';
import { clampToSafe, requireClampedLong, requireLongLong } from '../parse/integers.ts';
import { parseRangeBound } from '../parse/strtod.ts';
import { array, bulk, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';
import {
  rangeSql,
  rowsByRank,
  type ScoreRange,
  verifyZsetRows,
  type ZsetRow,
  zsetLength,
} from './zset-storage.ts';

export function parseScoreRange(minArg: Buffer, maxArg: Buffer): ScoreRange {
  const min = parseBound(minArg);
  const max = parseBound(maxArg);
  return { min: min.value, max: max.value, minExclusive: min.exclusive, maxExclusive: max.exclusive };
}

function parseBound(arg: Buffer): { value: number; exclusive: boolean } {
  const exclusive = arg[0] === 0x28;
  const value = parseRangeBound(exclusive ? arg.subarray(1) : arg);
  if (value === null) throw new ReplyError(MIN_MAX_NOT_FLOAT);
  return { value, exclusive };
}

interface LexBound {
  /** -1: minus infinity, 1: plus infinity, 0: the value. */
  readonly infinity: -1 | 0 | 1;
  readonly value: Buffer;
  readonly exclusive: boolean;
}

function parseLexBound(arg: Buffer): LexBound {
  if (arg.length === 1 && arg[0] === 0x2b) return { infinity: 1, value: arg, exclusive: false };
  if (arg.length === 1 && arg[0] === 0x2d) return { infinity: -1, value: arg, exclusive: false };
  if (arg[0] === 0x28) return { infinity: 0, value: arg.subarray(1), exclusive: true };
  if (arg[0] === 0x5b) return { infinity: 0, value: arg.subarray(1), exclusive: false };
  throw new ReplyError('ERR min or max not valid string range item');
}

function aboveMin(member: Buffer, min: LexBound): boolean {
  if (min.infinity !== 0) return min.infinity === -1;
  const cmp = Buffer.compare(member, min.value);
  return min.exclusive ? cmp > 0 : cmp >= 0;
}

function belowMax(member: Buffer, max: LexBound): boolean {
  if (max.infinity !== 0) return max.infinity === 1;
  const cmp = Buffer.compare(member, max.value);
  return max.exclusive ? cmp < 0 : cmp <= 0;
}

type RangeType = 'auto' | 'rank' | 'score' | 'lex';

export function zrangeGeneric(
  ks: Keyspace,
  argv: Buffer[],
  presetType: RangeType,
  presetReverse: boolean | null,
): Reply {
  let rangeType = presetType;
  let reverse = presetReverse;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = 4; j < argv.length; j++) {
    const left = argv.length - j - 1;
    if (isOption(argv[j], 'WITHSCORES')) {
      withScores = true;
    } else if (isOption(argv[j], 'LIMIT') && left >= 2) {
      offset = clampToSafe(requireLongLong(argv[j + 1]!));
      limit = clampToSafe(requireLongLong(argv[j + 2]!));
      j += 2;
    } else if (presetReverse === null && reverse === null && isOption(argv[j], 'REV')) {
      reverse = true;
    } else if (rangeType === 'auto' && isOption(argv[j], 'BYLEX')) {
      rangeType = 'lex';
    } else if (rangeType === 'auto' && isOption(argv[j], 'BYSCORE')) {
      rangeType = 'score';
    } else {
      throw new ReplyError(SYNTAX);
    }
  }
  const backwards = reverse ?? false;
  const type = rangeType === 'auto' ? 'rank' : rangeType;
  if (limit !== -1 && type === 'rank') {
    throw new ReplyError(
      'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
    );
  }
  if (withScores && type === 'lex') {
    throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  let minArg = argv[2]!;
  let maxArg = argv[3]!;
  if (backwards && type !== 'rank') [minArg, maxArg] = [maxArg, minArg];
  let rows: ZsetRow[];
  if (type === 'rank') {
    const start = requireClampedLong(minArg);
    const end = requireClampedLong(maxArg);
    const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
    if (meta === null) return array([]);
    const length = zsetLength(ks, meta);
    let s = start < 0 ? length + start : start;
    let e = end < 0 ? length + end : end;
    if (s < 0) s = 0;
    if (s > e || s >= length) return array([]);
    if (e >= length) e = length - 1;
    rows = rowsByRank(ks, meta, s, e - s + 1, backwards);
  } else if (type === 'score') {
    const range = parseScoreRange(minArg, maxArg);
    const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
    if (meta === null) return array([]);
    if (offset < 0) return array([]);
    const order = backwards ? 'score DESC, member DESC' : 'score ASC, member ASC';
    rows = verifyZsetRows(
      meta,
      ks.sql.all<ZsetRow>(
        `SELECT member, score, crc FROM zsets WHERE key_id = ? AND ${rangeSql(range)} ORDER BY ${order} LIMIT +? OFFSET ?`,
        meta.id,
        range.min,
        range.max,
        limit < 0 ? -1 : limit,
        offset,
      ),
    );
  } else {
    const min = parseLexBound(minArg);
    const max = parseLexBound(maxArg);
    const meta = ks.lookupTyped(argv[1]!, KeyType.zset);
    if (meta === null) return array([]);
    if (offset < 0) return array([]);
    const all = rowsByRank(ks, meta, 0, -1, backwards).filter(
      (row) => aboveMin(row.member, min) && belowMax(row.member, max),
    );
    rows = all.slice(offset, limit < 0 ? undefined : offset + limit);
  }
  const replies: Reply[] = [];
  for (const row of rows) {
    replies.push(bulk(row.member));
    if (withScores) replies.push(bulk(formatScore(row.score)));
  }
  return array(replies);
}
