/**
 * sameReply, the checkers' reply equality, agrees with comparing canonical bytes (RESP2 after
 * normalization), which the differential tests use: its scalar shortcut changes nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Arg, Reply } from '../../../redlite/reply.ts';
import { sameReply } from '../../../sim/checkers/same-reply.ts';
import { formatReply } from '../../../sim/format-reply.ts';
import { canonicalBytes, normalizeReply } from '../../../sim/model/index.ts';

const bulk = (text: string | null): Reply => ({
  type: 'bulk',
  value: text === null ? null : Buffer.from(text),
});
const array = (items: Reply[] | null): Reply => ({ type: 'array', value: items });

const REPLIES: Reply[] = [
  { type: 'simple', value: 'OK' },
  { type: 'error', value: 'OK' },
  { type: 'error', value: 'ERR no such key' },
  { type: 'integer', value: 1 },
  { type: 'integer', value: 1n },
  { type: 'integer', value: -1 },
  { type: 'integer', value: 9007199254740993n },
  bulk(null),
  bulk(''),
  bulk('a'),
  bulk('b'),
  array(null),
  array([]),
  array([bulk('a'), bulk('b')]),
  array([bulk('b'), bulk('a')]),
  array([bulk('f'), bulk('1'), bulk('g'), bulk('2')]),
  array([bulk('g'), bulk('2'), bulk('f'), bulk('1')]),
  array([bulk('0'), array([bulk('a'), bulk('b')])]),
  array([bulk('17'), array([bulk('b'), bulk('a')])]),
  array([bulk('23'), array([bulk('a'), bulk('b')])]),
];

const COMMANDS: Arg[][] = [
  ['GET', 'k'],
  ['SMEMBERS', 's'],
  ['HGETALL', 'h'],
  ['SCAN', '0'],
  ['LRANGE', 'l', '0', '-1'],
];

describe('sameReply', () => {
  it.each(COMMANDS.map((argv) => [argv.join(' '), argv] as const))(
    'agrees with canonical bytes for every pair of replies to %s',
    (_name, argv) => {
      let equalPairs = 0;
      for (const a of REPLIES) {
        for (const b of REPLIES) {
          const bytesEqual = canonicalBytes(argv, a).equals(canonicalBytes(argv, b));
          expect(sameReply(argv, a, b, normalizeReply), `${formatReply(a)} vs ${formatReply(b)}`).toBe(
            bytesEqual,
          );
          if (bytesEqual && a !== b) equalPairs++;
        }
      }
      // Some distinct objects compare equal (1 and 1n at least), so the agreement is not vacuous.
      expect(equalPairs).toBeGreaterThan(0);
    },
  );

  it('treats unordered replies as the same answer only for commands whose order Redis leaves open', () => {
    const ab = REPLIES[13] as Reply;
    const ba = REPLIES[14] as Reply;
    expect(sameReply(['SMEMBERS', 's'], ab, ba, normalizeReply)).toBe(true);
    expect(sameReply(['LRANGE', 'l', '0', '-1'], ab, ba, normalizeReply)).toBe(false);
  });
});
