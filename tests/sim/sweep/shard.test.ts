/**
 * Deterministic sharding: shard i of n runs exactly the seed indexes congruent to i, the shard
 * can come from --shard or from JOB_COMPLETION_INDEX with a total, and two shards of 40 seeds,
 * merged, give the same seed results as one run of 80.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDurationMs } from '../../../sim/duration.ts';
import { mergeReports } from '../../../sim/report/merge-reports.ts';
import { runSeed } from '../../../sim/run.ts';
import { SeedPlan } from '../../../sim/sweep/SeedPlan.ts';
import { parseShard, resolveShard, ShardError, shardSeedCount } from '../../../sim/sweep/shard.ts';
import { SHARD_TEST_RUNNER, sweepWith, tempDir } from '../../support/sweep-harness.ts';

function planIndexes(
  from: bigint,
  seeds: number | null,
  index: number,
  count: number,
  limit = 10_000,
): number[] {
  const plan = new SeedPlan(from, seeds, { index, count });
  const out: number[] = [];
  for (let next = plan.next(); next !== null && out.length < limit; next = plan.next()) {
    expect(next.seed).toBe(from + BigInt(next.index));
    out.push(next.index);
  }
  return out;
}

describe('shards', () => {
  it('partitions the seed indexes: disjoint, complete, each shard i the indexes equal to i mod n', () => {
    for (const seeds of [1, 7, 40, 81]) {
      for (const count of [1, 2, 3, 8]) {
        const all: number[] = [];
        for (let index = 0; index < count; index++) {
          const mine = planIndexes(5n, seeds, index, count);
          expect(mine.every((i) => i % count === index)).toBe(true);
          expect(mine.length).toBe(shardSeedCount(seeds, { index, count }));
          all.push(...mine);
        }
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: seeds }, (_, i) => i));
      }
    }
  });

  it('stops at the top of the seed range', () => {
    expect(planIndexes((1n << 64n) - 3n, null, 0, 1)).toEqual([0, 1, 2]);
  });

  it('parses --shard and the Kubernetes environment, refusing bad values with a clear message', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(() => parseShard('8/8')).toThrow(/not below the count 8/);
    expect(() => parseShard('1-4')).toThrow(ShardError);
    expect(resolveShard({ env: {} })).toEqual({ index: 0, count: 1 });
    expect(resolveShard({ env: { JOB_COMPLETION_INDEX: '2', VOPR_SHARDS: '5' } })).toEqual({
      index: 2,
      count: 5,
    });
    expect(resolveShard({ shards: 4, env: { JOB_COMPLETION_INDEX: '3' } })).toEqual({ index: 3, count: 4 });
    expect(resolveShard({ shard: '1/2', env: { JOB_COMPLETION_INDEX: '3', VOPR_SHARDS: '4' } })).toEqual({
      index: 1,
      count: 2,
    });
    expect(() => resolveShard({ env: { JOB_COMPLETION_INDEX: '1' } })).toThrow(
      /--shards N or set VOPR_SHARDS/,
    );
    expect(() => resolveShard({ shards: 3, env: {} })).toThrow(/JOB_COMPLETION_INDEX/);
    expect(() => resolveShard({ shards: 3, env: { JOB_COMPLETION_INDEX: '3' } })).toThrow(/not below/);
  });

  it('parses durations', () => {
    expect(parseDurationMs('--time', '90s')).toBe(90_000);
    expect(parseDurationMs('--time', '10m')).toBe(600_000);
    expect(parseDurationMs('--time', '1h')).toBe(3_600_000);
    expect(parseDurationMs('--time', '45')).toBe(45_000);
    expect(parseDurationMs('--time', '250ms')).toBe(250);
    expect(() => parseDurationMs('--time', '10 minutes')).toThrow(/--time: invalid duration "10 minutes"/);
    expect(() => parseDurationMs('--seed-timeout', '0')).toThrow(/--seed-timeout/);
  });

  it('two shards of 40 seeds, merged, equal one run of 80', async () => {
    const dir = tempDir('shards');
    const world = { seeds: 80, ops: 30, workers: 2 };
    const shard0 = await sweepWith(SHARD_TEST_RUNNER, { ...world, shard: '0/2', traceDir: join(dir, 's0') });
    const shard1 = await sweepWith(
      SHARD_TEST_RUNNER,
      { ...world, traceDir: join(dir, 's1') },
      {
        JOB_COMPLETION_INDEX: '1',
        VOPR_SHARDS: '2',
      },
    );
    const whole = await sweepWith(SHARD_TEST_RUNNER, { ...world, traceDir: join(dir, 'all') });
    expect(shard0.report.totals.seeds).toBe(40);
    expect(shard1.report.totals.seeds).toBe(40);
    expect(shard0.report.results.every((r) => r.index % 2 === 0)).toBe(true);
    const merged = mergeReports([
      { path: 'shard0.json', report: shard0.report },
      { path: 'shard1.json', report: shard1.report },
    ]);
    expect(merged.warnings).toEqual([]);
    const key = (r: {
      seed: string;
      scenario: string;
      result: string;
      ops: number;
      virtual_ms: number;
      trace_hash: string | null;
    }) => [r.seed, r.scenario, r.result, r.ops, r.virtual_ms, r.trace_hash].join(' ');
    expect(merged.report.results.map(key)).toEqual(whole.report.results.map(key));
    expect(merged.report.totals).toEqual(whole.report.totals);
    expect(merged.report.scenarios).toEqual(whole.report.scenarios);
    expect(merged.report.probes).toEqual(whole.report.probes);
    expect(merged.report.signatures.map((s) => [s.signature, s.count])).toEqual(
      whole.report.signatures.map((s) => [s.signature, s.count]),
    );
    expect(merged.report.failures.map((f) => f.seed)).toEqual(whole.report.failures.map((f) => f.seed));
    // The sweep's records are the simulator's own results: one seed, run here directly, agrees.
    const direct = runSeed({ seed: 13n, opsMax: 30, logLevel: 'silent' });
    const swept = whole.report.results[13];
    expect([swept?.seed, swept?.scenario, swept?.result, swept?.trace_hash]).toEqual([
      '13',
      direct.scenario,
      direct.result,
      direct.trace_hash,
    ]);
    expect(new Set(whole.report.results.map((r) => r.scenario)).size).toBeGreaterThan(1);
    expect(whole.report.failures.filter((f) => f.kind === 'simulator-error')).toEqual([]);
    // Unsharded, the full sweep's options differ in the shard count, so it cannot be merged in.
    expect(() =>
      mergeReports([
        { path: 'a', report: whole.report },
        { path: 'b', report: shard0.report },
      ]),
    ).toThrow(/differ/);
  });
});
