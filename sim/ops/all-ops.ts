/**
 * Every command generator: one OpSpec per command the model and redlite serve, a lookup by
 * name, and per family. Each generator also emits, at a fraction of ctx.edgeRate, a wrong-arity
 * form of its command (the bare name, or one argument too many), so every arity error is
 * exercised.
 */
import type { Arg } from '../../redlite/reply.ts';
import { HASH_OPS } from './hashes.ts';
import { KEY_OPS } from './keys.ts';
import { LIST_OPS } from './lists.ts';
import { SET_OPS } from './sets.ts';
import { STRING_OPS } from './strings.ts';
import type { OpContext, OpFamily, OpSpec } from './types.ts';
import { ZSET_OPS } from './zsets.ts';

/** Share of edge cases that are a wrong-arity argv rather than the command's own edge forms. */
const WRONG_ARITY_SHARE = 0.1;

function withWrongArity(spec: OpSpec): OpSpec {
  return {
    ...spec,
    generate: (ctx: OpContext): Arg[] => {
      const argv = spec.generate(ctx);
      if (argv.length < 2 || !ctx.rng.chance(ctx.edgeRate * WRONG_ARITY_SHARE)) return argv;
      // The bare name is short of every command's arity but PING/DBSIZE/FLUSHDB; one extra
      // argument overflows every fixed arity. Cutting the argv elsewhere could leave a valid
      // but different command (SCAN without its COUNT), so it is not done.
      return ctx.rng.chance(0.5) ? argv.slice(0, 1) : [...argv, 'x'];
    },
  };
}

export const OPS: readonly OpSpec[] = [
  ...STRING_OPS,
  ...KEY_OPS,
  ...LIST_OPS,
  ...HASH_OPS,
  ...SET_OPS,
  ...ZSET_OPS,
].map(withWrongArity);

export const OPS_BY_NAME: ReadonlyMap<string, OpSpec> = new Map(OPS.map((spec) => [spec.name, spec]));

export class UnknownOpError extends Error {
  readonly opName: string;
  constructor(opName: string) {
    super(`unknown op ${JSON.stringify(opName)}; known: ${[...OPS_BY_NAME.keys()].join(', ')}`);
    this.name = 'UnknownOpError';
    this.opName = opName;
  }
}

/** The spec for a command name (any case), or UnknownOpError naming the known ones. */
export function opByName(name: string): OpSpec {
  const spec = OPS_BY_NAME.get(name.toUpperCase());
  if (spec === undefined) throw new UnknownOpError(name);
  return spec;
}

export function opsOfFamily(family: OpFamily): OpSpec[] {
  return OPS.filter((spec) => spec.family === family);
}

/** A command no Redis knows, for unknown-command checks (not part of OPS). */
export function unknownCommand(ctx: OpContext): Arg[] {
  return [ctx.rng.pick(['NOSUCHCMD', 'getx', 'ZRANGEX']), ...(ctx.rng.chance(0.5) ? [ctx.key(), 'a'] : [])];
}
