/**
 * Generators for the string commands. Values come from ctx.value(); INCR-family targets are
 * sometimes written with integer or float text first by SET, so arithmetic meets both numbers
 * and junk.
 */
import type { Arg } from '../../redlite/reply.ts';
import {
  absoluteMs,
  edge,
  edgeExpire,
  edgeFloat,
  edgeInteger,
  floatArg,
  integerArg,
  keys,
  relativeTtlMs,
  upperOrLower,
} from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function setExpiry(ctx: OpContext): Arg[] {
  if (edge(ctx)) return [ctx.rng.pick(['EX', 'PX', 'EXAT', 'PXAT']), edgeExpire(ctx)];
  const ttlMs = relativeTtlMs(ctx);
  switch (ctx.rng.int(0, 4)) {
    case 0:
      return ['EX', String(Math.ceil(ttlMs / 1000))];
    case 1:
      return ['PX', String(ttlMs)];
    case 2:
      return ['EXAT', String(Math.ceil(absoluteMs(ctx) / 1000))];
    case 3:
      return ['PXAT', String(absoluteMs(ctx))];
    default:
      return ['KEEPTTL'];
  }
}

function setOptions(ctx: OpContext): Arg[] {
  const options: Arg[] = [];
  if (ctx.rng.chance(ctx.expiryRate)) options.push(...setExpiry(ctx));
  const condition = ctx.rng.int(0, 9);
  if (condition === 0) options.push(upperOrLower(ctx, 'NX'));
  if (condition === 1) options.push(upperOrLower(ctx, 'XX'));
  if (ctx.rng.chance(0.1)) options.push(upperOrLower(ctx, 'GET'));
  if (edge(ctx)) {
    options.push(ctx.rng.pick(['NX', 'XX', 'KEEPTTL', 'EX', 'BOGUS', 'GET', 'PX']));
    return ctx.rng.shuffle(options);
  }
  return options;
}

/** A value for SET: usually drawn, sometimes numeric text so INCR/INCRBYFLOAT find numbers. */
function setValue(ctx: OpContext): Arg {
  const roll = ctx.rng.int(0, 9);
  if (roll === 0) return String(ctx.rng.int(-1000, 1000));
  if (roll === 1) return floatArg(ctx);
  if (roll === 2 && edge(ctx)) return edgeInteger(ctx);
  return ctx.value();
}

export const STRING_OPS: readonly OpSpec[] = [
  {
    name: 'SET',
    family: 'strings',
    write: true,
    generate: (ctx) => ['SET', ctx.key(), setValue(ctx), ...setOptions(ctx)],
  },
  { name: 'GET', family: 'strings', write: false, generate: (ctx) => ['GET', ctx.key()] },
  { name: 'GETDEL', family: 'strings', write: true, generate: (ctx) => ['GETDEL', ctx.key()] },
  { name: 'SETNX', family: 'strings', write: true, generate: (ctx) => ['SETNX', ctx.key(), setValue(ctx)] },
  {
    name: 'SETEX',
    family: 'strings',
    write: true,
    generate: (ctx) => [
      'SETEX',
      ctx.key(),
      edge(ctx) ? edgeExpire(ctx) : String(Math.ceil(relativeTtlMs(ctx) / 1000)),
      ctx.value(),
    ],
  },
  {
    name: 'PSETEX',
    family: 'strings',
    write: true,
    generate: (ctx) => [
      'PSETEX',
      ctx.key(),
      edge(ctx) ? edgeExpire(ctx) : String(relativeTtlMs(ctx)),
      ctx.value(),
    ],
  },
  { name: 'MGET', family: 'strings', write: false, generate: (ctx) => ['MGET', ...keys(ctx, 5)] },
  {
    name: 'MSET',
    family: 'strings',
    write: true,
    generate: (ctx) => {
      const argv: Arg[] = ['MSET'];
      for (const key of keys(ctx, 4)) argv.push(key, setValue(ctx));
      if (edge(ctx)) argv.push(ctx.key());
      return argv;
    },
  },
  { name: 'INCR', family: 'strings', write: true, generate: (ctx) => ['INCR', ctx.key()] },
  { name: 'DECR', family: 'strings', write: true, generate: (ctx) => ['DECR', ctx.key()] },
  {
    name: 'INCRBY',
    family: 'strings',
    write: true,
    generate: (ctx) => ['INCRBY', ctx.key(), integerArg(ctx, -1000, 1000)],
  },
  {
    name: 'DECRBY',
    family: 'strings',
    write: true,
    generate: (ctx) => ['DECRBY', ctx.key(), integerArg(ctx, -1000, 1000)],
  },
  {
    name: 'INCRBYFLOAT',
    family: 'strings',
    write: true,
    generate: (ctx) => ['INCRBYFLOAT', ctx.key(), edge(ctx) ? edgeFloat(ctx) : floatArg(ctx)],
  },
  { name: 'APPEND', family: 'strings', write: true, generate: (ctx) => ['APPEND', ctx.key(), ctx.value()] },
  { name: 'STRLEN', family: 'strings', write: false, generate: (ctx) => ['STRLEN', ctx.key()] },
  {
    name: 'GETRANGE',
    family: 'strings',
    write: false,
    generate: (ctx) => ['GETRANGE', ctx.key(), integerArg(ctx, -20, 20), integerArg(ctx, -20, 20)],
  },
  {
    name: 'SETRANGE',
    family: 'strings',
    write: true,
    generate: (ctx) => [
      'SETRANGE',
      ctx.key(),
      edge(ctx)
        ? ctx.rng.pick(['-1', '536870912', 'abc', '9223372036854775807'])
        : String(ctx.rng.int(0, 64)),
      ctx.value(),
    ],
  },
];
