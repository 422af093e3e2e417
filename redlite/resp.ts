/**
 * RESP2 encoding of a Reply. Replies are compared as these bytes, so the encoding is the
 * single definition of "the same answer" across redlite, the model and a real Redis.
 */
import type { Reply } from './reply.ts';

const CRLF = Buffer.from('\r\n');

export function encodeResp2(reply: Reply): Buffer {
  const parts: Buffer[] = [];
  encodeInto(reply, parts);
  return Buffer.concat(parts);
}

function encodeInto(reply: Reply, parts: Buffer[]): void {
  switch (reply.type) {
    case 'simple':
      parts.push(Buffer.from(`+${reply.value}\r\n`));
      return;
    case 'error':
      parts.push(Buffer.from(`-${reply.value}\r\n`));
      return;
    case 'integer':
      parts.push(Buffer.from(`:${reply.value.toString()}\r\n`));
      return;
    case 'bulk':
      if (reply.value === null) {
        parts.push(Buffer.from('$-1\r\n'));
        return;
      }
      parts.push(Buffer.from(`$${reply.value.length}\r\n`), reply.value, CRLF);
      return;
    case 'array':
      if (reply.value === null) {
        parts.push(Buffer.from('*-1\r\n'));
        return;
      }
      parts.push(Buffer.from(`*${reply.value.length}\r\n`));
      for (const item of reply.value) encodeInto(item, parts);
      return;
  }
}
