/**
 * RESP2 on the client's side of the wire: commands out as arrays of bulk strings, replies in as
 * redlite's Reply vocabulary with their RESP2 types kept (a simple `+OK` and a bulk "OK" differ,
 * and the checker compares replies as RESP2 bytes).
 *
 * Leaves out the connection (RespConnection.ts) and RESP3, which no live target is asked for.
 */
import { type Arg, argBytes, type Reply } from '../../redlite/reply.ts';

/** A frame that has not fully arrived yet; the reader waits for more bytes. */
export class RespIncomplete extends Error {
  constructor() {
    super('incomplete RESP2 frame');
    this.name = 'RespIncomplete';
  }
}

/** Bytes that are not RESP2: the server is not what the target said it was. */
export class RespProtocolError extends Error {
  readonly offset: number;
  constructor(offset: number, reason: string) {
    super(`RESP2 protocol error at byte ${offset}: ${reason}`);
    this.name = 'RespProtocolError';
    this.offset = offset;
  }
}

/** Nesting deeper than this is refused rather than recursed into (principle 5). */
const DEPTH_MAX = 64;

export function encodeCommand(argv: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = argBytes(arg);
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

function integerValue(line: string, offset: number): number | bigint {
  if (!/^-?\d+$/.test(line)) throw new RespProtocolError(offset, `bad integer ${JSON.stringify(line)}`);
  const big = BigInt(line);
  const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
  return safe ? Number(big) : big;
}

/** Decodes one reply at `offset`; throws RespIncomplete when the buffer ends first. */
export function decodeReply(buf: Buffer, offset = 0, depth = 0): { reply: Reply; next: number } {
  if (depth > DEPTH_MAX) throw new RespProtocolError(offset, `arrays nested deeper than ${DEPTH_MAX}`);
  const lineEnd = buf.indexOf('\r\n', offset);
  if (lineEnd < 0) throw new RespIncomplete();
  const prefix = String.fromCharCode(buf[offset] as number);
  const line = buf.toString('utf8', offset + 1, lineEnd);
  const after = lineEnd + 2;
  switch (prefix) {
    case '+':
      return { reply: { type: 'simple', value: line }, next: after };
    case '-':
      return { reply: { type: 'error', value: line }, next: after };
    case ':':
      return { reply: { type: 'integer', value: integerValue(line, offset) }, next: after };
    case '$': {
      const length = Number(integerValue(line, offset));
      if (length < 0) return { reply: { type: 'bulk', value: null }, next: after };
      if (buf.length < after + length + 2) throw new RespIncomplete();
      const value = Buffer.from(buf.subarray(after, after + length));
      return { reply: { type: 'bulk', value }, next: after + length + 2 };
    }
    case '*': {
      const count = Number(integerValue(line, offset));
      if (count < 0) return { reply: { type: 'array', value: null }, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = decodeReply(buf, next, depth + 1);
        items.push(item.reply);
        next = item.next;
      }
      return { reply: { type: 'array', value: items }, next };
    }
    default:
      throw new RespProtocolError(offset, `unknown type byte ${JSON.stringify(prefix)}`);
  }
}
