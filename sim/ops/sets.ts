/**
 * Generators for the set commands: members from a small domain (m0..m11, sometimes any
 * value), variadic SADD/SREM of 1..8 members, SPOP with and without a count, multi-key
 * SINTER/SUNION/SDIFF over several ctx.key() draws.
 */
import type { Arg } from '../../redlite/reply.ts';
import { edge, element, elements, keys } from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function member(ctx: OpContext): Arg {
  return element(ctx, 'm');
}

function combineOp(name: string): OpSpec {
  return { name, family: 'sets', write: false, generate: (ctx) => [name, ...keys(ctx, 4)] };
}

export const SET_OPS: readonly OpSpec[] = [
  {
    name: 'SADD',
    family: 'sets',
    write: true,
    generate: (ctx) => ['SADD', ctx.key(), ...elements(ctx, 'm')],
  },
  {
    name: 'SREM',
    family: 'sets',
    write: true,
    generate: (ctx) => ['SREM', ctx.key(), ...elements(ctx, 'm', 4)],
  },
  { name: 'SMEMBERS', family: 'sets', write: false, generate: (ctx) => ['SMEMBERS', ctx.key()] },
  {
    name: 'SISMEMBER',
    family: 'sets',
    write: false,
    generate: (ctx) => ['SISMEMBER', ctx.key(), member(ctx)],
  },
  { name: 'SCARD', family: 'sets', write: false, generate: (ctx) => ['SCARD', ctx.key()] },
  {
    name: 'SPOP',
    family: 'sets',
    write: true,
    generate: (ctx) => {
      if (edge(ctx))
        return [
          'SPOP',
          ctx.key(),
          ctx.rng.pick(['-1', 'abc', '0', '1']),
          ...(ctx.rng.chance(0.5) ? ['x'] : []),
        ];
      if (ctx.rng.chance(0.5)) return ['SPOP', ctx.key()];
      return ['SPOP', ctx.key(), String(ctx.rng.int(0, 6))];
    },
  },
  {
    name: 'SMOVE',
    family: 'sets',
    write: true,
    generate: (ctx) => ['SMOVE', ctx.key(), ctx.key(), member(ctx)],
  },
  combineOp('SINTER'),
  combineOp('SUNION'),
  combineOp('SDIFF'),
];
