/**
 * The JSON forms of binary arguments and replies in a trace. Bytes that are valid UTF-8 made
 * of printable characters become a plain string; anything else becomes `{ "b64": ... }`, so
 * every byte round-trips. Replies keep their RESP2 type as a one-character key:
 * `{"+":"OK"}`, `{"-":"ERR ..."}`, `{":":5}` (a string when beyond 2^53), `{"$":bytes|null}`,
 * `{"*":[...]|null}`.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';

export type BytesJson = string | { b64: string };

export type ReplyJson =
  | { '+': string }
  | { '-': string }
  | { ':': number | string }
  | { $: BytesJson | null }
  | { '*': ReplyJson[] | null };

export class TraceDecodeError extends Error {
  readonly value: unknown;
  constructor(what: string, value: unknown) {
    super(`bad ${what} in trace: ${JSON.stringify(value)?.slice(0, 120)}`);
    this.name = 'TraceDecodeError';
    this.value = value;
  }
}

/** True when every byte is printable ASCII (space to tilde); fast, and safe as plain JSON text. */
function isPlainAscii(bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte < 0x20 || byte > 0x7e) return false;
  }
  return true;
}

function isPrintableUtf8(bytes: Buffer): boolean {
  if (isPlainAscii(bytes)) return true;
  const text = bytes.toString('utf8');
  // A lossy decode would not round-trip; control characters make traces unreadable.
  if (!Buffer.from(text, 'utf8').equals(bytes)) return false;
  return !/[\p{Cc}\p{Cs}\uFFFD]/u.test(text);
}

export function encodeBytes(bytes: Buffer): BytesJson {
  return isPrintableUtf8(bytes) ? bytes.toString('utf8') : { b64: bytes.toString('base64') };
}

export function encodeArg(arg: Arg): BytesJson {
  return typeof arg === 'string' ? encodeBytes(Buffer.from(arg)) : encodeBytes(arg);
}

export function decodeBytes(json: unknown): Buffer {
  if (typeof json === 'string') return Buffer.from(json, 'utf8');
  if (typeof json === 'object' && json !== null && typeof (json as { b64?: unknown }).b64 === 'string') {
    return Buffer.from((json as { b64: string }).b64, 'base64');
  }
  throw new TraceDecodeError('bytes', json);
}

/** Arguments come back as strings when printable (as generators made most keys), else buffers. */
export function decodeArg(json: unknown): Arg {
  if (typeof json === 'string') return json;
  return decodeBytes(json);
}

export function encodeReply(reply: Reply): ReplyJson {
  switch (reply.type) {
    case 'simple':
      return { '+': reply.value };
    case 'error':
      return { '-': reply.value };
    case 'integer':
      return { ':': typeof reply.value === 'bigint' ? reply.value.toString() : reply.value };
    case 'bulk':
      return { $: reply.value === null ? null : encodeBytes(reply.value) };
    case 'array':
      return { '*': reply.value === null ? null : reply.value.map(encodeReply) };
  }
}

export function decodeReply(json: unknown): Reply {
  if (typeof json !== 'object' || json === null) throw new TraceDecodeError('reply', json);
  const record = json as Record<string, unknown>;
  if (typeof record['+'] === 'string') return { type: 'simple', value: record['+'] };
  if (typeof record['-'] === 'string') return { type: 'error', value: record['-'] };
  if (':' in record) {
    const value = record[':'];
    if (typeof value === 'number' && Number.isInteger(value)) return { type: 'integer', value };
    if (typeof value === 'string' && /^-?[0-9]+$/.test(value))
      return { type: 'integer', value: BigInt(value) };
    throw new TraceDecodeError('integer reply', json);
  }
  if ('$' in record) return { type: 'bulk', value: record.$ === null ? null : decodeBytes(record.$) };
  if ('*' in record) {
    const items = record['*'];
    if (items === null) return { type: 'array', value: null };
    if (!Array.isArray(items)) throw new TraceDecodeError('array reply', json);
    return { type: 'array', value: items.map(decodeReply) };
  }
  throw new TraceDecodeError('reply', json);
}
