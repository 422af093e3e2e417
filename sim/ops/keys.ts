/**
 * Generators for the keyspace commands and the server ones (DBSIZE, FLUSHDB, PING, ECHO).
 * Absolute expiry times are relative to ctx.nowMs, sometimes in the past. SCAN always asks for
 * a COUNT of at least 10000 so one call completes and replies are comparable.
 */
import type { Arg } from '../../redlite/reply.ts';
import { absoluteMs, edge, edgeExpire, keys, relativeTtlMs, upperOrLower } from './draw.ts';
import type { OpContext, OpSpec } from './types.ts';

function expireFlags(ctx: OpContext): Arg[] {
  if (edge(ctx))
    return ctx.rng.pick([['NX', 'XX'], ['GT', 'LT'], ['NX', 'GT'], ['BOGUS'], ['nx', 'nx'], ['XX', 'GT']]);
  if (!ctx.rng.chance(0.3)) return [];
  return [upperOrLower(ctx, ctx.rng.pick(['NX', 'XX', 'GT', 'LT']))];
}

function expireOp(name: string, amount: (ctx: OpContext) => number): OpSpec {
  return {
    name,
    family: 'keys',
    write: true,
    generate: (ctx) => {
      const when = edge(ctx) ? edgeExpire(ctx) : String(amount(ctx));
      return [name, ctx.key(), when, ...expireFlags(ctx)];
    },
  };
}

const PATTERNS = [
  '*',
  'k*',
  '*1',
  'k?',
  '[a-k]*',
  '*[0-9]',
  'k[^1]*',
  '\\k*',
  '*x*',
  '',
  '[',
  'k[',
  '?*?',
  'h*',
];

function pattern(ctx: OpContext): string {
  return ctx.rng.chance(0.3) ? ctx.key() : ctx.rng.pick(PATTERNS);
}

function scanArgs(ctx: OpContext): Arg[] {
  if (edge(ctx)) {
    return ctx.rng.pick([
      ['abc'],
      ['0', 'COUNT', '0'],
      ['0', 'COUNT', '-1'],
      ['0', 'MATCH'],
      ['0', 'BOGUS', 'x'],
      [' 0', 'COUNT', '10000'],
    ]);
  }
  const argv: Arg[] = ['0', 'COUNT', String(ctx.rng.int(10000, 20000))];
  if (ctx.rng.chance(0.4)) argv.push('MATCH', pattern(ctx));
  if (ctx.rng.chance(0.3))
    argv.push('TYPE', ctx.rng.pick(['string', 'list', 'hash', 'set', 'zset', 'none', 'HASH']));
  return argv;
}

export const KEY_OPS: readonly OpSpec[] = [
  { name: 'DEL', family: 'keys', write: true, generate: (ctx) => ['DEL', ...keys(ctx, 4)] },
  { name: 'EXISTS', family: 'keys', write: false, generate: (ctx) => ['EXISTS', ...keys(ctx, 4)] },
  { name: 'TYPE', family: 'keys', write: false, generate: (ctx) => ['TYPE', ctx.key()] },
  expireOp('EXPIRE', (ctx) =>
    ctx.rng.chance(0.1) ? -ctx.rng.int(0, 10) : Math.ceil(relativeTtlMs(ctx) / 1000),
  ),
  expireOp('PEXPIRE', (ctx) => (ctx.rng.chance(0.1) ? -ctx.rng.int(0, 10) : relativeTtlMs(ctx))),
  expireOp('EXPIREAT', (ctx) => Math.ceil(absoluteMs(ctx) / 1000)),
  expireOp('PEXPIREAT', (ctx) => absoluteMs(ctx)),
  { name: 'TTL', family: 'keys', write: false, generate: (ctx) => ['TTL', ctx.key()] },
  { name: 'PTTL', family: 'keys', write: false, generate: (ctx) => ['PTTL', ctx.key()] },
  { name: 'PERSIST', family: 'keys', write: true, generate: (ctx) => ['PERSIST', ctx.key()] },
  { name: 'RENAME', family: 'keys', write: true, generate: (ctx) => ['RENAME', ctx.key(), ctx.key()] },
  { name: 'RENAMENX', family: 'keys', write: true, generate: (ctx) => ['RENAMENX', ctx.key(), ctx.key()] },
  { name: 'KEYS', family: 'keys', write: false, generate: (ctx) => ['KEYS', pattern(ctx)] },
  { name: 'SCAN', family: 'keys', write: false, generate: (ctx) => ['SCAN', ...scanArgs(ctx)] },
  {
    name: 'DBSIZE',
    family: 'server',
    write: false,
    generate: (ctx) => (edge(ctx) ? ['DBSIZE', 'extra'] : ['DBSIZE']),
  },
  {
    name: 'FLUSHDB',
    family: 'server',
    write: true,
    generate: (ctx) => {
      if (edge(ctx)) return ['FLUSHDB', ctx.rng.pick(['BOGUS', 'SYNC'])];
      return ctx.rng.chance(0.5) ? ['FLUSHDB'] : ['FLUSHDB', ctx.rng.pick(['SYNC', 'ASYNC', 'async'])];
    },
  },
  {
    name: 'PING',
    family: 'server',
    write: false,
    generate: (ctx) => {
      if (edge(ctx)) return ['PING', 'a', 'b'];
      return ctx.rng.chance(0.5) ? ['PING'] : ['PING', ctx.value()];
    },
  },
  { name: 'ECHO', family: 'server', write: false, generate: (ctx) => ['ECHO', ctx.value()] },
];
