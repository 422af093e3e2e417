/**
 * Argument simplification: for one argv, the simpler argvs worth trying, most aggressive
 * first. The shrinker tries them in order and keeps the first that still fails.
 *
 * Covered: fewer elements in variadic commands, shorter values, smaller integers. Key renaming
 * works across all events at once and lives in `key-rename.ts`. The command name and option
 * keywords (EX, NX, WITHSCORES, ...) are never touched: changing them only yields syntax
 * errors, which never keep the failure.
 */
import type { Arg } from '../../redlite/reply.ts';
import { variadicShape } from './variadic.ts';

/** Candidates per argument are few and fixed, so one argv yields a bounded list. */
const CANDIDATES_PER_ARG_MAX = 4;

const INTEGER = /^-?(0|[1-9][0-9]*)$/;
const KEYWORD = /^[A-Z]{2,}$/;

function text(arg: Arg): string {
  return typeof arg === 'string' ? arg : arg.toString('latin1');
}

function byteLength(arg: Arg): number {
  return typeof arg === 'string' ? Buffer.byteLength(arg) : arg.length;
}

/** Simpler integers for an integer argument: 0, 1, halfway towards 0, one step towards 0. */
export function smallerIntegers(value: bigint): bigint[] {
  const out: bigint[] = [];
  const add = (candidate: bigint): void => {
    const size = candidate < 0n ? -candidate : candidate;
    const original = value < 0n ? -value : value;
    const simpler = size < original || (size === original && candidate > value);
    if (simpler && !out.includes(candidate)) out.push(candidate);
  };
  add(0n);
  add(1n);
  add(value / 2n);
  add(value < 0n ? -value : value);
  add(value > 0n ? value - 1n : value + 1n);
  return out.slice(0, CANDIDATES_PER_ARG_MAX);
}

/** Shorter versions of a value: empty, one byte, half. Strings stay strings. */
export function shorterValues(arg: Arg): Arg[] {
  const length = byteLength(arg);
  if (length === 0) return [];
  const bytes = typeof arg === 'string' ? Buffer.from(arg) : arg;
  const cut = (size: number): Arg => {
    const piece = bytes.subarray(0, size);
    if (typeof arg !== 'string') return Buffer.from(piece);
    // Cutting UTF-8 mid-character would change the bytes' meaning; fall back to 'x's.
    const decoded = piece.toString('utf8');
    return Buffer.byteLength(decoded) === size ? decoded : 'x'.repeat(size);
  };
  const out: Arg[] = [typeof arg === 'string' ? '' : Buffer.alloc(0)];
  if (length > 1) out.push(typeof arg === 'string' ? 'v' : cut(1));
  if (length > 3) out.push(cut(Math.floor(length / 2)));
  return out;
}

/** Simpler variants of argument `position` alone, in order of preference. */
export function simplerArg(arg: Arg, position: number): Arg[] {
  if (position === 0) return [];
  const value = text(arg);
  if (KEYWORD.test(value)) return [];
  if (INTEGER.test(value)) return smallerIntegers(BigInt(value)).map((n) => n.toString());
  return shorterValues(arg);
}

/** Fewer groups for a variadic command: only the first group, the first half, each group dropped. */
export function fewerElements(argv: readonly Arg[]): Arg[][] {
  const shape = variadicShape(argv);
  if (shape === null) return [];
  const head = argv.slice(0, shape.fixed);
  const groups: Arg[][] = [];
  for (let at = shape.fixed; at < argv.length; at += shape.group)
    groups.push(argv.slice(at, at + shape.group));
  const out: Arg[][] = [[...head, ...(groups[0] ?? [])]];
  if (groups.length > 3) out.push([...head, ...groups.slice(0, Math.ceil(groups.length / 2)).flat()]);
  for (let drop = 0; drop < groups.length && groups.length > 2; drop++) {
    out.push([...head, ...groups.filter((_, i) => i !== drop).flat()]);
  }
  return out;
}

/** Every simpler argv for one command, fewer elements first, then argument by argument. */
export function simplerArgvs(argv: readonly Arg[]): Arg[][] {
  const out = fewerElements(argv);
  for (let position = 1; position < argv.length; position++) {
    for (const simpler of simplerArg(argv[position] as Arg, position)) {
      const next = argv.slice();
      next[position] = simpler;
      out.push(next);
    }
  }
  return out;
}
