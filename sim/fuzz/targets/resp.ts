/**
 * The `resp` fuzz target: redlite-server's RESP request parser (redlite/server/RequestParser.ts)
 * fed arbitrary bytes, then every command it yields run on redlite. The input's first byte
 * picks how the rest arrives (chunk size 1 to 16 bytes, or all at once) and whether the
 * connection has authenticated (smaller limits before AUTH), so one input replays exactly.
 *
 * Success, for every input:
 * - nothing thrown, from the parser or from redlite;
 * - bounded work: no more requests than bytes, and the parser ends each feed having asked for
 *   more, so nothing hangs;
 * - every request gets an answer: a command yields a well-formed RESP2 reply from redlite; a
 *   protocol error yields `-ERR Protocol error...\r\n` once, after which the connection closes
 *   and the parser yields nothing more, however many bytes follow;
 * - the pieces do not matter: the requests are the same as when the bytes arrive whole.
 */
import { Redlite } from '../../../redlite/index.ts';
import { type ParsedRequest, RequestParser } from '../../../redlite/server/RequestParser.ts';
import { formatArgv } from '../../format-reply.ts';
import { OPS } from '../../ops/index.ts';
import { replyProblem } from './redlite-exec.ts';
import { type FuzzTarget, NotAReplyError } from './types.ts';

/** Small limits, so the fuzzer reaches them: a 4 KiB bulk, 64 elements. */
const LIMITS = { bulkBytesMax: 4096, multibulkLengthMax: 64 };
/** Commands run on redlite per input, at most: the parser is the target, redlite a witness. */
const COMMANDS_RUN_MAX = 16;
const EPOCH_MS = 1_700_000_000_000;

export class ProtocolInvariantError extends Error {
  constructor(problem: string) {
    super(problem);
    this.name = 'ProtocolInvariantError';
  }
}

function describe(request: ParsedRequest): string {
  return request.kind === 'command'
    ? `command ${request.argv.map((arg) => arg.toString('hex')).join(' ')}`
    : `error ${request.reply.toString('latin1')}`;
}

/** Feeds `bytes` in pieces of `chunkBytes` (0: all at once) and collects every request. */
function parse(bytes: Buffer, chunkBytes: number, authenticated: boolean): ParsedRequest[] {
  const parser = new RequestParser(LIMITS, () => !authenticated);
  const requests: ParsedRequest[] = [];
  const step = chunkBytes === 0 ? Math.max(bytes.length, 1) : chunkBytes;
  const bound = bytes.length + 1;
  for (let start = 0; start < bytes.length; start += step) {
    parser.feed(Buffer.from(bytes.subarray(start, start + step)));
    for (let request = parser.next(); request !== null; request = parser.next()) {
      requests.push(request);
      if (requests.length > bound)
        throw new ProtocolInvariantError(`more than ${bound} requests from ${bytes.length} bytes`);
    }
  }
  const errors = requests.filter((request) => request.kind === 'error');
  if (errors.length > 1) throw new ProtocolInvariantError('more than one protocol error');
  if (errors.length === 1) {
    if (requests.at(-1)?.kind !== 'error')
      throw new ProtocolInvariantError('requests after a protocol error');
    parser.feed(Buffer.from('*1\r\n$4\r\nPING\r\nPING\r\n'));
    if (parser.next() !== null) throw new ProtocolInvariantError('the parser read on after a protocol error');
  }
  return requests;
}

const SEEDS = [
  '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n',
  '\x01PING\r\nSET a "b c" \r\nGET a\n\r\n',
  '\x00*2\r\n$4\r\nECHO\r\n$5000\r\nxx',
  '\x05*1\r\n$-1\r\n',
  '\x03*-1\r\n*0\r\n*1\r\n$4\r\nPING\r\n',
  "\x07SET k 'unbalanced\r\n",
  '\x02*2\r\n$4\r\nLLEN\r\n:1\r\n',
];

export function createTarget(): FuzzTarget {
  const clock = { nowMs: EPOCH_MS, now: () => clock.nowMs };
  const db = Redlite.open(':memory:', { clock });
  return {
    seeds: () => SEEDS.map((text) => Buffer.from(text, 'latin1')),
    dictionary: [
      '*',
      '$',
      '\r\n',
      '\n',
      '-1',
      '0',
      '4096',
      '4097',
      '"',
      "'",
      '\\x',
      ' ',
      ...OPS.map((op) => op.name),
    ],
    run(input) {
      if (input.length === 0) return;
      const mode = input[0] as number;
      const bytes = input.subarray(1);
      const authenticated = (mode & 0x80) === 0;
      const chunkBytes = mode & 0x0f;
      const requests = parse(bytes, chunkBytes, authenticated);
      const whole = parse(bytes, 0, authenticated);
      const shown = requests.map(describe);
      const wholeShown = whole.map(describe);
      if (shown.length !== wholeShown.length || shown.some((text, i) => text !== wholeShown[i])) {
        throw new ProtocolInvariantError(
          `pieces of ${chunkBytes} bytes parsed differently from the whole input`,
        );
      }
      for (const request of requests) {
        if (request.kind === 'error') {
          const text = request.reply.toString('latin1');
          if (!/^-ERR Protocol error[^\r\n]*\r\n$/.test(text))
            throw new ProtocolInvariantError(
              `protocol error reply not one -ERR line: ${JSON.stringify(text)}`,
            );
        }
      }
      clock.nowMs = EPOCH_MS;
      db.exec(['FLUSHDB']);
      for (const request of requests.slice(0, COMMANDS_RUN_MAX)) {
        if (request.kind !== 'command') continue;
        clock.nowMs += 1;
        const problem = replyProblem(db.exec(request.argv));
        if (problem !== null) throw new NotAReplyError(formatArgv(request.argv), problem);
      }
    },
    dispose: () => db.close(),
  };
}
