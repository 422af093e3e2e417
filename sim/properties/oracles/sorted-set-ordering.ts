/**
 * The sorted_set_ordering oracle: sorted-set ranges come back ordered by (score, member), and
 * hold exactly the members the writes left with their scores. It shadows each sorted set as a
 * map of member to score and checks ZRANGE and ZRANGEBYSCORE (members, order and, with
 * WITHSCORES, scores), ZSCORE, and the counts ZADD and ZREM reply with. Only sorted-set keys
 * meet it.
 */
import type { Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../format-reply.ts';
import { bulkText, bytesText, type Oracle, rangeSlice } from './types.ts';

type Entry = readonly [member: string, score: number];

/** Redis's score syntax as this oracle's sequences use it: numbers and the infinities. */
function parseScore(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Number.POSITIVE_INFINITY;
  if (lower === '-inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

function ordered(zset: ReadonlyMap<string, number>): Entry[] {
  return [...zset].sort(([ma, sa], [mb, sb]) => (sa !== sb ? sa - sb : ma < mb ? -1 : ma > mb ? 1 : 0));
}

/** Whether `value` lies inside a ZRANGEBYSCORE bound pair, `(` marking an exclusive bound. */
function inside(value: number, min: string, max: string): boolean {
  const low = min.startsWith('(') ? value > parseScore(min.slice(1)) : value >= parseScore(min);
  const high = max.startsWith('(') ? value < parseScore(max.slice(1)) : value <= parseScore(max);
  return low && high;
}

function checkRange(argv: readonly string[], reply: Reply, expected: readonly Entry[]): string | null {
  const withScores = argv.at(-1) === 'WITHSCORES';
  const stride = withScores ? 2 : 1;
  const items = reply.type === 'array' && reply.value !== null ? reply.value : null;
  const problem = (): string =>
    `${argv.join(' ')} returned ${formatReply(reply)}, but (score, member) order gives ${JSON.stringify(expected)}`;
  if (items === null || items.length !== expected.length * stride) return problem();
  for (let i = 0; i < expected.length; i++) {
    const [member, score] = expected[i] as Entry;
    if (bulkText(items[i * stride] as Reply) !== member) return problem();
    if (withScores && parseScore(bulkText(items[i * stride + 1] as Reply) ?? 'nan') !== score)
      return problem();
  }
  return null;
}

export function sortedSetOrdering(): Oracle {
  const zsets = new Map<string, Map<string, number>>();
  const zsetOf = (key: string): Map<string, number> => zsets.get(key) ?? new Map();
  return {
    observe(argv: readonly string[], reply: Reply): string | null {
      const [name, key = ''] = argv;
      const zset = zsetOf(key);
      switch (name) {
        case 'ZADD': {
          if (reply.type === 'error') return null;
          let added = 0;
          for (let i = 2; i + 1 < argv.length; i += 2) {
            const member = bytesText(argv[i + 1] as string);
            if (!zset.has(member)) added++;
            zset.set(member, parseScore(argv[i] as string));
          }
          zsets.set(key, zset);
          if (reply.type === 'integer' && Number(reply.value) === added) return null;
          return `${argv.join(' ')} replied ${formatReply(reply)}, but it added ${added} new member(s)`;
        }
        case 'ZREM': {
          const removed = zset.delete(bytesText(argv[2] ?? '')) ? 1 : 0;
          if (zset.size === 0) zsets.delete(key);
          if (reply.type === 'integer' && Number(reply.value) === removed) return null;
          return `${argv.join(' ')} replied ${formatReply(reply)}, but it removed ${removed} member(s)`;
        }
        case 'ZRANGE':
          return checkRange(argv, reply, rangeSlice(ordered(zset), Number(argv[2]), Number(argv[3])));
        case 'ZRANGEBYSCORE': {
          const [min = '', max = ''] = argv.slice(2);
          return checkRange(
            argv,
            reply,
            ordered(zset).filter(([, score]) => inside(score, min, max)),
          );
        }
        case 'ZSCORE': {
          const expected = zset.get(bytesText(argv[2] ?? ''));
          const text = bulkText(reply);
          if (expected === undefined ? text === null : text !== null && parseScore(text) === expected)
            return null;
          return `${argv.join(' ')} returned ${formatReply(reply)}, but the writes left ${expected ?? 'no score'}`;
        }
        default:
          return null;
      }
    },
  };
}
