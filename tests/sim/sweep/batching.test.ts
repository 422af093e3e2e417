/**
 * What batching must not change: workers hold queues of seeds and report probe hits only now
 * and then, yet every seed runs exactly once, in its worker's queue order, and the report's
 * probe counts, simulated-to-real time and the parent's CPU figure add up exactly.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simToRealRatio } from '../../../sim/report/sim-to-real.ts';
import { queueDepth } from '../../../sim/sweep/Sweep.ts';
import { runnerPath, sweepWith, tempDir } from '../../support/sweep-harness.ts';
import { runSeed as standIn } from '../../support/sweep-stand-in.ts';

const SEEDS = 150;
const OPS = 20;

describe('sweep batching', () => {
  it('sizes a queue to the seed time, within its bounds', () => {
    expect(queueDepth(null)).toBe(2);
    expect(queueDepth(5_000)).toBe(2);
    expect(queueDepth(10)).toBe(20);
    expect(queueDepth(0.001)).toBe(64);
  });

  it('runs every seed once, in queue order per worker, and adds up probes, time and parent CPU', async () => {
    const run = await sweepWith(runnerPath('stand-in'), {
      seeds: SEEDS,
      ops: OPS,
      workers: 2,
      traceDir: join(tempDir('batching'), 'traces'),
    });
    const { report } = run;
    expect(report.results.map((r) => r.index)).toEqual(Array.from({ length: SEEDS }, (_, i) => i));
    for (const workerId of new Set(run.outcomes.map((o) => o.workerId))) {
      const order = run.outcomes.filter((o) => o.workerId === workerId).map((o) => o.record.index);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }

    const probes: Record<string, number> = {};
    for (let seed = 0n; seed < BigInt(SEEDS); seed++) {
      for (const [name, hits] of Object.entries(standIn({ seed, opsMax: OPS }).probes))
        probes[name] = (probes[name] ?? 0) + hits;
    }
    expect(report.probes).toEqual(probes);

    const time = new Map<string, { virtual_ms: number; wall_ms: number }>();
    for (const record of report.results) {
      const sums = time.get(record.scenario) ?? { virtual_ms: 0, wall_ms: 0 };
      sums.virtual_ms += record.virtual_ms;
      sums.wall_ms += record.wall_ms;
      time.set(record.scenario, sums);
    }
    expect(Object.keys(report.sim_to_real).sort()).toEqual([...time.keys()].sort());
    for (const [scenario, sums] of time) {
      expect(report.sim_to_real[scenario]).toEqual({
        ...sums,
        ratio: simToRealRatio(sums.virtual_ms, sums.wall_ms),
      });
    }

    const parentCpuMs = report.shards[0]?.parent_cpu_ms ?? 0;
    expect(parentCpuMs).toBeGreaterThan(0);
    expect(report.parent_cpu_s_per_1000_seeds).toBeCloseTo(parentCpuMs / SEEDS, 1);
  });
});
