/**
 * The ZRANGE family as Redis 7.0's zrangeGenericCommand runs it: ZRANGE (rank, BYSCORE, REV,
 * LIMIT, WITHSCORES), ZRANGEBYSCORE and ZREVRANGE. Options are scanned first, then conflicts,
 * then the range, then the key, so every error comes out in Redis's order. BYLEX follows the
 * listpack scan (first element at or above min, then onward while at or below max), which is
 * what Redis does for the small sorted sets simulations build.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { ReplyError, SYNTAX } from '../errors.ts';
import type { Keyspace } from '../Keyspace.ts';
import { longArg } from '../numbers.ts';
import type { ScoredMember } from '../SortedSet.ts';
import { clampRange } from './lists.ts';
import { arg, type CommandSpec, EMPTY_ARRAY, text } from './types.ts';
import { inRange, parseScoreRange, scoreReply } from './zsets.ts';

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'forward' | 'reverse';

function zrangeGeneric(
  ks: Keyspace,
  argv: readonly string[],
  initialType: RangeType,
  initialDirection: Direction,
): Reply {
  let rangeType = initialType;
  let direction = initialDirection;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let j = 4; j < argv.length; j++) {
    const option = arg(argv, j).toUpperCase();
    const left = argv.length - j - 1;
    if (option === 'WITHSCORES') withScores = true;
    else if (option === 'LIMIT' && left >= 2) {
      offset = longArg(arg(argv, j + 1));
      limit = longArg(arg(argv, j + 2));
      j += 2;
    } else if (direction === 'auto' && option === 'REV') direction = 'reverse';
    else if (rangeType === 'auto' && option === 'BYLEX') rangeType = 'lex';
    else if (rangeType === 'auto' && option === 'BYSCORE') rangeType = 'score';
    else throw new ReplyError(SYNTAX);
  }
  if (direction === 'auto') direction = 'forward';
  if (rangeType === 'auto') rangeType = 'rank';
  if (limit !== -1 && rangeType === 'rank') {
    throw new ReplyError(
      'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
    );
  }
  if (withScores && rangeType === 'lex') {
    throw new ReplyError('ERR syntax error, WITHSCORES not supported in combination with BYLEX');
  }
  const reverse = direction === 'reverse';
  const swap = reverse && rangeType !== 'rank';
  const minText = arg(argv, swap ? 3 : 2);
  const maxText = arg(argv, swap ? 2 : 3);
  let selected: readonly ScoredMember[];
  if (rangeType === 'rank') {
    const start = longArg(minText);
    const end = longArg(maxText);
    const zset = ks.peekTyped(arg(argv, 1), 'zset')?.zset;
    if (zset === undefined) return EMPTY_ARRAY;
    const ordered = reverse ? zset.sorted().slice().reverse() : zset.sorted();
    const range = clampRange(start, end, ordered.length);
    selected = range === null ? [] : ordered.slice(range[0], range[1] + 1);
  } else if (rangeType === 'lex') {
    const range = parseLexRange(minText, maxText);
    const zset = ks.peekTyped(arg(argv, 1), 'zset')?.zset;
    if (zset === undefined) return EMPTY_ARRAY;
    if (offset > 0 && offset >= zset.size) return EMPTY_ARRAY;
    selected = lexRange(zset.sorted(), range, reverse, offset, limit);
  } else {
    const range = parseScoreRange(minText, maxText);
    const zset = ks.peekTyped(arg(argv, 1), 'zset')?.zset;
    if (zset === undefined) return EMPTY_ARRAY;
    if (offset > 0 && offset >= zset.size) return EMPTY_ARRAY;
    // A negative offset makes Redis's `while (offset--)` skip past every element.
    if (offset < 0) return EMPTY_ARRAY;
    const ordered = reverse ? zset.sorted().slice().reverse() : zset.sorted();
    const matching = ordered.filter((item) => inRange(item.score, range));
    selected = limit < 0 ? matching.slice(offset) : matching.slice(offset, offset + limit);
  }
  const replies: Reply[] = [];
  for (const item of selected) {
    replies.push(text(item.member));
    if (withScores) replies.push(scoreReply(item.score));
  }
  return { type: 'array', value: replies };
}

export const ZRANGE_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  zrange: { arity: -4, run: (ks, argv) => zrangeGeneric(ks, argv, 'auto', 'auto') },
  zrangebyscore: { arity: -4, run: (ks, argv) => zrangeGeneric(ks, argv, 'score', 'forward') },
  zrevrange: { arity: -4, run: (ks, argv) => zrangeGeneric(ks, argv, 'rank', 'reverse') },
};

interface LexBound {
  /** -1: '-' (below everything), 1: '+' (above everything), 0: `value`. */
  readonly infinity: -1 | 0 | 1;
  readonly value: string;
  readonly exclusive: boolean;
}

function parseLexBound(bound: string): LexBound | null {
  if (bound === '-') return { infinity: -1, value: '', exclusive: false };
  if (bound === '+') return { infinity: 1, value: '', exclusive: false };
  if (bound.startsWith('(')) return { infinity: 0, value: bound.slice(1), exclusive: true };
  if (bound.startsWith('[')) return { infinity: 0, value: bound.slice(1), exclusive: false };
  return null;
}

function parseLexRange(minText: string, maxText: string): { min: LexBound; max: LexBound } {
  const min = parseLexBound(minText);
  const max = parseLexBound(maxText);
  if (min === null || max === null) throw new ReplyError('ERR min or max not valid string range item');
  return { min, max };
}

/** sdscmplex: the infinities first, then bytes. */
function compareLex(a: LexBound, b: LexBound): number {
  if (a.infinity !== 0 || b.infinity !== 0) return a.infinity === b.infinity ? 0 : a.infinity - b.infinity;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

function atLeastMin(member: string, min: LexBound): boolean {
  const cmp = compareLex({ infinity: 0, value: member, exclusive: false }, min);
  return min.exclusive ? cmp > 0 : cmp >= 0;
}

function atMostMax(member: string, max: LexBound): boolean {
  const cmp = compareLex({ infinity: 0, value: member, exclusive: false }, max);
  return max.exclusive ? cmp < 0 : cmp <= 0;
}

function lexRange(
  ordered: readonly ScoredMember[],
  range: { min: LexBound; max: LexBound },
  reverse: boolean,
  offset: number,
  limit: number,
): ScoredMember[] {
  const cmp = compareLex(range.min, range.max);
  if (cmp > 0 || (cmp === 0 && (range.min.exclusive || range.max.exclusive))) return [];
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  if (first === undefined || last === undefined) return [];
  if (!atLeastMin(last.member, range.min) || !atMostMax(first.member, range.max)) return [];
  let start = -1;
  if (reverse) {
    for (let i = ordered.length - 1; i >= 0; i--) {
      const member = (ordered[i] as ScoredMember).member;
      if (atMostMax(member, range.max)) {
        if (atLeastMin(member, range.min)) start = i;
        break;
      }
    }
  } else {
    for (let i = 0; i < ordered.length; i++) {
      const member = (ordered[i] as ScoredMember).member;
      if (atLeastMin(member, range.min)) {
        if (atMostMax(member, range.max)) start = i;
        break;
      }
    }
  }
  if (start < 0 || offset < 0) return [];
  const step = reverse ? -1 : 1;
  const out: ScoredMember[] = [];
  let remaining = limit;
  for (let i = start + step * offset; i >= 0 && i < ordered.length && remaining !== 0; i += step) {
    const item = ordered[i] as ScoredMember;
    if (reverse ? !atLeastMin(item.member, range.min) : !atMostMax(item.member, range.max)) break;
    out.push(item);
    remaining--;
  }
  return out;
}
