/**
 * A suite report as Markdown, for a pull request or a chat: the verdict, one table row per
 * check with its summary and time, then each failure with its details and replay command.
 * Command-specific sections (soak's fitted growth) are the command's renderer's business.
 */
import { formatDurationMs } from '../duration.ts';
import { passedFailedLine } from './summary.ts';
import type { SuiteReport } from './types.ts';

/** Keeps table cells on one line and their pipes literal. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export function renderSuiteMarkdown(report: SuiteReport): string {
  const verdict = report.totals.failed === 0 ? 'PASS' : 'FAIL';
  const lines = [
    `# vopr ${report.command}: ${verdict}`,
    '',
    `${passedFailedLine(report.totals)}${report.totals.skipped > 0 ? `, ${report.totals.skipped} skipped` : ''}` +
      `${report.seed === null ? '' : `, seed ${report.seed}`}, ${formatDurationMs(report.wall_ms)}`,
    '',
    '| check | result | summary | time |',
    '|---|---|---|---|',
  ];
  for (const check of report.checks) {
    lines.push(
      `| ${cell(check.name)} | ${check.status} | ${cell(check.summary)} | ${formatDurationMs(check.wall_ms)} |`,
    );
  }
  for (const check of report.checks) {
    if (check.failure === null) continue;
    lines.push('', `## ${check.name}`, '', cell(check.failure.message));
    if (check.failure.details.length > 0) lines.push('', '```', ...check.failure.details, '```');
    if (check.failure.replay !== null) lines.push('', 'Replay:', '', '```sh', check.failure.replay, '```');
  }
  return `${lines.join('\n')}\n`;
}
