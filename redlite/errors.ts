/**
 * redlite's named errors. `ReplyError` and `ChecksumMismatchError` never leave `exec`: they
 * become error replies after the command's transaction rolls back. `RedliteOpenError` and
 * `RedliteOptionError` are thrown to the host, which passed a bad file or a bad option.
 */

/** A Redis error reply raised from inside a command; `message` is the whole reply text. */
export class ReplyError extends Error {
  override readonly name = 'ReplyError';

  constructor(message: string) {
    // An error reply is an answer, not a bug: capturing a stack trace for it cost about 5% of
    // a simulated run, so none is taken (Error reads the limit when it is constructed).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** A stored row whose checksum does not match its contents: redlite refuses to answer with it. */
export class ChecksumMismatchError extends Error {
  override readonly name = 'ChecksumMismatchError';
  readonly table: string;
  readonly key: Buffer;

  constructor(table: string, key: Buffer) {
    super(`corrupted data: checksum mismatch in ${table} for key '${key.toString('latin1')}'`);
    this.table = table;
    this.key = key;
  }
}

/** SQLite could not open (or set up) the database file at `path`. */
export class RedliteOpenError extends Error {
  override readonly name = 'RedliteOpenError';
  readonly path: string;

  constructor(path: string, cause: unknown) {
    super(`redlite cannot open '${path}': ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.path = path;
  }
}

/** An option passed to `Redlite.open` (or a host call) is out of its documented range. */
export class RedliteOptionError extends Error {
  override readonly name = 'RedliteOptionError';
  readonly option: string;
  readonly value: unknown;

  constructor(option: string, value: unknown, expected: string) {
    super(`redlite option ${option} must be ${expected}, got ${String(value)}`);
    this.option = option;
    this.value = value;
  }
}

export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const SYNTAX = 'ERR syntax error';
export const OVERFLOW = 'ERR increment or decrement would overflow';
export const NO_SUCH_KEY = 'ERR no such key';
export const OUT_OF_RANGE = 'ERR index out of range';
export const MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
export const MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';

export function arityError(command: string): ReplyError {
  return new ReplyError(`ERR wrong number of arguments for '${command.toLowerCase()}' command`);
}
