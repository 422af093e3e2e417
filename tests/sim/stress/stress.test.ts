/**
 * The stress machinery: latency corrections follow recordCorrectedValue (a stall also counts
 * the commands held behind it), the workloads know every expected reply and end state, and a
 * target that answers wrong is counted, so stress is never only a speed test. A stop lets the
 * measurement under way finish and skips the rest.
 */
import { describe, expect, it } from 'vitest';
import { Redlite } from '../../../redlite/index.ts';
import type { Reply } from '../../../redlite/reply.ts';
import { systemClock } from '../../../redlite/system-clock.ts';
import { inProcessTarget, type OracleTarget } from '../../../sim/oracle/targets.ts';
import type { Pacer } from '../../../sim/pacing.ts';
import { drive } from '../../../sim/stress/drive.ts';
import { LatencyRecorder } from '../../../sim/stress/latency.ts';
import { runStress, stressOptionsFrom } from '../../../sim/stress/run-stress.ts';
import type { StressVariant } from '../../../sim/stress/tests.ts';
import { stressVariants } from '../../../sim/stress/tests.ts';
import { stressWorkload } from '../../../sim/stress/workloads.ts';

const small: StressVariant = {
  test: 'large_values',
  label: '2048 B values',
  connections: 4,
  ops: 400,
  keys: 20,
  valueBytes: 2048,
};

function inProcess(wrap: (reply: Reply) => Reply = (reply) => reply) {
  const target = inProcessTarget(() => Redlite.open(':memory:', { clock: systemClock }));
  const wrapped: OracleTarget = { ...target, send: async (argv) => wrap(await target.send(argv)) };
  return {
    concurrent: false,
    connect: async (count: number) => Array.from({ length: count }, () => wrapped),
  };
}

describe('latency', () => {
  it('records a stall with the values of the commands held behind it', () => {
    const recorder = new LatencyRecorder(1);
    for (let i = 0; i < 98; i++) recorder.record(1);
    recorder.record(10);
    const summary = recorder.summary();
    expect(summary.samples).toBe(99 + 9);
    expect(summary.raw_p99_ms).toBeLessThan(summary.p99_ms);
    expect(summary.max_ms).toBeGreaterThanOrEqual(9.9);
  });
});

describe('stress workloads', () => {
  it('drive a target and read back the expected end state', async () => {
    const result = await drive(small, stressWorkload(small, 1n), inProcess());
    expect(result.ops).toBe(400);
    expect(result.mismatches).toBe(0);
    expect(result.verified).toBeGreaterThan(0);
    expect(result.ops_per_s).toBeGreaterThan(0);
  });

  it('count every wrong reply: a target whose values lose their last byte', async () => {
    const truncating = (reply: Reply): Reply =>
      reply.type === 'bulk' && reply.value !== null && reply.value.length > 100
        ? { type: 'bulk', value: reply.value.subarray(0, reply.value.length - 1) }
        : reply;
    const result = await drive(small, stressWorkload(small, 1n), inProcess(truncating));
    expect(result.mismatches).toBeGreaterThan(0);
    expect(result.examples[0]).toMatch(/^GET c\d+:k\d+: expected 2048 bytes/);
  });

  it('know the INCR total of every hot key', async () => {
    const hot = stressVariants(false, 'hot_key_contention')[0] as StressVariant;
    const variant = { ...hot, connections: 5, ops: 500 };
    const lostIncr = (reply: Reply): Reply =>
      reply.type === 'bulk' && reply.value !== null ? { type: 'bulk', value: Buffer.from('1') } : reply;
    expect((await drive(variant, stressWorkload(variant, 1n), inProcess())).mismatches).toBe(0);
    expect((await drive(variant, stressWorkload(variant, 1n), inProcess(lostIncr))).mismatches).toBe(10);
  });

  it('scale down by default and keep the spec sizes for --full', () => {
    const full = stressVariants(true, null);
    expect(full.filter((v) => v.test === 'high_connection_count').map((v) => v.connections)).toEqual([
      10, 100, 1000,
    ]);
    expect(full.filter((v) => v.test === 'large_key_space').map((v) => v.keys)).toEqual([
      1000, 100_000, 1_000_000,
    ]);
    expect(full.filter((v) => v.test === 'large_values').map((v) => v.valueBytes)).toEqual([
      1024, 10_240, 102_400,
    ]);
    const scaled = stressVariants(false, null);
    expect(Math.max(...scaled.map((v) => v.ops))).toBeLessThan(Math.max(...full.map((v) => v.ops)));
  });
});

describe('stress under a stop', () => {
  it('finishes the measurement under way, skips what is left, and says what stopped it', {
    timeout: 120_000,
  }, async () => {
    // The stop arrives after the first measurement (redlite-server), before the in-process one.
    let asked = 0;
    const pacer: Pacer = { turn: () => null, stopReason: () => (++asked > 1 ? 'SIGTERM' : null) };
    const options = stressOptionsFrom({ test: 'hot_key_contention', seed: 1n });
    const run = await runStress(options, {}, pacer);
    expect(run.stoppedBy).toBe('SIGTERM');
    expect(run.report.checks.map((check) => [check.status, check.skip_reason])).toEqual([
      ['skip', 'stopped by SIGTERM after measuring redlite-server'],
    ]);
    const measured = run.report.data.measurements as { target: string; mismatches: number }[];
    expect(measured.map((m) => [m.target, m.mismatches])).toEqual([['redlite-server', 0]]);
    expect(run.report.data).toMatchObject({ complete: false, stopped_by: 'SIGTERM' });
  });
});
