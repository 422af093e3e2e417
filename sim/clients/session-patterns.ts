/**
 * The connection-level patterns a simulated client may run instead of one plain command, as
 * scripts of commands it then sends one per op, with its think time between them (so other
 * clients' commands land in between):
 * - a MULTI…EXEC block of 1 to `queuedMax` commands from the op mix, sometimes DISCARDed,
 *   sometimes with a command Redis rejects while queueing (the EXEC then answers EXECABORT);
 * - a check-and-set: WATCH a key other clients are likely to touch, read it, then a MULTI that
 *   writes it (EXEC answers the nil array when the key changed);
 * - a SELECT, mostly among the first three databases, sometimes out of range;
 * - a blocking pop (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH) with a virtual timeout, on keys others
 *   push to or, sometimes, on a key nobody ever pushes to. Timeout 0 (forever) only in the fault
 *   phase, and only on shared keys: the liveness phase needs every wait to end.
 * Leaves out when a pattern starts (SimClient) and what the replies are (the world's business).
 */
import type { Arg } from '../../redlite/reply.ts';
import type { SessionMix } from '../config/WorldConfig.ts';
import type { OpContext } from '../ops/types.ts';
import type { OpMix } from './OpMix.ts';

/** A script, and how long a blocking pop may keep the client waiting (null: no wait). */
export interface SessionScript {
  readonly commands: Arg[][];
  /** The pop's timeout in ms (0: forever), for the client's pause and the timeout event. */
  readonly blockTimeoutMs: number | null;
}

/** Timeouts a blocking pop draws from, in seconds as clients write them. */
const TIMEOUTS = ['0.01', '0.05', '0.1', '0.25', '0.5', '1', '1.5', '2'] as const;

export function drawSessionScript(
  ctx: OpContext,
  mix: SessionMix,
  ops: OpMix,
  faultPhase: boolean,
): SessionScript | null {
  const rng = ctx.rng;
  if (rng.chance(mix.multiRate)) return { commands: multiBlock(ctx, mix, ops), blockTimeoutMs: null };
  if (rng.chance(mix.casRate)) return { commands: checkAndSet(ctx), blockTimeoutMs: null };
  if (rng.chance(mix.selectRate)) return { commands: [select(ctx)], blockTimeoutMs: null };
  if (rng.chance(mix.blockRate)) return blockingPop(ctx, faultPhase);
  return null;
}

function multiBlock(ctx: OpContext, mix: SessionMix, ops: OpMix): Arg[][] {
  const rng = ctx.rng;
  const commands: Arg[][] = [['MULTI']];
  const count = rng.int(1, Math.max(1, mix.queuedMax));
  const errorAt = rng.chance(0.08) ? rng.int(0, count - 1) : -1;
  for (let i = 0; i < count; i++) {
    if (i === errorAt) commands.push(rng.chance(0.5) ? ['NOSUCHCOMMAND', ctx.key()] : ['GET']);
    commands.push(ops.pick(rng).generate(ctx));
  }
  commands.push([rng.chance(0.12) ? 'DISCARD' : 'EXEC']);
  return commands;
}

function checkAndSet(ctx: OpContext): Arg[][] {
  const rng = ctx.rng;
  const key = ctx.key();
  const commands: Arg[][] = [
    ['WATCH', key],
    [rng.chance(0.5) ? 'GET' : 'EXISTS', key],
  ];
  if (rng.chance(0.05)) return [...commands, ['UNWATCH']];
  commands.push(['MULTI'], rng.chance(0.7) ? ['SET', key, ctx.value()] : ['DEL', key]);
  if (rng.chance(0.3)) commands.push(['INCR', ctx.key()]);
  commands.push(['EXEC']);
  return commands;
}

function select(ctx: OpContext): Arg[] {
  const rng = ctx.rng;
  if (rng.chance(0.05)) return ['SELECT', rng.chance(0.5) ? '16' : 'x'];
  return ['SELECT', String(rng.chance(0.5) ? 0 : rng.int(1, 2))];
}

/** A key a blocking pop waits on: one nobody writes when the pop is lonely. */
function waitKey(ctx: OpContext, lonely: boolean): string {
  return lonely ? `nobody:${ctx.rng.int(0, 3)}` : ctx.key();
}

// The keys are drawn through a module function, not a closure made per pop
// (docs/architecture.md, "Closures on hot paths").
function blockingPop(ctx: OpContext, faultPhase: boolean): SessionScript {
  const rng = ctx.rng;
  const lonely = rng.chance(0.15);
  const forever = faultPhase && !lonely && rng.chance(0.15);
  const timeout = forever ? '0' : rng.pick(TIMEOUTS);
  const blockTimeoutMs = Math.ceil(Number(timeout) * 1000);
  const kind = rng.int(0, 5);
  let command: Arg[];
  if (kind <= 1)
    command = ['BLPOP', waitKey(ctx, lonely), ...(rng.chance(0.3) ? [waitKey(ctx, lonely)] : []), timeout];
  else if (kind <= 3)
    command = ['BRPOP', waitKey(ctx, lonely), ...(rng.chance(0.3) ? [waitKey(ctx, lonely)] : []), timeout];
  else if (kind === 4)
    command = [
      'BLMOVE',
      waitKey(ctx, lonely),
      ctx.key(),
      rng.pick(['LEFT', 'RIGHT']),
      rng.pick(['LEFT', 'RIGHT']),
      timeout,
    ];
  else command = ['BRPOPLPUSH', waitKey(ctx, lonely), ctx.key(), timeout];
  return { commands: [command], blockTimeoutMs };
}
