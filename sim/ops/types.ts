/**
 * The contract between command generators (sim/ops) and their users: the simulated clients,
 * which draw ops from a scenario's mix, and the differential tests, which draw every command.
 *
 * A generator is a pure function of its context: all randomness comes from `ctx.rng`, keys from
 * `ctx.key()`, values from `ctx.value()` and absolute times from `ctx.nowMs`.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { Rng } from '../random/Rng.ts';

/** The command families, which scenarios weight and which name the spec's invariants. */
export type OpFamily = 'strings' | 'keys' | 'lists' | 'hashes' | 'sets' | 'zsets' | 'server';

export interface OpContext {
  readonly rng: Rng;
  /** A key drawn from the world's key distribution (uniform, zipfian or hot key). */
  key(): string;
  /** A value drawn from the world's value profile: empty to large, binary bytes included. */
  value(): Buffer;
  /** The virtual time at which the op will run, for EXPIREAT/PEXPIREAT/EXAT/PXAT. */
  readonly nowMs: number;
  /**
   * Probability in [0, 1] that a generator emits an edge case: wrong arity, a non-integer
   * where an integer is expected, NaN/inf floats, out-of-range indexes, unknown options.
   * Simulated worlds use a small rate; differential tests a larger one.
   */
  readonly edgeRate: number;
  /** Probability in [0, 1] that a generator attaches or sets an expiry where it can. */
  readonly expiryRate: number;
}

export interface OpSpec {
  /** The Redis command name in upper case, such as `SET` or `ZRANGEBYSCORE`. */
  readonly name: string;
  readonly family: OpFamily;
  /** True when the command may change state (used for WATCH-style and durability accounting). */
  readonly write: boolean;
  generate(ctx: OpContext): Arg[];
}
