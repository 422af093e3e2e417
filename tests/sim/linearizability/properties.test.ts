/**
 * Properties over generated histories, with commands from every generator in sim/ops (edge
 * cases, binary values and expiry included):
 *
 * - a sequential history made by running the real model is always linearizable;
 * - changing any one reply of such a history (its times pinned, so only that reply can be
 *   wrong) is always caught;
 * - a concurrent history made by simulate-history (clients overlapping, each operation taking
 *   effect at a random instant inside its interval, some cut off by crashes) is always accepted.
 *
 * fast-check runs with a fixed seed, so a run is reproducible; a failure prints its
 * counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Arg, Reply } from '../../../redlite/reply.ts';
import {
  checkHistory,
  type History,
  type HistoryOp,
  reportLines,
  simulateHistory,
} from '../../../sim/linearizability/index.ts';
import { SearchClock } from '../../../sim/linearizability/SearchClock.ts';
import { Model } from '../../../sim/model/index.ts';
import { createTestOpContext, OPS } from '../../../sim/ops/index.ts';
import { Rng } from '../../../sim/random/index.ts';

const START_MS = 1_700_000_000_000;

function drawCommand(rng: Rng, nowMs: number): Arg[] {
  const ctx = createTestOpContext({ rng, keyCount: 3, nowMs, edgeRate: 0.05, expiryRate: 0.3 });
  return rng.pick(OPS).generate(ctx);
}

/**
 * `count` operations one after another, each applied to the model at a random instant of its
 * interval; with `pinned` every interval is a single millisecond.
 */
function sequentialHistory(seed: bigint, count: number, pinned: boolean): History {
  const rng = new Rng(seed);
  const clock = new SearchClock(START_MS);
  const model = new Model({ clock });
  const ops: HistoryOp[] = [];
  let nowMs = START_MS;
  for (let id = 0; id < count; id++) {
    const invokeMs = nowMs + rng.int(1, 20);
    const returnMs = pinned ? invokeMs : invokeMs + rng.int(0, 6);
    const argv = drawCommand(rng, invokeMs);
    clock.set(rng.int(invokeMs, returnMs));
    const reply = model.exec(argv);
    ops.push({
      id,
      process: rng.int(0, 3),
      invokeMs,
      returnMs,
      commands: [argv],
      txn: false,
      status: 'ok',
      reply,
    });
    nowMs = returnMs;
  }
  return { clock: 'virtual', ops };
}

/** A reply that differs from `reply` as normalised RESP2, whatever the command. */
function corrupted(reply: Reply): Reply {
  switch (reply.type) {
    case 'simple':
    case 'error':
      return { type: reply.type, value: `${reply.value}X` };
    case 'integer':
      return { type: 'integer', value: BigInt(reply.value) + 1n };
    case 'bulk':
      return { type: 'bulk', value: Buffer.concat([reply.value ?? Buffer.from('nil'), Buffer.from('X')]) };
    case 'array': {
      // Two items, not one: HGETALL's normalisation pairs items up and would drop a lone one.
      const extra: Reply[] = [
        { type: 'bulk', value: Buffer.from('X') },
        { type: 'bulk', value: Buffer.from('Y') },
      ];
      return { type: 'array', value: [...(reply.value ?? []), ...extra] };
    }
  }
}

function explain(history: History): string {
  return reportLines(checkHistory(history)).join('\n');
}

describe('generated histories', () => {
  it('accepts every sequential history the model produces', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 1, max: 60 }),
        (seed, count) => {
          const history = sequentialHistory(seed, count, false);
          expect(checkHistory(history).verdict, explain(history)).toBe('linearizable');
        },
      ),
      { seed: 1, numRuns: 150 },
    );
  });

  it('catches any single corrupted reply in a sequential history with pinned times', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        (seed, count, pick) => {
          const history = sequentialHistory(seed, count, true);
          const index = pick % count;
          const ops = history.ops.map((op, i) =>
            i === index ? { ...op, reply: corrupted(op.reply as Reply) } : op,
          );
          expect(checkHistory({ ...history, ops }).verdict).toBe('not-linearizable');
        },
      ),
      { seed: 2, numRuns: 150 },
    );
  });

  it('accepts every history of concurrent clients with real linearization points', () => {
    for (let seed = 1n; seed <= 200n; seed++) {
      const history = simulateHistory({
        seed,
        clients: 4,
        opsMax: 60,
        draw: drawCommand,
        latencyMsMax: 5,
        thinkMsMax: 3,
        crashRate: 0.05,
        startMs: START_MS,
      });
      const report = checkHistory(history, { limits: { stepsMax: 2_000_000 } });
      expect(report.verdict, `seed ${seed}\n${reportLines(report).join('\n')}`).toBe('linearizable');
    }
  });
});
