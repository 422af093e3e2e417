/**
 * A RESP2 decoder for tests: turns the bytes a real Redis sends into a Reply, so a real server,
 * the model and redlite can be compared through the one encoder in redlite/resp.ts.
 */
import type { Reply } from '../../redlite/reply.ts';

export class RespIncomplete extends Error {
  constructor() {
    super('incomplete RESP frame');
    this.name = 'RespIncomplete';
  }
}

/** Decodes one reply at `offset`; throws RespIncomplete when the buffer ends first. */
export function decodeResp2(buf: Buffer, offset = 0): { reply: Reply; next: number } {
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
    case ':': {
      const big = BigInt(line);
      const value =
        big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
      return { reply: { type: 'integer', value }, next: after };
    }
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: { type: 'bulk', value: null }, next: after };
      if (buf.length < after + length + 2) throw new RespIncomplete();
      return {
        reply: { type: 'bulk', value: Buffer.from(buf.subarray(after, after + length)) },
        next: after + length + 2,
      };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: { type: 'array', value: null }, next: after };
      const items: Reply[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = decodeResp2(buf, next);
        items.push(item.reply);
        next = item.next;
      }
      return { reply: { type: 'array', value: items }, next };
    }
    default:
      throw new Error(`bad RESP2 type byte ${JSON.stringify(prefix)} at offset ${offset}`);
  }
}

/** Encodes an argv as a RESP2 command (an array of bulk strings). */
export function encodeCommand(argv: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}
