/**
 * The survivor report of mutation testing: Stryker's JSON report grouped by file, with the
 * score per file and in total, survivors in source order, shard reports merged file by file,
 * and a named error for a file that is not a report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatSummaries,
  type MutationReport,
  MutationReportError,
  merge,
  type ReportMutant,
  readReport,
  summarise,
  total,
} from '../../tools/mutation-survivors.ts';

function mutant(id: string, status: string, line: number, replacement = 'false'): ReportMutant {
  return {
    id,
    status,
    mutatorName: 'ConditionalExpression',
    replacement,
    location: { start: { line, column: 3 } },
  };
}

const REPORT: MutationReport = {
  files: {
    'redlite/commands/strings.ts': {
      mutants: [
        mutant('1', 'Killed', 10),
        mutant('2', 'Survived', 40),
        mutant('3', 'Timeout', 12),
        mutant('4', 'Survived', 20, 'a\n   + b'),
        mutant('5', 'Ignored', 5),
      ],
    },
    'redlite/commands/hashes.ts': { mutants: [mutant('6', 'NoCoverage', 7), mutant('7', 'Killed', 8)] },
  },
};

describe('the survivor report', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('counts each file by status and scores detected over valid mutants', () => {
    const [hashes, strings] = summarise(REPORT);
    expect(hashes?.file).toBe('redlite/commands/hashes.ts');
    expect(hashes?.scorePercent).toBe(50);
    expect(strings?.counts).toEqual({ Killed: 1, Survived: 2, Timeout: 1, Ignored: 1 });
    // Ignored mutants are not valid: (1 killed + 1 timeout) / 4.
    expect(strings?.scorePercent).toBe(50);
    expect(total(summarise(REPORT)).scorePercent).toBeCloseTo((100 * 3) / 6);
  });

  it('lists survivors and uncovered mutants by file, in source order, one line each', () => {
    const text = formatSummaries(summarise(REPORT));
    expect(text).toBe(
      [
        'redlite/commands/hashes.ts: score 50.0% (Killed 1, NoCoverage 1)',
        '  7:3 NoCoverage ConditionalExpression: false',
        'redlite/commands/strings.ts: score 50.0% (Ignored 1, Killed 1, Survived 2, Timeout 1)',
        '  20:3 Survived ConditionalExpression: a + b',
        '  40:3 Survived ConditionalExpression: false',
        'all files: score 50.0% (Ignored 1, Killed 2, NoCoverage 1, Survived 2, Timeout 1)',
      ].join('\n'),
    );
  });

  it('merges shard reports, the later report winning for a file both hold', () => {
    const rerun: MutationReport = {
      files: { 'redlite/commands/hashes.ts': { mutants: [mutant('6', 'Killed', 7)] } },
    };
    const merged = summarise(merge([REPORT, rerun]));
    expect(merged.map((summary) => summary.file)).toEqual([
      'redlite/commands/hashes.ts',
      'redlite/commands/strings.ts',
    ]);
    expect(merged[0]?.counts).toEqual({ Killed: 1 });
  });

  it('reads a report from disk, and names the file when it is not one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutation-report-'));
    dirs.push(dir);
    const good = join(dir, 'mutation.json');
    writeFileSync(good, JSON.stringify(REPORT));
    expect(readReport(good)).toEqual(REPORT);
    const bad = join(dir, 'other.json');
    writeFileSync(bad, JSON.stringify({ schemaVersion: '1' }));
    expect(() => readReport(bad)).toThrow(MutationReportError);
    expect(() => readReport(bad)).toThrow(`${bad}: no "files" object`);
    expect(() => readReport(join(dir, 'missing.json'))).toThrow(
      /cannot read the mutation report .*missing\.json/,
    );
  });
});
