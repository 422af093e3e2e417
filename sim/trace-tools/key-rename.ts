/**
 * Key renaming towards a few short keys: the last argument pass. A key is renamed in every
 * event at once (a partial rename would split one key's history in two), either merged into
 * the most used key or given a short canonical name (`k0`, `k1`, ...), so the minimized
 * trace reads as a story about one or two keys.
 *
 * Which arguments are keys is guessed: the first argument of every op, and every argument of
 * the multi-key commands. A guess that is wrong costs one oracle run, never correctness: the
 * oracle decides what is kept.
 */
import type { Arg } from '../../redlite/reply.ts';
import { isOp, type ShrinkEvent, sameArg, withArgv } from './shrink-event.ts';

const ALL_ARGS_ARE_KEYS = new Set([
  'DEL',
  'EXISTS',
  'MGET',
  'SINTER',
  'SUNION',
  'SDIFF',
  'RENAME',
  'RENAMENX',
]);
const KEYS_AT_EVEN_POSITIONS = new Set(['MSET']);
/** A source and a destination key, then a member. */
const TWO_KEYS_FIRST = new Set(['SMOVE']);

/** The arguments of `argv` that are keys, by the guess above. */
export function keysOf(argv: readonly Arg[]): Arg[] {
  const name = String(argv[0] ?? '').toUpperCase();
  if (ALL_ARGS_ARE_KEYS.has(name)) return argv.slice(1);
  if (KEYS_AT_EVEN_POSITIONS.has(name)) return argv.slice(1).filter((_, i) => i % 2 === 0);
  if (TWO_KEYS_FIRST.has(name)) return argv.slice(1, 3);
  return argv.length > 1 ? [argv[1] as Arg] : [];
}

/** Distinct keys in order of use count (most used first), ties in order of first use. */
export function keysByUse(events: readonly ShrinkEvent[]): Arg[] {
  const counts: { key: Arg; uses: number; first: number }[] = [];
  for (const event of events) {
    if (!isOp(event)) continue;
    for (const key of keysOf(event.argv as readonly Arg[])) {
      const known = counts.find((entry) => sameArg(entry.key, key));
      if (known) known.uses++;
      else counts.push({ key, uses: 1, first: counts.length });
    }
  }
  counts.sort((a, b) => b.uses - a.uses || a.first - b.first);
  return counts.map((entry) => entry.key);
}

/** Replaces every argument equal to `from` (never the command name) with `to`, in every op. */
export function renameKey<E extends ShrinkEvent>(events: readonly E[], from: Arg, to: Arg): E[] {
  return events.map((event) => {
    if (!isOp(event)) return event;
    const argv = event.argv as readonly Arg[];
    if (!argv.some((arg, i) => i > 0 && sameArg(arg, from))) return event;
    return withArgv(
      event,
      argv.map((arg, i) => (i > 0 && sameArg(arg, from) ? to : arg)),
    );
  });
}

/** The renames worth trying for `key`: merge into the most used key, then a short new name. */
export function renameCandidates(key: Arg, keys: readonly Arg[]): Arg[] {
  const out: Arg[] = [];
  const top = keys[0];
  if (top !== undefined && !sameArg(top, key)) out.push(top);
  for (let i = 0; i < keys.length + 1; i++) {
    const short = `k${i}`;
    if (keys.some((known) => sameArg(known, short))) continue;
    if (Buffer.byteLength(short) < (typeof key === 'string' ? Buffer.byteLength(key) : key.length)) {
      out.push(short);
    }
    break;
  }
  return out;
}
