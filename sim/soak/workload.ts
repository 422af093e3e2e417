/**
 * The soak workload: a steady-state mix over every family that redlite serves, where nothing
 * grows without bound (the key space is fixed, lists are trimmed after each push, members and
 * fields come from small sets, values are at most a few hundred bytes), so any growth a soak
 * measures belongs to the store, not to the data. Each op goes to the target and to the model
 * on one virtual clock that moves a fixed step per op, and every reply must equal the model's
 * (a thrown exception counts as a wrong reply): a soak is never only a memory test.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { sameReply } from '../checkers/same-reply.ts';
import { thrownMessage } from '../checkers/target-never-throws.ts';
import { formatArgv, formatReply } from '../format-reply.ts';
import type { Rng } from '../random/Rng.ts';
import type { Target } from '../run-types.ts';
import type { VirtualClock } from '../VirtualClock.ts';
import type { ModelPort } from '../world/model-port.ts';

export const SOAK_KEYS_PER_FAMILY = 200;
export const SOAK_LIST_LENGTH_MAX = 32;
export const SOAK_MEMBERS_MAX = 32;
export const SOAK_VALUE_BYTES_MAX = 256;

export interface SoakMismatch {
  readonly op: number;
  readonly argv: string;
  readonly expected: string;
  readonly actual: string;
}

type Draw = (rng: Rng) => Arg[][];

const TEXT = 'abcdefghijklmnopqrstuvwxyz0123456789';

function value(rng: Rng): string {
  const length = rng.int(1, SOAK_VALUE_BYTES_MAX);
  let out = '';
  for (let i = 0; i < length; i++) out += TEXT[rng.int(0, TEXT.length - 1)];
  return out;
}

const key = (rng: Rng, family: string): string => `soak:${family}:${rng.int(0, SOAK_KEYS_PER_FAMILY - 1)}`;
const member = (rng: Rng): string => `m${rng.int(0, SOAK_MEMBERS_MAX - 1)}`;

/** Each family's commands; a draw may be two commands (a push and its trim). */
const FAMILIES: readonly Draw[] = [
  (rng) => {
    const k = key(rng, 'string');
    switch (rng.int(0, 4)) {
      case 0:
        return [['SET', k, value(rng)]];
      case 1:
        return [['SET', k, value(rng), 'EX', String(rng.int(1, 60))]];
      case 2:
        return [['INCR', key(rng, 'counter')]];
      case 3:
        return [['DEL', k]];
      default:
        return [['GET', k]];
    }
  },
  (rng) => {
    const k = key(rng, 'hash');
    switch (rng.int(0, 3)) {
      case 0:
        return [['HSET', k, member(rng), value(rng)]];
      case 1:
        return [['HDEL', k, member(rng)]];
      case 2:
        return [['HGETALL', k]];
      default:
        return [['HGET', k, member(rng)]];
    }
  },
  (rng) => {
    const k = key(rng, 'list');
    switch (rng.int(0, 2)) {
      case 0:
        return [
          ['LPUSH', k, value(rng)],
          ['LTRIM', k, '0', String(SOAK_LIST_LENGTH_MAX - 1)],
        ];
      case 1:
        return [['RPOP', k]];
      default:
        return [['LRANGE', k, '0', '9']];
    }
  },
  (rng) => {
    const k = key(rng, 'set');
    switch (rng.int(0, 3)) {
      case 0:
        return [['SADD', k, member(rng)]];
      case 1:
        return [['SREM', k, member(rng)]];
      case 2:
        return [['SCARD', k]];
      default:
        return [['SISMEMBER', k, member(rng)]];
    }
  },
  (rng) => {
    const k = key(rng, 'zset');
    switch (rng.int(0, 3)) {
      case 0:
        return [['ZADD', k, String(rng.int(-1000, 1000)), member(rng)]];
      case 1:
        return [['ZREM', k, member(rng)]];
      case 2:
        return [['ZRANGE', k, '0', '9', 'WITHSCORES']];
      default:
        return [['ZSCORE', k, member(rng)]];
    }
  },
];

export class SoakWorkload {
  private readonly rng: Rng;
  private readonly clock: VirtualClock;
  private readonly stepMs: number;
  private readonly target: () => Target;
  private readonly model: ModelPort;
  private pending: Arg[][] = [];
  opsRun = 0;
  mismatches = 0;
  firstMismatch: SoakMismatch | null = null;

  /** `stepMs`: virtual time per op, so virtual time keeps pace with the target rate. */
  constructor(parts: {
    rng: Rng;
    clock: VirtualClock;
    stepMs: number;
    target: () => Target;
    model: ModelPort;
  }) {
    this.rng = parts.rng;
    this.clock = parts.clock;
    this.stepMs = parts.stepMs;
    this.target = parts.target;
    this.model = parts.model;
  }

  /** Runs `count` ops. */
  run(count: number): void {
    for (let i = 0; i < count; i++) {
      if (this.pending.length === 0) this.pending = (this.rng.pick(FAMILIES) as Draw)(this.rng);
      this.one(this.pending.shift() as Arg[]);
    }
  }

  private one(argv: Arg[]): void {
    this.clock.advanceTo(this.clock.now() + this.stepMs);
    let actual: Reply | null = null;
    let thrown: string | null = null;
    try {
      actual = this.target().exec(argv);
    } catch (error) {
      thrown = thrownMessage(formatArgv(argv), error);
    }
    const expected = this.model.exec(argv);
    this.opsRun++;
    if (actual !== null && sameReply(argv, actual, expected, (a, r) => this.model.normalizeReply(a, r)))
      return;
    this.mismatches++;
    this.firstMismatch ??= {
      op: this.opsRun,
      argv: formatArgv(argv),
      expected: formatReply(expected),
      actual: actual === null ? `(threw) ${thrown}` : formatReply(actual),
    };
  }
}
