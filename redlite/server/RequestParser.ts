/**
 * Requests off a socket, byte for byte as Redis 7.0's networking.c reads them
 * (`processInputBuffer`, `processInlineBuffer`, `processMultibulkBuffer`): a request starting
 * with `*` is a multibulk array of `$` bulk strings, anything else is an inline line split like
 * redis-cli splits it. Bytes may arrive in any pieces; an incomplete request waits for more.
 *
 * Redis's quirks are kept on purpose, because clients and the differential tests see them:
 * lines are found with `strchr` (a NUL byte hides what follows it), a count line needs only
 * one byte after its `\r`, and the two bytes after a bulk are skipped unchecked.
 *
 * A protocol error yields its exact reply bytes once; the connection must then be closed, and the
 * parser yields nothing more. Bulk and multibulk lengths are bounded (`ParserLimits`), as are
 * count lines and inline requests (64 KiB, Redis's PROTO_INLINE_MAX_SIZE).
 *
 * Arguments are views of the bytes read, not copies (copying each one cost more than parsing
 * it): whoever keeps an argument past its command must copy it.
 */
import { clampToSafe, parseLongLong } from '../parse/integers.ts';
import { splitArgBytes } from '../split-args.ts';

export interface ParserLimits {
  /** Redis's proto-max-bulk-len: the longest bulk string accepted. */
  readonly bulkBytesMax: number;
  /** The most elements one multibulk request may declare (Redis allows up to INT_MAX). */
  readonly multibulkLengthMax: number;
}

export type ParsedRequest =
  | { readonly kind: 'command'; readonly argv: Buffer[] }
  /** The reply to send (the whole `-ERR Protocol error: ...\r\n`) before closing. */
  | { readonly kind: 'error'; readonly reply: Buffer };

/** Redis's PROTO_INLINE_MAX_SIZE: an inline request or a count line longer than this is refused. */
export const INLINE_BYTES_MAX = 64 * 1024;
/** Redis's PROTO_MBULK_BIG_ARG: bulks this long are read straight into their own buffer. */
const BIG_BULK_BYTES = 32 * 1024;
/** Before AUTH, Redis refuses larger requests (unauthenticated multibulk and bulk lengths). */
const UNAUTHENTICATED_MULTIBULK_MAX = 10;
const UNAUTHENTICATED_BULK_BYTES_MAX = 16384;
const INT_MAX = 2147483647;
/** Up to this many digits a count is parsed as a number directly; longer ones go to string2ll. */
const SHORT_DIGITS_MAX = 15;

/**
 * Redis `string2ll` over buffer[start, end) (an optional '-', then digits with no leading zero),
 * as a number: past the safe integer range it is clamped, which no limit here comes near. Null
 * when the bytes are not an integer.
 */
function parseCount(buffer: Buffer, start: number, end: number): number | null {
  const negative = buffer[start] === 0x2d;
  const first = negative ? start + 1 : start;
  const digits = end - first;
  if (digits < 1 || digits > SHORT_DIGITS_MAX) {
    const value = parseLongLong(buffer.subarray(start, end));
    return value === null ? null : clampToSafe(value);
  }
  if (digits > 1 && buffer[first] === 0x30) return null;
  let value = 0;
  for (let i = first; i < end; i++) {
    const digit = buffer[i]! - 0x30;
    if (digit < 0 || digit > 9) return null;
    value = value * 10 + digit;
  }
  if (negative && value === 0) return null;
  return negative ? -value : value;
}
const CR = 0x0d;
const LF = 0x0a;

enum RequestType {
  unknown,
  inline,
  multibulk,
}

/** What to do next: a complete argv, wait for bytes, or a protocol error. */
type Step = Buffer[] | 'more' | ParsedRequest;

function protocolError(text: string): ParsedRequest {
  // Redis's error replies turn CR and LF inside the text into spaces.
  return {
    kind: 'error',
    reply: Buffer.from(`-ERR Protocol error: ${text.replace(/[\r\n]/g, ' ')}\r\n`, 'latin1'),
  };
}

export class RequestParser {
  private readonly limits: ParserLimits;
  private readonly authRequired: () => boolean;
  private buffer: Buffer = Buffer.alloc(0);
  private position = 0;
  private type = RequestType.unknown;
  /** Elements of the current multibulk still to read (Redis's `multibulklen`). */
  private remaining = 0;
  /** Length of the bulk being read, or -1 before its `$` line (Redis's `bulklen`). */
  private bulkLength = -1;
  private argv: Buffer[] = [];
  /** A multibulk's count line was read and its elements are being collected. */
  private inArray = false;
  /** A big bulk (and its trailing two bytes) filled straight from the socket's chunks. */
  private big: Buffer | null = null;
  private bigFilled = 0;
  private failed = false;

  constructor(limits: ParserLimits, authRequired: () => boolean) {
    this.limits = limits;
    this.authRequired = authRequired;
  }

  /** Bytes held for requests not yet complete (the query buffer, and any big bulk). */
  get bufferedBytes(): number {
    return this.buffer.length - this.position + (this.big === null ? 0 : this.big.length);
  }

  feed(chunk: Buffer): void {
    if (this.failed) return;
    let data = chunk;
    if (this.big !== null) {
      const take = Math.min(data.length, this.big.length - this.bigFilled);
      data.copy(this.big, this.bigFilled, 0, take);
      this.bigFilled += take;
      data = data.subarray(take);
      if (this.bigFilled === this.big.length) {
        this.argv.push(this.big.subarray(0, this.bulkLength));
        this.big = null;
        this.bulkLength = -1;
        this.remaining--;
      }
    }
    if (data.length === 0) return;
    if (this.position >= this.buffer.length) this.buffer = data;
    else this.buffer = Buffer.concat([this.buffer.subarray(this.position), data]);
    this.position = 0;
  }

  /** The next complete request, a protocol error (once), or null until more bytes arrive. */
  next(): ParsedRequest | null {
    while (!this.failed) {
      if (this.type === RequestType.unknown) {
        if (this.position >= this.buffer.length) return null;
        this.type = this.buffer[this.position] === 0x2a ? RequestType.multibulk : RequestType.inline;
      }
      const step = this.type === RequestType.inline ? this.inline() : this.multibulk();
      if (step === 'more') return null;
      if (!Array.isArray(step)) {
        this.failed = true;
        this.buffer = Buffer.alloc(0);
        this.position = 0;
        this.big = null;
        return step;
      }
      this.type = RequestType.unknown;
      // Redis skips an empty request (a blank line, `*0`, `*-1`) without a reply.
      if (step.length > 0) return { kind: 'command', argv: step };
    }
    return null;
  }

  /** `strchr(buffer + from, '\n')`: the first LF at or after `from`, unless a NUL comes first. */
  private findLf(from: number): number {
    const at = this.buffer.indexOf(LF, from);
    if (at === -1) return -1;
    const nul = this.buffer.indexOf(0, from);
    return nul !== -1 && nul < at ? -1 : at;
  }

  /** `strchr(buffer + from, '\r')` for a count line, which is short: a plain loop beats indexOf. */
  private findCr(from: number): number {
    const buffer = this.buffer;
    for (let i = from; i < buffer.length; i++) {
      const c = buffer[i]!;
      if (c === CR) return i;
      if (c === 0) return -1;
    }
    return -1;
  }

  private get unread(): number {
    return this.buffer.length - this.position;
  }

  private inline(): Step {
    const newline = this.findLf(this.position);
    if (newline === -1) {
      return this.unread > INLINE_BYTES_MAX ? protocolError('too big inline request') : 'more';
    }
    const end = newline !== this.position && this.buffer[newline - 1] === CR ? newline - 1 : newline;
    const args = splitArgBytes(this.buffer.subarray(this.position, end));
    if (args === null) return protocolError('unbalanced quotes in request');
    this.position = newline + 1;
    return args;
  }

  /**
   * A count line at the position (`*N` or `$N`): its number (null when not one) and where the
   * next line starts, or 'more', or the protocol error for a line too long to be one.
   */
  private countLine(tooBig: string): { value: number | null; next: number } | 'more' | ParsedRequest {
    const cr = this.findCr(this.position);
    if (cr === -1) return this.unread > INLINE_BYTES_MAX ? protocolError(tooBig) : 'more';
    // Redis only asks for one more byte after the CR, whatever it is.
    if (cr - this.position > this.unread - 2) return 'more';
    return { value: parseCount(this.buffer, this.position + 1, cr), next: cr + 2 };
  }

  private multibulk(): Step {
    if (!this.inArray) {
      const line = this.countLine('too big mbulk count string');
      if (line === 'more' || 'kind' in line) return line;
      const count = line.value;
      if (count === null || count > INT_MAX || count > this.limits.multibulkLengthMax) {
        return protocolError('invalid multibulk length');
      }
      if (count > UNAUTHENTICATED_MULTIBULK_MAX && this.authRequired()) {
        return protocolError('unauthenticated multibulk length');
      }
      this.position = line.next;
      if (count <= 0) return [];
      this.inArray = true;
      this.remaining = count;
      this.argv = [];
    }
    while (this.remaining > 0) {
      if (this.big !== null) return 'more';
      if (this.bulkLength === -1) {
        const failure = this.bulkHeader();
        if (failure !== null) return failure;
      }
      if (this.unread < this.bulkLength + 2) {
        if (this.bulkLength >= BIG_BULK_BYTES) this.startBig();
        return 'more';
      }
      this.argv.push(this.buffer.subarray(this.position, this.position + this.bulkLength));
      this.position += this.bulkLength + 2;
      this.bulkLength = -1;
      this.remaining--;
    }
    const argv = this.argv;
    this.argv = [];
    this.inArray = false;
    return argv;
  }

  /** Reads a `$N` line into `bulkLength`: null when done, else 'more' or the protocol error. */
  private bulkHeader(): 'more' | ParsedRequest | null {
    const line = this.countLine('too big bulk count string');
    if (line === 'more' || 'kind' in line) return line;
    const marker = this.buffer[this.position]!;
    if (marker !== 0x24) return protocolError(`expected '$', got '${String.fromCharCode(marker)}'`);
    const length = line.value;
    if (length === null || length < 0 || length > this.limits.bulkBytesMax) {
      return protocolError('invalid bulk length');
    }
    if (length > UNAUTHENTICATED_BULK_BYTES_MAX && this.authRequired()) {
      return protocolError('unauthenticated bulk length');
    }
    this.position = line.next;
    this.bulkLength = length;
    return null;
  }

  /** Moves a big bulk's bytes read so far into its own buffer; `feed` fills the rest. */
  private startBig(): void {
    this.big = Buffer.allocUnsafe(this.bulkLength + 2);
    this.bigFilled = this.buffer.copy(this.big, 0, this.position);
    this.buffer = Buffer.alloc(0);
    this.position = 0;
  }
}
