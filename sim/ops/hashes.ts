/**
 * Generators for the hash commands: fields from a small domain (f0..f11, sometimes any value)
 * so writes and reads meet, HSET with 1..8 pairs, numeric fields for HINCRBY/HINCRBYFLOAT.
 */
import type { Arg } from '../../redlite/reply.ts';
import { edge, edgeFloat, element, elements, floatArg, integerArg } from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function field(ctx: OpContext): Arg {
  return element(ctx, 'f');
}

function fieldValue(ctx: OpContext): Arg {
  const roll = ctx.rng.int(0, 9);
  if (roll === 0) return String(ctx.rng.int(-100, 100));
  if (roll === 1) return floatArg(ctx);
  return ctx.value();
}

function pairs(ctx: OpContext): Arg[] {
  const out: Arg[] = [];
  const count = ctx.rng.int(1, 8);
  for (let i = 0; i < count; i++) out.push(field(ctx), fieldValue(ctx));
  if (edge(ctx)) out.pop();
  return out;
}

export const HASH_OPS: readonly OpSpec[] = [
  { name: 'HSET', family: 'hashes', write: true, generate: (ctx) => ['HSET', ctx.key(), ...pairs(ctx)] },
  { name: 'HMSET', family: 'hashes', write: true, generate: (ctx) => ['HMSET', ctx.key(), ...pairs(ctx)] },
  { name: 'HGET', family: 'hashes', write: false, generate: (ctx) => ['HGET', ctx.key(), field(ctx)] },
  {
    name: 'HMGET',
    family: 'hashes',
    write: false,
    generate: (ctx) => ['HMGET', ctx.key(), ...elements(ctx, 'f')],
  },
  { name: 'HGETALL', family: 'hashes', write: false, generate: (ctx) => ['HGETALL', ctx.key()] },
  {
    name: 'HDEL',
    family: 'hashes',
    write: true,
    generate: (ctx) => ['HDEL', ctx.key(), ...elements(ctx, 'f', 4)],
  },
  { name: 'HEXISTS', family: 'hashes', write: false, generate: (ctx) => ['HEXISTS', ctx.key(), field(ctx)] },
  { name: 'HLEN', family: 'hashes', write: false, generate: (ctx) => ['HLEN', ctx.key()] },
  { name: 'HKEYS', family: 'hashes', write: false, generate: (ctx) => ['HKEYS', ctx.key()] },
  { name: 'HVALS', family: 'hashes', write: false, generate: (ctx) => ['HVALS', ctx.key()] },
  {
    name: 'HINCRBY',
    family: 'hashes',
    write: true,
    generate: (ctx) => ['HINCRBY', ctx.key(), field(ctx), integerArg(ctx, -1000, 1000)],
  },
  {
    name: 'HINCRBYFLOAT',
    family: 'hashes',
    write: true,
    generate: (ctx) => ['HINCRBYFLOAT', ctx.key(), field(ctx), edge(ctx) ? edgeFloat(ctx) : floatArg(ctx)],
  },
  {
    name: 'HSETNX',
    family: 'hashes',
    write: true,
    generate: (ctx) => ['HSETNX', ctx.key(), field(ctx), fieldValue(ctx)],
  },
];
