/**
 * A stress report as Markdown: the suite's verdict table, then the measurements side by side,
 * one row per variant and target (redlite-server, in-process, and Redis under the same load
 * with `--compare redis`), and how latency was measured.
 */
import { renderSuiteMarkdown } from '../suite/markdown.ts';
import type { SuiteReport } from '../suite/types.ts';
import type { StressMeasurement } from './run-stress.ts';

function mb(bytes: number | null): string {
  return bytes === null ? '-' : (bytes / 1_048_576).toFixed(1);
}

export function renderStressMarkdown(report: SuiteReport): string {
  const measurements = (report.data.measurements ?? []) as StressMeasurement[];
  const lines = [
    '',
    '## Measurements',
    '',
    '| test | variant | target | ops | ops/s | p50 ms | p99 ms | p99.9 ms | raw p99 ms | RSS MB | DB MB | wrong |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...measurements.map(
      (m) =>
        `| ${m.test} | ${m.variant} | ${m.target} | ${m.ops} | ${m.ops_per_s} | ${m.latency.p50_ms} | ${m.latency.p99_ms} | ${m.latency.p999_ms} | ${m.latency.raw_p99_ms} | ${m.rss_mb ?? '-'} | ${mb(m.db_bytes)} | ${m.mismatches} |`,
    ),
    '',
    `Latency: ${String(report.data.latency ?? '')}.`,
  ];
  return `${renderSuiteMarkdown(report)}${lines.join('\n')}\n`;
}
