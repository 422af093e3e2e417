/**
 * Generators for the list commands: variadic pushes of 1..8 elements, pops with and without a
 * count, ranges and indexes with negative values, LINSERT/LREM around elements that exist.
 */
import type { Arg } from '../../redlite/reply.ts';
import { edge, edgeInteger, element, elements, indexArg, integerArg, upperOrLower } from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function item(ctx: OpContext): Arg {
  return element(ctx, 'e');
}

function popOp(name: string): OpSpec {
  return {
    name,
    family: 'lists',
    write: true,
    generate: (ctx) => {
      if (edge(ctx))
        return [
          name,
          ctx.key(),
          ctx.rng.pick(['-1', 'abc', '0', '1', '2']),
          ...(ctx.rng.chance(0.3) ? ['x'] : []),
        ];
      if (ctx.rng.chance(0.6)) return [name, ctx.key()];
      return [name, ctx.key(), String(ctx.rng.int(0, 5))];
    },
  };
}

function pushOp(name: string): OpSpec {
  return { name, family: 'lists', write: true, generate: (ctx) => [name, ctx.key(), ...elements(ctx, 'e')] };
}

export const LIST_OPS: readonly OpSpec[] = [
  pushOp('LPUSH'),
  pushOp('RPUSH'),
  pushOp('LPUSHX'),
  pushOp('RPUSHX'),
  popOp('LPOP'),
  popOp('RPOP'),
  { name: 'LLEN', family: 'lists', write: false, generate: (ctx) => ['LLEN', ctx.key()] },
  {
    name: 'LRANGE',
    family: 'lists',
    write: false,
    generate: (ctx) => ['LRANGE', ctx.key(), indexArg(ctx), indexArg(ctx)],
  },
  { name: 'LINDEX', family: 'lists', write: false, generate: (ctx) => ['LINDEX', ctx.key(), indexArg(ctx)] },
  {
    name: 'LSET',
    family: 'lists',
    write: true,
    generate: (ctx) => ['LSET', ctx.key(), indexArg(ctx), item(ctx)],
  },
  {
    name: 'LINSERT',
    family: 'lists',
    write: true,
    generate: (ctx) => {
      const where = edge(ctx)
        ? ctx.rng.pick(['MIDDLE', ''])
        : upperOrLower(ctx, ctx.rng.pick(['BEFORE', 'AFTER']));
      return ['LINSERT', ctx.key(), where, item(ctx), item(ctx)];
    },
  },
  {
    name: 'LREM',
    family: 'lists',
    write: true,
    generate: (ctx) => ['LREM', ctx.key(), edge(ctx) ? edgeInteger(ctx) : integerArg(ctx, -3, 3), item(ctx)],
  },
  {
    name: 'LTRIM',
    family: 'lists',
    write: true,
    generate: (ctx) => ['LTRIM', ctx.key(), indexArg(ctx), indexArg(ctx)],
  },
];
