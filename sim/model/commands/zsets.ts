/**
 * Sorted-set commands: ZADD (NX, XX, GT, LT, CH, INCR), ZREM, ZSCORE, ZINCRBY, ZCARD, ZCOUNT,
 * ZRANK, ZREVRANK, ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZPOPMIN, ZPOPMAX. The ZRANGE family
 * lives in zrange.ts. Scores print with Redis 7.0's d2string.
 */
import { array, bulk, integer, NIL, type Reply } from '../../../redlite/reply.ts';
import { MIN_MAX_NOT_FLOAT, MUST_BE_POSITIVE, ReplyError, SYNTAX } from '../errors.ts';
import { d2string } from '../format.ts';
import type { Keyspace } from '../Keyspace.ts';
import { doubleArg, longArg } from '../numbers.ts';
import { parseDoubleLoose, parseInt64 } from '../parse.ts';
import { SortedSet } from '../SortedSet.ts';
import { clampRange } from './lists.ts';
import { arg, type CommandSpec, type CommandTable, EMPTY_ARRAY, text, ZERO } from './types.ts';

export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

/** zslParseRange: '(' marks exclusive; loose strtod; NaN refused. */
export function parseScoreRange(minText: string, maxText: string): ScoreRange {
  const min = parseBound(minText);
  const max = parseBound(maxText);
  if (min === null || max === null) throw new ReplyError(MIN_MAX_NOT_FLOAT);
  return { min: min.value, max: max.value, minExclusive: min.exclusive, maxExclusive: max.exclusive };
}

function parseBound(boundText: string): { value: number; exclusive: boolean } | null {
  const exclusive = boundText.startsWith('(');
  const value = parseDoubleLoose(exclusive ? boundText.slice(1) : boundText);
  return value === null ? null : { value, exclusive };
}

export function inRange(score: number, range: ScoreRange): boolean {
  const aboveMin = range.minExclusive ? score > range.min : score >= range.min;
  const belowMax = range.maxExclusive ? score < range.max : score <= range.max;
  return aboveMin && belowMax;
}

/** addReplyDouble: `%.17g`, which d2string matches everywhere but on negative zero. */
export function scoreText(score: number): string {
  return Object.is(score, -0) ? '-0' : d2string(score);
}

export function scoreReply(score: number): Reply {
  return bulk(scoreText(score));
}

interface ZaddFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
}

function zaddGeneric(ks: Keyspace, argv: readonly string[], forcedIncr: boolean): Reply {
  const flags: ZaddFlags = { nx: false, xx: false, gt: false, lt: false, ch: false, incr: forcedIncr };
  let scoreIndex = 2;
  // ZINCRBY runs the same option scan, so an increment spelled like an option is a syntax error.
  for (; scoreIndex < argv.length; scoreIndex++) {
    const option = arg(argv, scoreIndex).toUpperCase();
    if (option === 'NX') flags.nx = true;
    else if (option === 'XX') flags.xx = true;
    else if (option === 'CH') flags.ch = true;
    else if (option === 'INCR') flags.incr = true;
    else if (option === 'GT') flags.gt = true;
    else if (option === 'LT') flags.lt = true;
    else break;
  }
  const elementArgs = argv.length - scoreIndex;
  if (elementArgs % 2 !== 0 || elementArgs === 0) throw new ReplyError(SYNTAX);
  if (flags.nx && flags.xx) throw new ReplyError('ERR XX and NX options at the same time are not compatible');
  if ((flags.gt && flags.nx) || (flags.lt && flags.nx) || (flags.gt && flags.lt)) {
    throw new ReplyError('ERR GT, LT, and/or NX options at the same time are not compatible');
  }
  if (flags.incr && elementArgs > 2) {
    throw new ReplyError('ERR INCR option supports a single increment-element pair');
  }
  const scores: number[] = [];
  for (let i = scoreIndex; i < argv.length; i += 2) scores.push(doubleArg(arg(argv, i)));
  const key = arg(argv, 1);
  const existing = ks.getTyped(key, 'zset');
  if (existing === undefined && flags.xx) return flags.incr ? NIL : ZERO;
  const zset = existing?.zset ?? createZset(ks, key, arg(argv, scoreIndex + 1));
  let added = 0;
  let updated = 0;
  let processed = 0;
  let lastScore = 0;
  for (let j = 0; j < scores.length; j++) {
    const member = arg(argv, scoreIndex + 1 + j * 2);
    let score = scores[j] as number;
    const current = zset.score(member);
    if (current !== undefined) {
      if (flags.nx) continue;
      if (flags.incr) {
        score += current;
        if (Number.isNaN(score)) throw new ReplyError('ERR resulting score is not a number (NaN)');
      }
      if ((flags.lt && score >= current) || (flags.gt && score <= current)) continue;
      if (score !== current) {
        zset.put(member, score);
        updated++;
      }
    } else {
      if (flags.xx) continue;
      zset.put(member, score);
      added++;
    }
    processed++;
    lastScore = score;
  }
  if (flags.incr) return processed > 0 ? scoreReply(lastScore) : NIL;
  return integer(flags.ch ? added + updated : added);
}

function createZset(ks: Keyspace, key: string, firstMember: string): SortedSet {
  const zset = SortedSet.forFirstMember(firstMember);
  ks.set(key, { kind: 'zset', zset });
  return zset;
}

function rankCommand(reverse: boolean): CommandSpec {
  return {
    arity: 3,
    run: (ks, argv) => {
      const zset = ks.peekTyped(arg(argv, 1), 'zset')?.zset;
      const rank = zset?.rank(arg(argv, 2));
      if (zset === undefined || rank === undefined) return NIL;
      return integer(reverse ? zset.size - 1 - rank : rank);
    },
  };
}

function popCommand(max: boolean): CommandSpec {
  return {
    arity: -2,
    run: (ks, argv) => {
      if (argv.length > 3) throw new ReplyError(SYNTAX);
      let count = 1;
      if (argv.length === 3) {
        const parsed = parseInt64(arg(argv, 2));
        if (parsed === null || parsed < 0n) throw new ReplyError(MUST_BE_POSITIVE);
        count = Number(parsed);
      }
      const key = arg(argv, 1);
      const zset = ks.getTyped(key, 'zset')?.zset;
      if (zset === undefined || count === 0) return EMPTY_ARRAY;
      const ordered = zset.sorted();
      const taken = max ? ordered.slice(-Math.min(count, ordered.length)).reverse() : ordered.slice(0, count);
      const replies: Reply[] = [];
      for (const item of taken) {
        replies.push(text(item.member), scoreReply(item.score));
        zset.delete(item.member);
      }
      ks.deleteIfEmpty(key, zset.size);
      return array(replies);
    },
  };
}

export const ZSET_COMMANDS: CommandTable = {
  zadd: { arity: -4, run: (ks, argv) => zaddGeneric(ks, argv, false) },
  zincrby: {
    arity: 4,
    run: (ks, argv) => zaddGeneric(ks, argv, true),
  },
  zrem: {
    arity: -3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const zset = ks.getTyped(key, 'zset')?.zset;
      if (zset === undefined) return ZERO;
      let removed = 0;
      for (let i = 2; i < argv.length; i++) if (zset.delete(arg(argv, i))) removed++;
      ks.deleteIfEmpty(key, zset.size);
      return integer(removed);
    },
  },
  zscore: {
    arity: 3,
    run: (ks, argv) => {
      const score = ks.peekTyped(arg(argv, 1), 'zset')?.zset.score(arg(argv, 2));
      return score === undefined ? NIL : scoreReply(score);
    },
  },
  zcard: { arity: 2, run: (ks, argv) => integer(ks.peekTyped(arg(argv, 1), 'zset')?.zset.size ?? 0) },
  zcount: {
    arity: 4,
    run: (ks, argv) => {
      const range = parseScoreRange(arg(argv, 2), arg(argv, 3));
      const zset = ks.peekTyped(arg(argv, 1), 'zset')?.zset;
      if (zset === undefined) return ZERO;
      let count = 0;
      for (const item of zset.sorted()) if (inRange(item.score, range)) count++;
      return integer(count);
    },
  },
  zrank: rankCommand(false),
  zrevrank: rankCommand(true),
  zremrangebyrank: {
    arity: 4,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const start = longArg(arg(argv, 2));
      const end = longArg(arg(argv, 3));
      const zset = ks.getTyped(key, 'zset')?.zset;
      if (zset === undefined) return ZERO;
      const range = clampRange(start, end, zset.size);
      if (range === null) return ZERO;
      const doomed = zset.sorted().slice(range[0], range[1] + 1);
      for (const item of doomed) zset.delete(item.member);
      ks.deleteIfEmpty(key, zset.size);
      return integer(doomed.length);
    },
  },
  zremrangebyscore: {
    arity: 4,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const range = parseScoreRange(arg(argv, 2), arg(argv, 3));
      const zset = ks.getTyped(key, 'zset')?.zset;
      if (zset === undefined) return ZERO;
      const doomed = zset.sorted().filter((item) => inRange(item.score, range));
      for (const item of doomed) zset.delete(item.member);
      ks.deleteIfEmpty(key, zset.size);
      return integer(doomed.length);
    },
  },
  zpopmin: popCommand(false),
  zpopmax: popCommand(true),
};
