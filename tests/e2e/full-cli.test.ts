/**
 * `vopr full`: every part of the profile runs in order as its own vopr command; a failing part
 * fails the whole run (exit 1) with its failing checks and its command line as the replay; the
 * oracle is skipped, with the reason, when there is no Redis; one summary table, then the
 * `N passed, N failed` line, or one JSON report with --json. The parts are a stand-in vopr
 * that records its calls (the real quick profile takes minutes; its wall time is measured by
 * hand and reported).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fullHandler } from '../../sim/cli/commands/full.ts';
import type { Pacer } from '../../sim/pacing.ts';
import type { SuiteReport } from '../../sim/suite/types.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';

const STAND_IN = fileURLToPath(new URL('../support/full-stand-in-vopr.sh', import.meta.url));
let folder = '';
let log = '';

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vopr-full-'));
  log = join(folder, 'calls.log');
  process.env.FULL_STAND_IN_LOG = log;
});
afterEach(() => {
  delete process.env.FULL_STAND_IN_LOG;
  rmSync(folder, { recursive: true, force: true });
});

describe('vopr full', () => {
  it('runs the quick parts in order; chaos failing fails the run; no Redis skips the oracle', async () => {
    const run = await runHandler(() => fullHandler({}, { vopr: STAND_IN, redisOnPath: () => false }));
    expect(run.code).toBe(1);
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.map((call) => call.split(' ')[0])).toEqual([
      'smoke',
      'properties',
      'simulate',
      'simulate',
      'chaos',
      'fuzz',
      'seeds',
    ]);
    const text = run.out.join('\n');
    expect(text).toMatch(/SKIP {2}oracle {2}no Redis: redis-server is not on PATH/);
    expect(text).toMatch(/FAIL {2}chaos {2}3 passed, 1 failed/);
    expect(text).toContain('disk_full: not exercised');
    expect(text).toMatch(
      /replay: bin\/vopr chaos --faults disk_full,crash_mid_write,slow_write,memory_pressure --seeds 6/,
    );
    expect(text).toMatch(/^part +result +time +summary$/m);
    expect(text).toMatch(/^seeds test +PASS .* 6\/6 bank entries pass$/m);
    expect(run.out.slice(-2)).toEqual(['1 skipped', '6 passed, 1 failed']);
  });

  it('passes the Redis URL to the oracle, and prints one JSON report last with --json', async () => {
    const run = await runHandler(() =>
      fullHandler({ json: true, redis: 'localhost:6390' }, { vopr: STAND_IN, redisOnPath: () => false }),
    );
    const report = lastJson(run) as unknown as SuiteReport;
    expect(report.command).toBe('full');
    expect(report.checks).toHaveLength(8);
    expect(report.totals).toEqual({ passed: 7, failed: 1, skipped: 0 });
    const calls = readFileSync(log, 'utf8');
    expect(calls).toContain('oracle --seed 1 --redis redis://localhost:6390 --json');
  });

  it('runs the nightly profile with stress and soak last', async () => {
    await runHandler(() => fullHandler({ profile: 'nightly' }, { vopr: STAND_IN, redisOnPath: () => true }));
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls.slice(-2).map((call) => call.split(' ')[0])).toEqual(['stress', 'soak']);
    expect(calls).toHaveLength(10);
  });

  it('passes a signal on to the running part, starts no later part, and exits 130', async () => {
    process.env.FULL_STAND_IN_WAIT = 'simulate';
    // The signal arrives once the first simulate part is running.
    const pacer: Pacer = {
      turn: () => null,
      stopReason: () =>
        existsSync(log) && readFileSync(log, 'utf8').includes('simulate ') ? 'SIGINT' : null,
    };
    try {
      const run = await runHandler(() =>
        fullHandler({}, { vopr: STAND_IN, redisOnPath: () => false, pacer }),
      );
      expect(run.code).toBe(130);
      const calls = readFileSync(log, 'utf8').trim().split('\n');
      expect(calls.map((call) => call.split(' ')[0])).toEqual(['smoke', 'properties', 'simulate', 'stopped']);
      const text = run.out.join('\n');
      expect(text).toMatch(
        /SKIP {2}simulate normal_operations {2}stopped by SIGINT while running \(exit 130\)/,
      );
      expect(text).toMatch(/SKIP {2}chaos {2}not run: stopped by SIGINT/);
      expect(run.out.at(-1)).toBe('2 passed, 0 failed');
      expect(run.err.at(-1)).toBe('vopr: interrupted by SIGINT; the parts that finished are reported');
    } finally {
      delete process.env.FULL_STAND_IN_WAIT;
    }
  });

  it('refuses an unknown profile: one line, exit 2', async () => {
    const run = await runCaptured(['full', '--profile', 'weekly']);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/--profile.*quick, nightly.*"weekly"/);
  });
});
