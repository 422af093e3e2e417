/**
 * `vopr stress`: one test against bin/redlite-server over loopback and redlite in process,
 * with a correct end state on both, figures per target, and the side-by-side Markdown report;
 * bad input is one line and exit 2.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SuiteReport } from '../../sim/suite/types.ts';
import { lastJson } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';

describe('vopr stress', () => {
  it('measures hot_key_contention on redlite-server and in process, end state checked', {
    timeout: 180_000,
  }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vopr-stress-cli-'));
    try {
      const md = join(folder, 'stress.md');
      const run = await runCaptured(['stress', '--test', 'hot_key_contention', '--report', md, '--json']);
      expect(run.code, run.err.join('\n')).toBe(0);
      const report = lastJson(run) as unknown as SuiteReport;
      expect(report.checks).toHaveLength(1);
      const figures = report.checks[0]?.figures ?? {};
      for (const target of ['redlite_server', 'inprocess']) {
        expect(figures[`${target}_ops_per_s`]).toBeGreaterThan(0);
        expect(figures[`${target}_p99_ms`]).toBeGreaterThan(0);
        expect(figures[`${target}_mismatches`]).toBe(0);
        expect(figures[`${target}_db_bytes`]).toBeGreaterThan(0);
      }
      const markdown = readFileSync(md, 'utf8');
      expect(markdown).toContain('| hot_key_contention | 10 keys, 100 connections | redlite-server |');
      expect(markdown).toContain('| hot_key_contention | 10 keys, 100 connections | inprocess |');
      expect(markdown).toMatch(/coordinated omission corrected/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses an unknown test and an unknown comparison', async () => {
    const test = await runCaptured(['stress', '--test', 'pingpong']);
    expect(test.code).toBe(2);
    expect(test.err[0]).toMatch(/--test.*high_connection_count/);
    const compare = await runCaptured(['stress', '--compare', 'memcached']);
    expect(compare.code).toBe(2);
  });
});
