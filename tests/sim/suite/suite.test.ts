/**
 * The shared pieces of the check commands: totals and the closing line, the exit code, the
 * human lines of a check, the Markdown report, and --report paths checked before a suite runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLines } from '../../../sim/suite/check-lines.ts';
import { renderSuiteMarkdown } from '../../../sim/suite/markdown.ts';
import { filterNames, SuiteOptionError, wholeNumberOption } from '../../../sim/suite/options.ts';
import {
  buildSuiteReport,
  exitCodeOf,
  failed,
  passed,
  passedFailedLine,
  skipped,
} from '../../../sim/suite/summary.ts';
import { SuiteReportPathError, writeSuiteReports } from '../../../sim/suite/write-suite-report.ts';

const folder = mkdtempSync(join(tmpdir(), 'suite-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const failure = { message: 'it broke', details: ['step 1', 'step 2'], replay: 'bin/vopr smoke --seed 1' };
const checks = [
  passed('a', '10 ops', { ops: 10 }, 12.4),
  failed('b', '3 ops', { ops: 3 }, 5, failure),
  skipped('c', 'no redis-server on PATH'),
];

describe('suite reports', () => {
  it('count passes and failures, leave skips out of both, and exit 1 on any failure', () => {
    const report = buildSuiteReport({ command: 'smoke', seed: 7n, options: {}, wallMs: 20, checks });
    expect(report.totals).toEqual({ passed: 1, failed: 1, skipped: 1 });
    expect(passedFailedLine(report.totals)).toBe('1 passed, 1 failed');
    expect(exitCodeOf(report.totals)).toBe(1);
    expect(
      exitCodeOf(
        buildSuiteReport({ command: 'x', seed: null, options: {}, wallMs: 1, checks: [checks[0]!] }).totals,
      ),
    ).toBe(0);
    expect(report.seed).toBe('7');
  });

  it('print a failure with its message, details and replay line', () => {
    expect(checkLines(checks[0]!)[0]).toMatch(/^PASS {2}a {2}10 ops {2}\(12ms\)$/);
    expect(checkLines(checks[1]!)).toEqual([
      'FAIL  b  3 ops  (5ms)',
      '  it broke',
      '    step 1',
      '    step 2',
      '  replay: bin/vopr smoke --seed 1',
    ]);
    expect(checkLines(checks[2]!)).toEqual(['SKIP  c  no redis-server on PATH']);
  });

  it('write JSON and Markdown, and refuse an unknown extension before anything runs', () => {
    const report = buildSuiteReport({ command: 'smoke', seed: 7n, options: {}, wallMs: 20, checks });
    const json = join(folder, 'r.json');
    const md = join(folder, 'sub', 'r.md');
    writeSuiteReports(report, [json, md]);
    expect(JSON.parse(readFileSync(json, 'utf8'))).toEqual(report);
    const markdown = readFileSync(md, 'utf8');
    expect(markdown).toContain('# vopr smoke: FAIL');
    expect(markdown).toContain('| b | fail | 3 ops | 5ms |');
    expect(markdown).toContain('bin/vopr smoke --seed 1');
    expect(renderSuiteMarkdown(report)).toBe(markdown);
    expect(() => writeSuiteReports(report, [join(folder, 'r.txt')])).toThrow(SuiteReportPathError);
    expect(() =>
      writeSuiteReports(report, [join(folder, 'r.html')], { '.html': () => '<html>' }),
    ).not.toThrow();
  });
});

describe('suite options', () => {
  it('choose checks by a part of their name, and refuse a filter that matches nothing', () => {
    const names = ['set_get_roundtrip', 'incr_monotonic', 'ttl_monotonic_decrease'];
    expect(filterNames(names, undefined)).toEqual(names);
    expect(filterNames(names, 'incr')).toEqual(['incr_monotonic']);
    expect(filterNames(names, 'MONOTONIC')).toEqual(['incr_monotonic', 'ttl_monotonic_decrease']);
    expect(() => filterNames(names, 'zzz')).toThrow(
      /--filter: no check matches; the checks are set_get_roundtrip/,
    );
    expect(() => filterNames(names, ' ')).toThrow(SuiteOptionError);
  });

  it('bound whole numbers and show the bad value', () => {
    expect(wholeNumberOption('--seeds', undefined, { min: 1, max: 10 }, 5)).toBe(5);
    expect(wholeNumberOption('--seeds', 10, { min: 1, max: 10 }, 5)).toBe(10);
    expect(() => wholeNumberOption('--seeds', 0, { min: 1, max: 10 }, 5)).toThrow(
      '--seeds: expected a whole number from 1 to 10 (got 0)',
    );
    expect(() => wholeNumberOption('--seeds', 1.5, { min: 1, max: 10 }, 5)).toThrow(SuiteOptionError);
  });
});
