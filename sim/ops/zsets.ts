/**
 * Generators for the sorted-set commands: ZADD with its option combinations (bad ones at the
 * edge rate), scores as integers, decimals and infinities, score bounds with '(' and ±inf,
 * ranks with negative indexes, ZRANGE in each of its forms.
 */
import type { Arg } from '../../redlite/reply.ts';
import {
  edge,
  edgeFloat,
  element,
  elements,
  indexArg,
  integerArg,
  plainFloat,
  scoreBound,
  upperOrLower,
} from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function member(ctx: OpContext): Arg {
  return element(ctx, 'm');
}

function score(ctx: OpContext): string {
  if (ctx.rng.chance(0.05)) return ctx.rng.pick(['inf', '-inf', '+inf']);
  return ctx.rng.chance(0.5) ? String(ctx.rng.int(-10, 100)) : plainFloat(ctx);
}

function zaddOptions(ctx: OpContext): Arg[] {
  if (edge(ctx)) {
    return ctx.rng.pick([
      ['NX', 'XX'],
      ['GT', 'LT'],
      ['GT', 'LT', 'NX'],
      ['NX', 'GT'],
      ['INCR'],
      ['CH', 'CH'],
      ['BOGUS'],
    ]);
  }
  const options: Arg[] = [];
  const nx = ctx.rng.chance(0.1);
  if (nx) options.push(upperOrLower(ctx, 'NX'));
  else if (ctx.rng.chance(0.1)) options.push(upperOrLower(ctx, 'XX'));
  if (!nx) {
    const comparison = ctx.rng.int(0, 9);
    if (comparison === 0) options.push(upperOrLower(ctx, 'GT'));
    if (comparison === 1) options.push(upperOrLower(ctx, 'LT'));
  }
  if (ctx.rng.chance(0.15)) options.push(upperOrLower(ctx, 'CH'));
  if (ctx.rng.chance(0.1)) options.push(upperOrLower(ctx, 'INCR'));
  return options;
}

function zadd(ctx: OpContext): Arg[] {
  const options = zaddOptions(ctx);
  const pairs: Arg[] = [];
  const count = options.includes('INCR') || options.includes('incr') ? 1 : ctx.rng.int(1, 8);
  for (let i = 0; i < count; i++) pairs.push(score(ctx), member(ctx));
  // At most one edge per command: one bad score among the pairs, or a dangling score.
  if (edge(ctx)) {
    if (ctx.rng.chance(0.5)) pairs[2 * ctx.rng.int(0, count - 1)] = edgeFloat(ctx);
    else pairs.pop();
  }
  return ['ZADD', ctx.key(), ...options, ...pairs];
}

function zrange(ctx: OpContext): Arg[] {
  const key = ctx.key();
  const withScores = ctx.rng.chance(0.4) ? ['WITHSCORES'] : [];
  const byScore = ctx.rng.chance(0.4);
  const rev = ctx.rng.chance(0.3) ? ['REV'] : [];
  if (!byScore) {
    const tail = edge(ctx) ? ctx.rng.pick([['LIMIT', '0', '1'], ['BYLEX'], ['BOGUS'], ['REV', 'REV']]) : [];
    return ['ZRANGE', key, indexArg(ctx), indexArg(ctx), ...rev, ...withScores, ...tail];
  }
  const limit = ctx.rng.chance(0.3) ? ['LIMIT', integerArg(ctx, -1, 4), integerArg(ctx, -1, 5)] : [];
  return ['ZRANGE', key, scoreBound(ctx), scoreBound(ctx), 'BYSCORE', ...rev, ...limit, ...withScores];
}

function popOp(name: string): OpSpec {
  return {
    name,
    family: 'zsets',
    write: true,
    generate: (ctx) => {
      if (edge(ctx))
        return [name, ctx.key(), ctx.rng.pick(['-1', 'abc', '0']), ...(ctx.rng.chance(0.3) ? ['x'] : [])];
      return ctx.rng.chance(0.5) ? [name, ctx.key()] : [name, ctx.key(), String(ctx.rng.int(0, 5))];
    },
  };
}

export const ZSET_OPS: readonly OpSpec[] = [
  { name: 'ZADD', family: 'zsets', write: true, generate: zadd },
  {
    name: 'ZREM',
    family: 'zsets',
    write: true,
    generate: (ctx) => ['ZREM', ctx.key(), ...elements(ctx, 'm', 4)],
  },
  { name: 'ZSCORE', family: 'zsets', write: false, generate: (ctx) => ['ZSCORE', ctx.key(), member(ctx)] },
  {
    name: 'ZINCRBY',
    family: 'zsets',
    write: true,
    generate: (ctx) => ['ZINCRBY', ctx.key(), edge(ctx) ? edgeFloat(ctx) : score(ctx), member(ctx)],
  },
  { name: 'ZCARD', family: 'zsets', write: false, generate: (ctx) => ['ZCARD', ctx.key()] },
  {
    name: 'ZCOUNT',
    family: 'zsets',
    write: false,
    generate: (ctx) => ['ZCOUNT', ctx.key(), scoreBound(ctx), scoreBound(ctx)],
  },
  { name: 'ZRANK', family: 'zsets', write: false, generate: (ctx) => ['ZRANK', ctx.key(), member(ctx)] },
  {
    name: 'ZREVRANK',
    family: 'zsets',
    write: false,
    generate: (ctx) => ['ZREVRANK', ctx.key(), member(ctx)],
  },
  { name: 'ZRANGE', family: 'zsets', write: false, generate: zrange },
  {
    name: 'ZRANGEBYSCORE',
    family: 'zsets',
    write: false,
    generate: (ctx) => {
      const argv: Arg[] = ['ZRANGEBYSCORE', ctx.key(), scoreBound(ctx), scoreBound(ctx)];
      if (ctx.rng.chance(0.4)) argv.push('WITHSCORES');
      if (ctx.rng.chance(0.3)) argv.push('LIMIT', integerArg(ctx, -1, 4), integerArg(ctx, -1, 5));
      if (edge(ctx)) argv.push(ctx.rng.pick(['REV', 'BYSCORE', 'LIMIT']));
      return argv;
    },
  },
  {
    name: 'ZREVRANGE',
    family: 'zsets',
    write: false,
    generate: (ctx) => [
      'ZREVRANGE',
      ctx.key(),
      indexArg(ctx),
      indexArg(ctx),
      ...(ctx.rng.chance(0.4) ? ['WITHSCORES'] : []),
    ],
  },
  {
    name: 'ZREMRANGEBYRANK',
    family: 'zsets',
    write: true,
    generate: (ctx) => ['ZREMRANGEBYRANK', ctx.key(), indexArg(ctx), indexArg(ctx)],
  },
  {
    name: 'ZREMRANGEBYSCORE',
    family: 'zsets',
    write: true,
    generate: (ctx) => ['ZREMRANGEBYSCORE', ctx.key(), scoreBound(ctx), scoreBound(ctx)],
  },
  popOp('ZPOPMIN'),
  popOp('ZPOPMAX'),
];
