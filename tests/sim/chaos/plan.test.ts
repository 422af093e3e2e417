/**
 * The chaos plan and its judging: spec names and our kinds map through the one table, the
 * default plan lists a fault with no kind yet as skipped (never silently dropped), and a rule
 * passes only when its seeds passed and its recovery path was taken.
 */
import { describe, expect, it } from 'vitest';
import { chaosPlanFrom } from '../../../sim/chaos/plan.ts';
import { judgeChaos } from '../../../sim/chaos/recovery-rules.ts';
import { SpecFaultError } from '../../../sim/chaos/spec-faults.ts';
import type { SweepReport } from '../../../sim/report/types.ts';

function reportWith(probes: Record<string, number>, failed = 0): SweepReport {
  return {
    totals: { seeds: 10, passed: 10 - failed, failed, ops: 1000, virtual_ms: 0 },
    probes,
    failures:
      failed === 0
        ? []
        : [{ seed: '3', invariant: 'wal_durability', message: 'lost', replay: 'bin/vopr run --seed 3' }],
    wall_ms: 5,
  } as unknown as SweepReport;
}

describe('the chaos plan', () => {
  it('maps spec names and our kinds to fault kinds, once each', () => {
    const plan = chaosPlanFrom({ faults: 'disk_full,crash_mid_write,crash,power-loss' });
    expect(plan.kinds).toEqual(['disk-full', 'crash', 'power-loss']);
    expect(plan.rules.map((rule) => rule.name)).toEqual([
      'disk_full',
      'crash_mid_write',
      'crash',
      'power-loss',
    ]);
    expect(plan.scenario).toBe('hostile');
  });

  it('runs a preset on its workload', () => {
    const plan = chaosPlanFrom({ preset: 'corruption_detection' });
    expect(plan.kinds).toEqual(['bit-rot', 'misdirected-write']);
    expect(plan.scenario).toBe('corruption');
  });

  it('runs connection_drop by default and by name, as the connection-drop kind', () => {
    const plan = chaosPlanFrom({});
    expect(plan.skipped).toEqual([]);
    expect(plan.rules.map((rule) => rule.name)).toContain('connection_drop');
    expect(chaosPlanFrom({ faults: 'connection_drop' }).kinds).toEqual(['connection-drop']);
    expect(() => chaosPlanFrom({ faults: 'gremlins' })).toThrow(SpecFaultError);
  });
});

describe('judging the recovery rules', () => {
  const plan = chaosPlanFrom({ faults: 'disk_full' });

  it('passes a rule whose recovery path was taken on passing seeds', () => {
    const checks = judgeChaos(plan, reportWith({ 'recovery.disk_full_rejected': 3 }));
    expect(checks.map((check) => check.status)).toEqual(['pass', 'pass']);
  });

  it('fails a rule that was never exercised, saying so', () => {
    const checks = judgeChaos(plan, reportWith({ 'fault.disk_full': 4 }));
    expect(checks[1]?.status).toBe('fail');
    expect(checks[1]?.failure?.message).toMatch(/not exercised: none of recovery.disk_full_rejected/);
  });

  it('fails the seeds check and the rules when a seed failed, with the replay', () => {
    const checks = judgeChaos(plan, reportWith({ 'recovery.disk_full_rejected': 3 }, 1));
    expect(checks.map((check) => check.status)).toEqual(['fail', 'fail']);
    expect(checks[0]?.failure?.replay).toBe('bin/vopr run --seed 3');
  });
});
