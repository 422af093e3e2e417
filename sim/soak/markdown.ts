/**
 * The soak's Markdown report: the suite's table of checks, then the time series thinned to at
 * most SAMPLE_ROWS_MAX rows (the JSON report keeps every sample).
 */
import { formatDurationMs } from '../duration.ts';
import { renderSuiteMarkdown } from '../suite/markdown.ts';
import type { SuiteReport } from '../suite/types.ts';
import type { SoakSample } from './sample.ts';

const SAMPLE_ROWS_MAX = 20;
const MB = 1_048_576;

export function thinned<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const step = (items.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => items[Math.round(i * step)] as T);
}

export function renderSoakMarkdown(report: SuiteReport): string {
  const samples = (report.data.samples ?? []) as SoakSample[];
  const lines = [
    '',
    `## Samples (${samples.length}, ${Math.min(samples.length, SAMPLE_ROWS_MAX)} shown)`,
    '',
    '| elapsed | ops | RSS MB | heap MB | open files | temp folders | database MB |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const s of thinned(samples, SAMPLE_ROWS_MAX)) {
    lines.push(
      `| ${formatDurationMs(s.elapsed_ms)} | ${s.ops} | ${(s.rss_bytes / MB).toFixed(1)} | ` +
        `${(s.heap_used_bytes / MB).toFixed(1)} | ${s.open_fds} | ${s.temp_folders} | ${(s.db_bytes / MB).toFixed(2)} |`,
    );
  }
  return `${renderSuiteMarkdown(report)}${lines.join('\n')}\n`;
}
