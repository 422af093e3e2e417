/**
 * The soak's HTML report: one self-contained page (Chart.js and the samples inline, no
 * network) with the verdicts, and charts of RSS and heap, throughput, and open files, temp
 * folders and database size over the run, the warm-up shaded out of the fits. It borrows the
 * sweep report's Chart.js inlining and script escaping (sim/report/html-charts.ts) and keeps
 * its own page, since the sweep report is about seeds, not time series.
 */
import { formatDurationMs } from '../duration.ts';
import { chartJsSource, scriptSafe } from '../report/html-charts.ts';
import { escapeXml as esc } from '../report/timeline-svg.ts';
import { passedFailedLine } from '../suite/summary.ts';
import type { SuiteReport } from '../suite/types.ts';
import type { SoakSample } from './sample.ts';
import { throughputPoints } from './verdicts.ts';

const MB = 1_048_576;
const HOUR_MS = 3_600_000;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #111827; }
h1.pass { color: #15803d; } h1.fail { color: #b91c1c; }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border: 1px solid #d1d5db; padding: 3px 8px; text-align: left; }
.chart { position: relative; height: 280px; margin-bottom: 16px; }
code { font: 12px/1.4 ui-monospace, monospace; background: #f3f4f6; padding: 2px 4px; }
`;

export interface SoakChartData {
  readonly warmup_s: number;
  readonly memory: { rss_mb: number[]; heap_mb: number[]; x_s: number[] };
  readonly throughput: { x_s: number[]; ops_per_s: number[] };
  readonly resources: { x_s: number[]; open_fds: number[]; temp_folders: number[]; db_mb: number[] };
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

export function soakChartData(report: SuiteReport): SoakChartData {
  const samples = (report.data.samples ?? []) as SoakSample[];
  const warmupMs = Number(report.options.warmup_ms ?? 0);
  const x = samples.map((s) => round(s.elapsed_ms / 1000));
  const windows = throughputPoints(samples, 0);
  return {
    warmup_s: warmupMs / 1000,
    memory: {
      x_s: x,
      rss_mb: samples.map((s) => round(s.rss_bytes / MB)),
      heap_mb: samples.map((s) => round(s.heap_used_bytes / MB)),
    },
    throughput: {
      x_s: windows.map((p) => round((p.x * HOUR_MS) / 1000)),
      ops_per_s: windows.map((p) => round(p.y, 1)),
    },
    resources: {
      x_s: x,
      open_fds: samples.map((s) => s.open_fds),
      temp_folders: samples.map((s) => s.temp_folders),
      db_mb: samples.map((s) => round(s.db_bytes / MB, 3)),
    },
  };
}

const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('soak-data').textContent);
  var base = { animation: false, responsive: true, maintainAspectRatio: false, parsing: true };
  function line(id, title, x, series, yTitle) {
    return new Chart(document.getElementById(id), {
      type: 'line',
      data: { datasets: series.map(function (s) {
        return { label: s.label, data: s.values.map(function (y, i) { return { x: x[i], y: y }; }),
          borderColor: s.color, backgroundColor: s.color, pointRadius: 1, yAxisID: s.axis || 'y' };
      }) },
      options: Object.assign({}, base, { plugins: { title: { display: true, text: title } },
        scales: { x: { type: 'linear', title: { display: true, text: 'elapsed (s); warm-up ends at ' + data.warmup_s + ' s' } },
          y: { beginAtZero: true, title: { display: true, text: yTitle } },
          y2: { beginAtZero: true, position: 'right', grid: { drawOnChartArea: false } } } })
    });
  }
  window.soakCharts = {
    memory: line('chart-memory', 'memory', data.memory.x_s, [
      { label: 'RSS (MB)', values: data.memory.rss_mb, color: '#2563eb' },
      { label: 'heap used (MB)', values: data.memory.heap_mb, color: '#16a34a' }], 'MB'),
    throughput: line('chart-throughput', 'throughput', data.throughput.x_s, [
      { label: 'ops/s', values: data.throughput.ops_per_s, color: '#d97706' }], 'ops/s'),
    resources: line('chart-resources', 'files and folders', data.resources.x_s, [
      { label: 'open files', values: data.resources.open_fds, color: '#7c3aed' },
      { label: 'temp folders', values: data.resources.temp_folders, color: '#dc2626' },
      { label: 'database (MB)', values: data.resources.db_mb, color: '#0891b2', axis: 'y2' }], 'count')
  };
  document.body.setAttribute('data-charts-ready', 'true');
})();
`;

export function renderSoakHtml(report: SuiteReport): string {
  const verdict = report.totals.failed === 0 ? 'pass' : 'fail';
  const rows = report.checks
    .map((check) => {
      const failure = check.failure === null ? '' : `<br>${esc(check.failure.message)}`;
      return `<tr><td>${esc(check.name)}</td><td>${check.status}</td><td>${esc(check.summary)}${failure}</td></tr>`;
    })
    .join('\n');
  const replay = report.checks.find((check) => check.failure?.replay)?.failure?.replay ?? null;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vopr soak: ${verdict}</title><style>${STYLE}</style></head>
<body>
<h1 class="${verdict}">vopr soak: ${verdict.toUpperCase()}</h1>
<p>${esc(passedFailedLine(report.totals))}, seed ${esc(report.seed ?? '')}, ${esc(formatDurationMs(report.wall_ms))}</p>
<table><tr><th>check</th><th>result</th><th>summary</th></tr>
${rows}
</table>
${replay === null ? '' : `<p>Replay: <code>${esc(replay)}</code></p>`}
<div class="chart"><canvas id="chart-memory"></canvas></div>
<div class="chart"><canvas id="chart-throughput"></canvas></div>
<div class="chart"><canvas id="chart-resources"></canvas></div>
<script id="soak-data" type="application/json">${scriptSafe(JSON.stringify(soakChartData(report)))}</script>
<script>${scriptSafe(chartJsSource())}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}
