/**
 * `vopr simulate`: the spec's simulation scenarios on the sweep. hostile_environment runs the
 * mixed workload with disk-full, crash and bit-rot at the spec's rate 0.01 and prints one JSON
 * object last; occasional_faults runs slow-disk and connection drops at rate 0.001; a planted bug (the INCR canary runner) fails seeds, each with
 * its replay command.
 */
import { describe, expect, it } from 'vitest';
import { simulateHandler } from '../../sim/cli/commands/simulate.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';
import { runnerPath } from '../support/sweep-harness.ts';

describe('vopr simulate', () => {
  it('runs hostile_environment with the spec faults at rate 0.01, JSON last', {
    timeout: 120_000,
  }, async () => {
    const run = await runCaptured([
      'simulate',
      '--scenario',
      'hostile_environment',
      '--seeds',
      '3',
      '--ops',
      '200',
      '--workers',
      '1',
      '--json',
    ]);
    expect(run.code, run.err.join('\n')).toBe(0);
    const summary = lastJson(run);
    expect(summary.scenario).toBe('hostile_environment');
    expect(summary.spec_faults).toEqual(['disk_full', 'crash_mid_write', 'corrupt_read']);
    expect(summary.fault_kinds).toEqual(['disk-full', 'crash', 'bit-rot']);
    expect(summary.world).toMatchObject({ scenario: 'mixed', opsMax: 200, clients: 10, faultRate: 0.01 });
    expect(summary.totals).toMatchObject({ seeds: 3, passed: 3, failed: 0 });
  });

  it('runs occasional_faults: slow writes and connection drops at rate 0.001', {
    timeout: 120_000,
  }, async () => {
    const run = await runCaptured([
      'simulate',
      '--scenario',
      'occasional_faults',
      '--seeds',
      '2',
      '--ops',
      '200',
      '--workers',
      '1',
      '--json',
    ]);
    expect(run.code, run.err.join('\n')).toBe(0);
    const summary = lastJson(run);
    expect(summary.spec_faults).toEqual(['slow_write', 'connection_drop']);
    expect(summary.fault_kinds).toEqual(['slow-disk', 'connection-drop']);
    expect(summary.totals).toMatchObject({ seeds: 2, passed: 2, failed: 0 });
  });

  it('refuses an unknown scenario, naming the known ones', async () => {
    const run = await runCaptured(['simulate', '--scenario', 'calm']);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/--scenario.*normal_operations, occasional_faults, hostile_environment/);
  });

  it('fails the seeds a planted INCR bug breaks, each with its replay command', {
    timeout: 120_000,
  }, async () => {
    const run = await runHandler(() =>
      simulateHandler({ seeds: 2, ops: 400, workers: 1, from: '8' }, runnerPath('canary-runner')),
    );
    expect(run.code).toBe(1);
    const text = run.out.join('\n');
    expect(text).toMatch(/FAIL seed \d+ \(mixed\)/);
    expect(text).toMatch(
      /replay: bin\/vopr run --seed \d+ --scenario mixed --ops 400 --clients 10 --faults none/,
    );
    expect(run.out.at(-1)).toMatch(/^\d+ passed, [12] failed$/);
  });
});
