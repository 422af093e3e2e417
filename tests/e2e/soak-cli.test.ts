/**
 * `vopr soak`, run short (seconds, sampled every 200 ms): a clean run passes the spec's two
 * alerts and answers every op like the model; a planted leak (a redlite that keeps 64 KiB per
 * command) fails memory_stability; the reports hold the time series, a Markdown summary and a
 * self-contained HTML chart.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { soakHandler } from '../../sim/cli/commands/soak.ts';
import { leakingRedlite } from '../../sim/planted-bugs/broken-redlite.ts';
import type { SuiteReport } from '../../sim/suite/types.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'soak-cli-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SHORT = ['--duration', '4s', '--sample-every', '200ms', '--warmup', '1s', '--seed', '3'];

function status(report: Record<string, unknown>, name: string): string | undefined {
  return (report.checks as { name: string; status: string }[]).find((check) => check.name === name)?.status;
}

describe('vopr soak', () => {
  it('passes a short clean run and writes the series, the summary and the chart', async () => {
    const reports = ['soak.json', 'soak.md', 'soak.html'].map((name) => join(folder, name));
    const run = await runCaptured([
      'soak',
      ...SHORT,
      '--rate',
      '200',
      ...reports.flatMap((path) => ['--report', path]),
    ]);
    expect(run.out.filter((line) => line.startsWith('FAIL'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toBe('3 passed, 0 failed');
    expect(run.err.some((line) => /^soak \d+\.\ds\/4s: \d+ ops, rss [\d.]+ MB/.test(line))).toBe(true);
    const json = JSON.parse(readFileSync(reports[0] as string, 'utf8')) as SuiteReport;
    const samples = json.data.samples as { elapsed_ms: number; rss_bytes: number; ops: number }[];
    expect(samples.length).toBeGreaterThanOrEqual(15);
    expect(samples.at(-1)?.ops).toBeGreaterThan(600);
    expect(json.checks.map((check) => check.name)).toEqual([
      'memory_stability',
      'throughput_stability',
      'reply_matches_model',
    ]);
    expect(readFileSync(reports[1] as string, 'utf8')).toMatch(/## Samples \(\d+, \d+ shown\)/);
    const html = readFileSync(reports[2] as string, 'utf8');
    expect(html).toContain('<canvas id="chart-memory">');
    expect(html).toMatch(/<script id="soak-data" type="application\/json">\{"warmup_s":1,/);
  });

  it('catches a planted leak as RSS growth above 10 %', async () => {
    const run = await runHandler(() =>
      soakHandler(
        { duration: '4s', 'sample-every': '200ms', warmup: '1s', seed: '3', rate: 500, json: true },
        { targetFactory: leakingRedlite(64 * 1024) },
      ),
    );
    expect(run.code).toBe(1);
    const report = lastJson(run);
    expect(status(report, 'memory_stability')).toBe('fail');
    expect(status(report, 'reply_matches_model')).toBe('pass');
    const memory = (report.checks as { name: string; figures: { rss_growth_percent: number } }[])[0];
    expect(memory?.figures.rss_growth_percent).toBeGreaterThan(10);
  });

  it('refuses a plan too short to fit a trend, with exit 2', async () => {
    const run = await runCaptured(['soak', '--duration', '1s', '--sample-every', '1s']);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/--warmup|--sample-every/);
  });
});
