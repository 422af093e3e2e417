/**
 * `vopr oracle`: redlite agrees with a real redis-server on the spec's command groups, in
 * process and as bin/redlite-server over RESP; a planted bug (a redlite that silently drops
 * every 50th write) is caught with the first divergent command, both replies and a replay
 * line; a signal stops it with what ran judged (exit 130); bad input and a missing
 * redis-server are one line and exit 2. Skipped loudly when
 * redis-server is not installed (an error under CI=true, as tests/support/redis-server.ts
 * decides).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Redlite } from '../../redlite/index.ts';
import { systemClock } from '../../redlite/system-clock.ts';
import { oracleHandler } from '../../sim/cli/commands/oracle.ts';
import { onPath } from '../../sim/oracle/local-servers.ts';
import type { Pacer } from '../../sim/pacing.ts';
import { dropEveryNthWriteRedlite } from '../../sim/planted-bugs/broken-redlite.ts';
import type { SuiteReport } from '../../sim/suite/types.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';
import { startRedis } from '../support/redis-server.ts';

const redisInstalled = (await startRedis().then((handle) => {
  handle?.stop();
  return handle !== null;
})) as boolean;

describe.skipIf(!redisInstalled)('vopr oracle against redis-server', () => {
  it('finds no divergence in process, with one JSON object last', { timeout: 120_000 }, async () => {
    const run = await runCaptured(['oracle', '--seed', '3', '--json']);
    const report = lastJson(run) as unknown as SuiteReport;
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(report.command).toBe('oracle');
    expect(report.checks.map((check) => check.name)).toEqual([
      'strings',
      'lists',
      'hashes',
      'sets',
      'sorted_sets',
      'expiration',
    ]);
    expect(report.checks.map((check) => check.figures.commands)).toEqual([1000, 1000, 1000, 1000, 1000, 500]);
    expect(report.totals).toEqual({ passed: 6, failed: 0, skipped: 0 });
  });

  it('finds no divergence against bin/redlite-server over RESP', { timeout: 120_000 }, async () => {
    // "sets" names two groups: sets and sorted_sets.
    const run = await runCaptured(['oracle', '--seed', '4', '--group', 'sets', '--target', 'redlite-server']);
    expect(run.code, run.err.join('\n')).toBe(0);
    expect(run.out.at(-1)).toBe('2 passed, 0 failed');
  });

  it('catches a planted bug: a redlite that silently drops every 50th write', {
    timeout: 120_000,
  }, async () => {
    const bug = dropEveryNthWriteRedlite(50);
    const run = await runHandler(() =>
      oracleHandler(
        { seed: '5', group: 'strings' },
        { openRedlite: () => bug(':memory:', { clock: systemClock }) as Redlite },
      ),
    );
    expect(run.code).toBe(1);
    const text = run.out.join('\n');
    expect(text).toMatch(/FAIL {2}strings/);
    expect(text).toMatch(/first divergence: command #\d+ of stream \d+: /);
    expect(text).toMatch(/redis: {3}\S/);
    expect(text).toMatch(/redlite: \S/);
    expect(text).toContain('replay: bin/vopr oracle --group strings --seed 5 --seeds 1 --target inprocess');
    expect(run.out.at(-1)).toBe('0 passed, 1 failed');
  });

  it('stops at a signal: what ran is judged, the rest skipped, exit 130', { timeout: 120_000 }, async () => {
    // The signal arrives 1500 commands in: halfway through the second group.
    let asked = 0;
    const pacer: Pacer = { turn: () => null, stopReason: () => (++asked > 1500 ? 'SIGINT' : null) };
    const run = await runHandler(() => oracleHandler({ seed: '7' }, { pacer }));
    expect(run.code, run.err.join('\n')).toBe(130);
    const text = run.out.join('\n');
    expect(text).toMatch(/PASS {2}strings/);
    expect(text).toMatch(/SKIP {2}lists {2}stopped by SIGINT after \d+ of 1000 commands, no divergence/);
    expect(text).toMatch(/SKIP {2}expiration {2}not run: stopped by SIGINT/);
    expect(run.out.at(-1)).toBe('1 passed, 0 failed');
    expect(run.err.at(-1)).toBe('vopr: interrupted by SIGINT; the commands that ran were judged');
  });

  it('takes --redis for a Redis already running', { timeout: 60_000 }, async () => {
    const handle = await startRedis();
    try {
      const run = await runCaptured([
        'oracle',
        '--seed',
        '6',
        '--group',
        'expir',
        '--redis',
        `127.0.0.1:${handle?.port}`,
      ]);
      expect(run.code, run.err.join('\n')).toBe(0);
      expect(run.out.at(-1)).toBe('1 passed, 0 failed');
    } finally {
      handle?.stop();
    }
  });
});

describe('vopr oracle input errors', () => {
  it('refuses an unknown group and an unknown target with one line, exit 2', async () => {
    const group = await runCaptured(['oracle', '--group', 'streams']);
    expect(group.code).toBe(2);
    expect(group.err.join('\n')).toMatch(/--filter|--group|no check matches/);
    const target = await runCaptured(['oracle', '--target', 'memcached']);
    expect(target.code).toBe(2);
    expect(target.err).toHaveLength(1);
    expect(target.err[0]).toMatch(/--target.*"memcached"/);
  });

  it('says so in one line, exit 2, when redis-server is not on PATH', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'oracle-no-redis-'));
    const sh = onPath('sh');
    if (sh !== null) symlinkSync(sh, join(bin, 'sh'));
    const saved = process.env.PATH;
    process.env.PATH = bin;
    try {
      const run = await runCaptured(['oracle', '--seed', '1']);
      expect(run.code).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(/redis-server is not on PATH/);
    } finally {
      process.env.PATH = saved;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
