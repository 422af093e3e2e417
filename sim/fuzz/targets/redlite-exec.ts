/**
 * The `redlite-exec` fuzz target: `Redlite.exec` with arbitrary argv bytes. An input is a
 * script: lines (split on \n) are commands, and each line's words (split on spaces) are its
 * arguments as raw bytes, so every byte but those two can reach an argument, empty arguments
 * included. Each input starts from an empty in-memory store and a clock at the same epoch, so
 * an input alone reproduces what it did; the clock moves 1 ms per command.
 *
 * Success: every command gets a Reply, well formed and encodable as RESP2 (no CR or LF in a
 * simple string or an error, integers within 64 bits), and nothing is thrown.
 */
import { Redlite, type Reply } from '../../../redlite/index.ts';
import { formatArgv } from '../../format-reply.ts';
import { OPS } from '../../ops/index.ts';
import { type FuzzTarget, NotAReplyError } from './types.ts';

/** Commands per input, at most: a bound on one input's work. */
export const COMMANDS_PER_INPUT_MAX = 64;
const EPOCH_MS = 1_700_000_000_000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

const KEYWORDS = [
  'EX',
  'PX',
  'EXAT',
  'PXAT',
  'NX',
  'XX',
  'GT',
  'LT',
  'CH',
  'INCR',
  'KEEPTTL',
  'GET',
  'WITHSCORES',
  'BYSCORE',
  'BYLEX',
  'REV',
  'LIMIT',
  'COUNT',
  'MATCH',
  'TYPE',
  'BEFORE',
  'AFTER',
  '-inf',
  '+inf',
  '(1',
  '[a',
  '-',
  '+',
  '*',
  '0',
  '-1',
  ' ',
  '\n',
];

export function commandsOf(input: Buffer): Buffer[][] {
  const commands: Buffer[][] = [];
  let start = 0;
  while (start <= input.length && commands.length < COMMANDS_PER_INPUT_MAX) {
    const end = input.indexOf(0x0a, start);
    const line = input.subarray(start, end === -1 ? input.length : end);
    const words: Buffer[] = [];
    let from = 0;
    for (let at = line.indexOf(0x20); at !== -1; at = line.indexOf(0x20, from)) {
      words.push(line.subarray(from, at));
      from = at + 1;
    }
    words.push(line.subarray(from));
    commands.push(words);
    if (end === -1) break;
    start = end + 1;
  }
  return commands;
}

/** Why `reply` is not a Reply RESP2 can carry, or null when it is one. */
export function replyProblem(reply: unknown, depth = 0): string | null {
  if (depth > 32) return 'nested deeper than 32 arrays';
  if (typeof reply !== 'object' || reply === null) return `not a reply object: ${String(reply)}`;
  const { type, value } = reply as { type?: unknown; value?: unknown };
  switch (type) {
    case 'simple':
    case 'error':
      if (typeof value !== 'string') return `${type} value is not a string`;
      return /[\r\n]/.test(value) ? `${type} value holds CR or LF, which breaks RESP2 framing` : null;
    case 'integer': {
      if (typeof value === 'number' && !Number.isSafeInteger(value))
        return `integer ${value} is not a safe integer`;
      if (typeof value !== 'number' && typeof value !== 'bigint') return 'integer value is not a number';
      const big = BigInt(value);
      return big < INT64_MIN || big > INT64_MAX ? `integer ${big} is outside 64 bits` : null;
    }
    case 'bulk':
      return value === null || Buffer.isBuffer(value) ? null : 'bulk value is neither a Buffer nor null';
    case 'array':
      if (value === null) return null;
      if (!Array.isArray(value)) return 'array value is neither an array nor null';
      for (const item of value) {
        const problem = replyProblem(item, depth + 1);
        if (problem !== null) return `array item: ${problem}`;
      }
      return null;
    default:
      return `unknown reply type ${JSON.stringify(type)}`;
  }
}

const SEEDS = [
  'SET k v\nGET k\nAPPEND k xyz\nSTRLEN k\nGETRANGE k 0 -1',
  'SET n 10\nINCR n\nINCRBY n 5\nDECRBY n 3\nINCRBYFLOAT n 1.5',
  'SET k v EX 10\nTTL k\nPTTL k\nPERSIST k\nEXPIRE k 5',
  'LPUSH l a b c\nRPUSH l d\nLRANGE l 0 -1\nLINDEX l 1\nLPOP l\nLINSERT l BEFORE b x',
  'HSET h f v g w\nHGETALL h\nHINCRBY h n 2\nHDEL h f',
  'SADD s a b c\nSREM s a\nSMEMBERS s\nSINTER s s\nSPOP s 2',
  'ZADD z 1 a 2 b\nZRANGE z 0 -1 WITHSCORES\nZRANGEBYSCORE z -inf +inf LIMIT 0 1\nZINCRBY z 3 a',
  'MSET a 1 b 2\nMGET a b\nSCAN 0 MATCH * COUNT 10\nKEYS *\nRENAME a c\nDBSIZE',
];

/**
 * The store's clock: virtual, moved 1 ms per command, and set back to the epoch before each
 * input (the store is empty then, so no deadline can see time go back).
 */
class InputClock {
  nowMs = EPOCH_MS;
  now(): number {
    return this.nowMs;
  }
}

export function createTarget(): FuzzTarget {
  const clock = new InputClock();
  // One store for every input, emptied before each: opening a fresh one costs more than most
  // inputs, and an empty store is what a fresh one would be.
  const db = Redlite.open(':memory:', { clock });
  return {
    seeds: () => SEEDS.map((text) => Buffer.from(text)),
    dictionary: [...new Set([...OPS.map((op) => op.name), ...KEYWORDS])],
    run(input) {
      clock.nowMs = EPOCH_MS;
      const flushed = db.exec(['FLUSHDB']);
      if (flushed.type !== 'simple')
        throw new NotAReplyError('FLUSHDB', `replied ${JSON.stringify(flushed)}`);
      for (const argv of commandsOf(input)) {
        clock.nowMs += 1;
        const reply: Reply = db.exec(argv);
        const problem = replyProblem(reply);
        if (problem !== null) throw new NotAReplyError(formatArgv(argv), problem);
      }
    },
    dispose: () => db.close(),
  };
}
