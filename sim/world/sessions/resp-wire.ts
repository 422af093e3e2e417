/**
 * The client's side of RESP2 for `--target server`: a command as the multibulk request a
 * client library sends, and the replies read back off the byte stream, in whatever pieces they
 * arrive. The server's side (its request parser and reply encoder) is redlite's own; this file
 * is the simulator's independent twin of a client library, so the two never share a bug.
 */
import type { Arg, Reply } from '../../../redlite/reply.ts';

export class RespReplyError extends Error {
  constructor(detail: string, bytes: Buffer) {
    super(`RESP reply stream: ${detail} (at ${JSON.stringify(bytes.subarray(0, 40).toString('latin1'))})`);
    this.name = 'RespReplyError';
  }
}

/** A command as a RESP2 multibulk request. */
export function encodeRequest(argv: readonly Arg[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)];
  for (const arg of argv) {
    const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

/** Reads whole replies off a byte stream; bytes of an incomplete reply wait for more. */
export class ReplyReader {
  private buffer: Buffer = Buffer.alloc(0);

  feed(bytes: Buffer): void {
    this.buffer = this.buffer.length === 0 ? bytes : Buffer.concat([this.buffer, bytes]);
  }

  get pendingBytes(): number {
    return this.buffer.length;
  }

  /** Every whole reply buffered, in order. */
  drain(): Reply[] {
    const replies: Reply[] = [];
    for (;;) {
      const parsed = parseReply(this.buffer, 0);
      if (parsed === null) return replies;
      replies.push(parsed.reply);
      this.buffer = this.buffer.subarray(parsed.end);
    }
  }
}

function lineAt(bytes: Buffer, start: number): { text: string; next: number } | null {
  const end = bytes.indexOf('\r\n', start, 'latin1');
  if (end < 0) return null;
  return { text: bytes.subarray(start + 1, end).toString('latin1'), next: end + 2 };
}

function parseReply(bytes: Buffer, start: number): { reply: Reply; end: number } | null {
  if (start >= bytes.length) return null;
  const line = lineAt(bytes, start);
  if (line === null) return null;
  const type = String.fromCharCode(bytes[start]!);
  switch (type) {
    case '+':
      return { reply: { type: 'simple', value: line.text }, end: line.next };
    case '-':
      return { reply: { type: 'error', value: line.text }, end: line.next };
    case ':':
      return { reply: { type: 'integer', value: integerValue(line.text) }, end: line.next };
    case '$': {
      const length = Number(line.text);
      if (length < 0) return { reply: { type: 'bulk', value: null }, end: line.next };
      if (bytes.length < line.next + length + 2) return null;
      const value = Buffer.from(bytes.subarray(line.next, line.next + length));
      return { reply: { type: 'bulk', value }, end: line.next + length + 2 };
    }
    case '*': {
      const count = Number(line.text);
      if (count < 0) return { reply: { type: 'array', value: null }, end: line.next };
      const items: Reply[] = [];
      let at = line.next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(bytes, at);
        if (item === null) return null;
        items.push(item.reply);
        at = item.end;
      }
      return { reply: { type: 'array', value: items }, end: at };
    }
    default:
      throw new RespReplyError(`unknown reply type ${JSON.stringify(type)}`, bytes.subarray(start));
  }
}

/** A number when exact, as redlite's own replies carry small integers; a bigint beyond. */
function integerValue(text: string): number | bigint {
  const value = BigInt(text);
  return Number.isSafeInteger(Number(value)) ? Number(value) : value;
}
