/**
 * The one summary table `vopr full` prints before its last line: a row per part with its
 * verdict, wall time and summary, padded into columns for a terminal or a CI log.
 */
import { formatDurationMs } from '../duration.ts';
import type { SuiteReport } from '../suite/types.ts';

const VERDICT = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' } as const;

export function fullSummaryTable(report: SuiteReport): string[] {
  const rows = report.checks.map((check) => [
    check.name,
    VERDICT[check.status],
    check.status === 'skip' ? '-' : formatDurationMs(check.wall_ms),
    check.summary,
  ]);
  const header = ['part', 'result', 'time', 'summary'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ');
  return [
    format(header),
    format(widths.map((width) => '-'.repeat(width))),
    ...rows.map(format),
    `total ${formatDurationMs(report.wall_ms)}`,
  ];
}
