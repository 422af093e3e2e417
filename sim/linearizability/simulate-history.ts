/**
 * Linearizable histories by construction, for the checker's tests and benchmark: simulated
 * clients issue overlapping operations against one reference model, each operation taking
 * effect at a seeded random instant inside its interval (its real linearization point), with
 * the model's clock at that instant. Some operations never return (a crash cut them off); those
 * take effect at a random instant after their invoke, or not at all.
 *
 * Whatever the seed, the result is linearizable: the points give the order and the times. A
 * checker that rejects one is wrong. It is a pure function of its options.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { Model } from '../model/index.ts';
import { Rng } from '../random/index.ts';
import type { History, HistoryOp } from './history.ts';
import { SearchClock } from './SearchClock.ts';

export interface SimulateOptions {
  readonly seed: bigint;
  readonly clients: number;
  readonly opsMax: number;
  /** The command a client sends at `invokeMs` (EXPIREAT and friends need the time). */
  readonly draw: (rng: Rng, invokeMs: number) => Arg[];
  /** Longest interval between an operation's invoke and its return. */
  readonly latencyMsMax: number;
  /** Longest pause between a client's return and its next invoke. */
  readonly thinkMsMax: number;
  /** Chance in [0, 1] that an operation never returns. */
  readonly crashRate: number;
  readonly startMs: number;
}

export class SimulateOptionError extends Error {
  constructor(option: string, value: number) {
    super(`invalid simulate option ${option}: ${value}`);
    this.name = 'SimulateOptionError';
  }
}

interface Planned {
  readonly id: number;
  readonly process: number;
  readonly invokeMs: number;
  readonly returnMs: number | null;
  readonly argv: Arg[];
  /** When it takes effect; null for a crashed operation that never does. */
  readonly pointMs: number | null;
}

export function simulateHistory(options: SimulateOptions): History {
  validate(options);
  const rng = new Rng(options.seed);
  const nextInvokeMs = Array.from(
    { length: options.clients },
    () => options.startMs + rng.int(0, options.thinkMsMax),
  );
  const planned: Planned[] = [];
  for (let id = 0; id < options.opsMax; id++) {
    const process = earliestClient(nextInvokeMs);
    const invokeMs = nextInvokeMs[process] as number;
    const argv = options.draw(rng, invokeMs);
    const latencyMs = rng.int(0, options.latencyMsMax);
    if (rng.chance(options.crashRate)) {
      const pointMs = rng.chance(0.5) ? invokeMs + rng.int(0, 2 * options.latencyMsMax) : null;
      planned.push({ id, process, invokeMs, returnMs: null, argv, pointMs });
    } else {
      const returnMs = invokeMs + latencyMs;
      planned.push({ id, process, invokeMs, returnMs, argv, pointMs: rng.int(invokeMs, returnMs) });
    }
    nextInvokeMs[process] = invokeMs + latencyMs + rng.int(0, options.thinkMsMax);
  }
  const replies = applyAtPoints(planned, options.startMs);
  const ops: HistoryOp[] = planned.map((op) => ({
    id: op.id,
    process: op.process,
    invokeMs: op.invokeMs,
    returnMs: op.returnMs,
    commands: [op.argv],
    txn: false,
    status: op.returnMs === null ? 'unknown' : 'ok',
    reply: op.returnMs === null ? null : (replies.get(op.id) as Reply),
  }));
  return { clock: 'virtual', ops };
}

function validate(options: SimulateOptions): void {
  const counts: [string, number][] = [
    ['clients', options.clients],
    ['opsMax', options.opsMax],
    ['latencyMsMax', options.latencyMsMax],
    ['thinkMsMax', options.thinkMsMax],
    ['startMs', options.startMs],
  ];
  for (const [name, value] of counts) {
    if (!(Number.isSafeInteger(value) && value >= (name === 'clients' ? 1 : 0)))
      throw new SimulateOptionError(name, value);
  }
  if (!(options.crashRate >= 0 && options.crashRate <= 1))
    throw new SimulateOptionError('crashRate', options.crashRate);
}

function earliestClient(nextInvokeMs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < nextInvokeMs.length; i++)
    if ((nextInvokeMs[i] as number) < (nextInvokeMs[best] as number)) best = i;
  return best;
}

/** Runs every operation that takes effect on one model, in point order (ties by id). */
function applyAtPoints(planned: readonly Planned[], startMs: number): Map<number, Reply> {
  const clock = new SearchClock(startMs);
  const model = new Model({ clock });
  const replies = new Map<number, Reply>();
  const effective = planned.filter((op) => op.pointMs !== null);
  effective.sort((a, b) => (a.pointMs as number) - (b.pointMs as number) || a.id - b.id);
  for (const op of effective) {
    clock.set(op.pointMs as number);
    replies.set(op.id, model.exec(op.argv));
  }
  return replies;
}
