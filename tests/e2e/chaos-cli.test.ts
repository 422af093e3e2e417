/**
 * `vopr chaos`: spec fault names run over a sweep and each recovery rule is judged; a planted
 * bug (a redlite that applies a write under memory pressure and still answers out-of-memory)
 * is caught with its replay command; connection_drop runs as our connection-drop kind; an
 * unknown name or preset, and --faults with --preset are one line and exit 2; --help says what each name maps to.
 */
import { describe, expect, it } from 'vitest';
import { chaosHandler } from '../../sim/cli/commands/chaos.ts';
import type { SuiteReport } from '../../sim/suite/types.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';
import { runnerPath } from '../support/sweep-harness.ts';
import { runVopr } from '../support/vopr-child.ts';

describe('vopr chaos', () => {
  it('judges memory_pressure and slow_write over a sweep, JSON last', { timeout: 120_000 }, async () => {
    const run = await runCaptured([
      'chaos',
      '--faults',
      'memory_pressure,slow_write',
      '--seeds',
      '4',
      '--ops',
      '400',
      '--workers',
      '1',
      '--json',
    ]);
    expect(run.code, run.out.join('\n')).toBe(0);
    const report = lastJson(run) as unknown as SuiteReport;
    expect(report.command).toBe('chaos');
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['memory_pressure,slow_write', 'pass'],
      ['memory_pressure', 'pass'],
      ['slow_write', 'pass'],
    ]);
    expect(report.checks[1]?.figures['recovery.memory_pressure_rejected_hits']).toBeGreaterThan(0);
    expect(report.options).toMatchObject({ kinds: ['memory-pressure', 'slow-disk'], scenario: 'hostile' });
  });

  it('catches a planted bug: a write that lands under memory pressure but answers out-of-memory', {
    timeout: 120_000,
  }, async () => {
    const run = await runHandler(() =>
      chaosHandler(
        { faults: 'memory_pressure', seeds: 2, ops: 400, workers: 1 },
        runnerPath('oom-liar-runner'),
      ),
    );
    expect(run.code).toBe(1);
    const text = run.out.join('\n');
    expect(text).toMatch(/FAIL {2}memory_pressure {2}2 seeds of hostile/);
    expect(text).toMatch(/2 of 2 seeds broke an invariant under memory_pressure/);
    expect(text).toMatch(
      /replay: bin\/vopr run --seed \d+ --scenario hostile --ops 400 --faults memory-pressure/,
    );
    expect(run.out.at(-1)).toBe('0 passed, 2 failed');
  });

  it('judges connection_drop over a sweep: connections drop and no seed sees half a write', {
    timeout: 120_000,
  }, async () => {
    const run = await runCaptured([
      'chaos',
      '--faults',
      'connection_drop',
      '--seeds',
      '3',
      '--ops',
      '300',
      '--workers',
      '1',
      '--json',
    ]);
    expect(run.code, run.out.join('\n')).toBe(0);
    const report = lastJson(run) as unknown as SuiteReport;
    expect(report.checks.map((check) => [check.name, check.status])).toEqual([
      ['connection_drop', 'pass'],
      ['connection_drop', 'pass'],
    ]);
    expect(report.checks[1]?.figures['fault.connection_drop_hits']).toBeGreaterThan(0);
    expect(report.options).toMatchObject({ kinds: ['connection-drop'], scenario: 'hostile' });
  });

  it('refuses an unknown fault, an unknown preset, and both options at once', async () => {
    const unknown = await runCaptured(['chaos', '--faults', 'gremlins']);
    expect(unknown.code).toBe(2);
    expect(unknown.err[0]).toMatch(/--faults: unknown fault "gremlins"/);
    const preset = await runCaptured(['chaos', '--preset', 'meteor_strike']);
    expect(preset.code).toBe(2);
    expect(preset.err[0]).toMatch(
      /disk_full_recovery, corruption_detection, crash_recovery, slow_disk_handling/,
    );
    const both = await runCaptured(['chaos', '--faults', 'disk_full', '--preset', 'crash_recovery']);
    expect(both.code).toBe(2);
  });

  it('says in --help what each spec fault name maps to', { timeout: 60_000 }, async () => {
    const run = await runVopr(['chaos', '--help']);
    expect(run.code).toBe(0);
    const help = run.stdout;
    for (const line of [
      'disk_full = disk-full',
      'corrupt_read = bit-rot',
      'corrupt_write = misdirected-write',
      'slow_write = slow-disk',
      'crash_mid_write = crash',
      'memory_pressure = memory-pressure',
      "connection_drop = connection-drop: a client's connection cut",
    ]) {
      expect(help.replace(/\s+/g, ' ')).toContain(line);
    }
  });
});
