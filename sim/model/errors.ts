/**
 * Redis 7.0's error texts (verified against redis-server 7.0.15) and ReplyError, the
 * exception command code throws to answer with one of them. Throwing keeps the happy path of
 * every command free of error plumbing; Model.exec turns a ReplyError into an error reply.
 */
export class ReplyError extends Error {
  // A class field, not `this.name = ...` in the constructor: that store made V8 (Node 20) abandon
  // every concurrent optimization of the constructor ("dependency change"), and with it of each
  // model read that inlines it (Keyspace.peekTyped, getTyped, ...), which then never left the
  // interpreter: 8 to 11 wasted compiles per 5000-op world, found with --trace-opt.
  override readonly name = 'ReplyError';

  constructor(message: string) {
    // An error reply is an answer, not a bug: no stack trace is captured (it cost about 2% of
    // a simulated run). Error reads the limit when it is constructed.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const INDEX_OUT_OF_RANGE = 'ERR index out of range';
export const MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
export const NAN_OR_INFINITY = 'ERR increment would produce NaN or Infinity';
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';

export function arityError(name: string): string {
  return `ERR wrong number of arguments for '${name}' command`;
}

export function invalidExpireError(name: string): string {
  return `ERR invalid expire time in '${name}' command`;
}

/** Redis caps the quoted command at 128 bytes and the quoted arguments at about 128 bytes. */
export function unknownCommandError(argv: readonly string[]): string {
  const name = (argv[0] ?? '').slice(0, 128);
  let args = '';
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    args += `'${(argv[i] ?? '').slice(0, 128 - args.length)}' `;
  }
  return sanitize(`ERR unknown command '${name}', with args beginning with: ${args}`);
}

/** Redis replaces CR and LF in error texts with spaces so the protocol line stays one line. */
function sanitize(text: string): string {
  // The model's strings are latin1 bytes; a Reply's error text is read back as UTF-8.
  return Buffer.from(text.replace(/[\r\n]/g, ' '), 'latin1').toString('utf8');
}
