/**
 * An oracle: a property's own account of one invariant, kept beside the model. It sees each
 * command and the reply redlite gave, keeps the small shadow state its invariant needs (the
 * last value written, a list's elements, a key's deadline), and names a broken invariant in
 * words. The model, separately, must agree with every reply; the oracle is there so a finding
 * is named for its invariant and judged by a second, much simpler account of it.
 */
import type { Reply } from '../../../redlite/reply.ts';

export interface Oracle {
  /** Judges `reply` to `argv` at `nowMs` and updates the shadow; a message when the invariant broke. */
  observe(argv: readonly string[], reply: Reply, nowMs: number): string | null;
}

/** A new oracle per generated sequence: shadows never leak from one run to the next. */
export type OracleFactory = () => Oracle;

/** A bulk reply's bytes as latin1 text, or null for nil and non-bulk replies. */
export function bulkText(reply: Reply): string | null {
  return reply.type === 'bulk' && reply.value !== null ? reply.value.toString('latin1') : null;
}

/** A string argument as the latin1 text of its UTF-8 bytes, the form bulkText gives back. */
export function bytesText(arg: string): string {
  return Buffer.from(arg).toString('latin1');
}

/** Redis's list and range indexes: negative counts from the end; null when out of range. */
export function resolveIndex(index: number, length: number): number | null {
  const resolved = index < 0 ? length + index : index;
  return resolved >= 0 && resolved < length ? resolved : null;
}

/** The slice `start..stop` (both included) under Redis's clamping rules for LRANGE and ZRANGE. */
export function rangeSlice<T>(items: readonly T[], start: number, stop: number): T[] {
  const length = items.length;
  let from = start < 0 ? Math.max(length + start, 0) : start;
  const to = stop < 0 ? length + stop : Math.min(stop, length - 1);
  if (from > to || from >= length) return [];
  from = Math.max(from, 0);
  return items.slice(from, to + 1);
}
