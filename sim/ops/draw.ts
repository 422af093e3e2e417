/**
 * Shared draws for the command generators: field and member names from small domains (so
 * commands collide on the same elements), integers and floats in their normal and edge forms,
 * indexes, expiry times. Every draw uses only the OpContext, so generation is a pure function
 * of the context's streams.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { OpContext } from './types.ts';

/**
 * An optional extension of OpContext: the smallest relative TTL a generator may draw. The
 * differential tests against a real Redis set it high, because there both sides read the wall
 * clock and a key expiring mid-run would expire at slightly different instants on each side.
 */
export interface TtlFloorContext extends OpContext {
  readonly ttlMsMin: number;
}

export function ttlMsMin(ctx: OpContext): number {
  return 'ttlMsMin' in ctx && typeof ctx.ttlMsMin === 'number' ? ctx.ttlMsMin : 0;
}

export function edge(ctx: OpContext): boolean {
  return ctx.rng.chance(ctx.edgeRate);
}

/** A field or member: mostly from a small named domain, sometimes a drawn value. */
export function element(ctx: OpContext, prefix: string): Arg {
  if (ctx.rng.chance(0.85)) return `${prefix}${ctx.rng.int(0, 11)}`;
  return ctx.value();
}

export function elements(ctx: OpContext, prefix: string, countMax = 8): Arg[] {
  const count = ctx.rng.int(1, countMax);
  const out: Arg[] = [];
  for (let i = 0; i < count; i++) out.push(element(ctx, prefix));
  return out;
}

export function keys(ctx: OpContext, countMax = 4): string[] {
  const count = ctx.rng.int(1, countMax);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(ctx.key());
  return out;
}

const EDGE_INTEGERS = [
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775806',
  '-9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '18446744073709551615',
  '4611686018427387904',
  '1.5',
  'abc',
  '',
  ' 1',
  '1 ',
  '+1',
  '01',
  '-0',
  '0x10',
  '1e3',
];

export function edgeInteger(ctx: OpContext): string {
  return ctx.rng.pick(EDGE_INTEGERS);
}

/** A small integer, as text: the normal argument of INCRBY, LINDEX, LREM and friends. */
export function smallInteger(ctx: OpContext, min = -20, max = 20): string {
  return String(ctx.rng.int(min, max));
}

/** An integer argument: small, or with probability edgeRate an edge form. */
export function integerArg(ctx: OpContext, min = -20, max = 20): string {
  return edge(ctx) ? edgeInteger(ctx) : smallInteger(ctx, min, max);
}

const EDGE_FLOATS = [
  'inf',
  '-inf',
  '+inf',
  'Infinity',
  'nan',
  'NaN',
  '1e309',
  '-1e309',
  '1e-400',
  '4.9e-324',
  '1.7976931348623157e308',
  '0x1p3',
  '',
  'abc',
  ' 1',
  '1e',
  '.5',
  '5.',
  '-0',
  '1e17',
  '9007199254740993',
  '0.1',
  '-0.0000001',
  '1e-20',
  '123456789012345678901234567890',
];

export function edgeFloat(ctx: OpContext): string {
  return ctx.rng.pick(EDGE_FLOATS);
}

/** A float argument in text: integers, short decimals, exponents; edge forms at edgeRate. */
export function floatArg(ctx: OpContext): string {
  return edge(ctx) ? edgeFloat(ctx) : plainFloat(ctx);
}

/** A valid float in text, never an edge form. */
export function plainFloat(ctx: OpContext): string {
  switch (ctx.rng.int(0, 4)) {
    case 0:
      return String(ctx.rng.int(-100, 100));
    case 1:
      return (ctx.rng.int(-10000, 10000) / 100).toString();
    case 2:
      return `${ctx.rng.int(1, 9)}.${ctx.rng.int(0, 99)}e${ctx.rng.int(-3, 3)}`;
    case 3:
      return (ctx.rng.int(-1000, 1000) / 8).toString();
    default:
      return ctx.rng.pick(['0.1', '0.2', '0.3', '1.1', '10.5', '-2.5', '3.0', '5.0e3', '2.0e2']);
  }
}

const EDGE_BOUNDS = [
  '-inf',
  '+inf',
  'inf',
  '(inf',
  '(-inf',
  '1e309',
  '(',
  '',
  'nan',
  'abc',
  '(abc',
  ' 1',
  '((1',
];

/** A ZCOUNT/ZRANGEBYSCORE bound: a score, sometimes '(' exclusive, infinities, edge forms. */
export function scoreBound(ctx: OpContext): string {
  if (edge(ctx)) return ctx.rng.pick(EDGE_BOUNDS);
  const roll = ctx.rng.int(0, 9);
  if (roll === 0) return '-inf';
  if (roll === 1) return '+inf';
  const value = String(ctx.rng.int(-10, 110) / (ctx.rng.chance(0.3) ? 4 : 1));
  return roll < 4 ? `(${value}` : value;
}

/** A list/zset index or range bound: small, negative from the end, sometimes far out. */
export function indexArg(ctx: OpContext): string {
  if (edge(ctx)) return edgeInteger(ctx);
  const roll = ctx.rng.int(0, 9);
  if (roll < 5) return String(ctx.rng.int(0, 10));
  if (roll < 9) return String(-ctx.rng.int(1, 10));
  return String(ctx.rng.pick([100, -100, 2147483647, -2147483648]));
}

/** A relative TTL in ms, at least the context's floor. */
export function relativeTtlMs(ctx: OpContext): number {
  const floor = ttlMsMin(ctx);
  // Above a floor, whole seconds from a wide range: two deadlines set a few ms apart on the
  // wall clock then almost never tie, so GT/LT comparisons cannot race the clock's tick.
  if (floor > 0) return floor + 1000 * ctx.rng.int(0, 100_000);
  return ctx.rng.pick([ctx.rng.int(1, 5000), ctx.rng.int(5000, 120_000), ctx.rng.int(120_000, 86_400_000)]);
}

/** An absolute expiry in ms: usually ahead of nowMs by a relative TTL, sometimes in the past. */
export function absoluteMs(ctx: OpContext): number {
  if (ctx.rng.chance(0.15)) return Math.max(1, ctx.nowMs - ctx.rng.int(1000, 86_400_000));
  return ctx.nowMs + relativeTtlMs(ctx);
}

const EDGE_EXPIRES = [
  '0',
  '-1',
  '-100',
  'abc',
  '1.5',
  '9223372036854775807',
  '-9223372036854775808',
  '9223372036854775',
];

export function edgeExpire(ctx: OpContext): string {
  return ctx.rng.pick(EDGE_EXPIRES);
}

export function upperOrLower(ctx: OpContext, word: string): string {
  return ctx.rng.chance(0.2) ? word.toLowerCase() : word;
}
