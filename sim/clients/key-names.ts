/**
 * Key names. Every key a client touches is `k:<index>` with index below the key-space size, so
 * checkers can tell key arguments from values by their shape alone, without a command table.
 */
import type { Arg } from '../../redlite/reply.ts';

const KEY_PREFIX = 'k:';

export function keyName(index: number): string {
  return KEY_PREFIX + index;
}

/** True when an argument has the shape of a world key. */
export function isKeyName(arg: Arg): arg is string {
  if (typeof arg !== 'string' || !arg.startsWith(KEY_PREFIX) || arg.length === KEY_PREFIX.length)
    return false;
  for (let i = KEY_PREFIX.length; i < arg.length; i++) {
    const code = arg.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}
