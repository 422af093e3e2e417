/**
 * Reply: the value of one Redis command's answer, carrying Redis's own RESP2 types.
 *
 * This file, with `resp.ts`, is the only code the simulator's reference model shares with
 * redlite: both sides speak the same reply vocabulary, and nothing else.
 *
 * - `simple`:  a simple string, such as `+OK`.
 * - `error`:   an error reply; `value` is the whole message, such as `WRONGTYPE Operation ...`.
 * - `integer`: a signed 64-bit integer; `bigint` is used where a `number` would lose precision.
 * - `bulk`:    a binary-safe bulk string, or `null` for the nil bulk string.
 * - `array`:   an array of replies, or `null` for the nil array.
 */
export type Reply =
  | { readonly type: 'simple'; readonly value: string }
  | { readonly type: 'error'; readonly value: string }
  | { readonly type: 'integer'; readonly value: number | bigint }
  | { readonly type: 'bulk'; readonly value: Buffer | null }
  | { readonly type: 'array'; readonly value: readonly Reply[] | null };

/** One argument of a command: text is encoded as UTF-8, buffers are taken as they are. */
export type Arg = string | Buffer;

export const OK: Reply = { type: 'simple', value: 'OK' };
export const NIL: Reply = { type: 'bulk', value: null };
export const NIL_ARRAY: Reply = { type: 'array', value: null };

export function simple(value: string): Reply {
  return { type: 'simple', value };
}

/**
 * An error reply. Like Redis (addReplyErrorFormat), CR and LF become spaces: an error is one
 * protocol line, and a message that quotes a client's argument must not break the framing.
 */
export function error(value: string): Reply {
  return { type: 'error', value: /[\r\n]/.test(value) ? value.replace(/[\r\n]/g, ' ') : value };
}

export function integer(value: number | bigint): Reply {
  return { type: 'integer', value };
}

export function bulk(value: Buffer | string | null): Reply {
  if (value === null) return NIL;
  return { type: 'bulk', value: typeof value === 'string' ? Buffer.from(value) : value };
}

export function array(value: readonly Reply[] | null): Reply {
  return { type: 'array', value };
}

/** Turns an argument into bytes, the one way both sides must agree on. */
export function argBytes(arg: Arg): Buffer {
  return typeof arg === 'string' ? Buffer.from(arg) : arg;
}
