/**
 * The HTML report: one self-contained file (Chart.js and the data inline, no network) that
 * opens in any browser. It shows the summary, the throughput and failure charts, per-scenario
 * totals with their simulated-to-real time, failure signatures, probe coverage with never-hit
 * probes flagged, and for each kept failure its replay command and a timeline of its trace. Chart code lives in html-charts.ts,
 * the timeline drawing in timeline-svg.ts.
 */
import { formatDurationMs } from '../duration.ts';
import { CHART_SCRIPT, chartData, chartJsSource, scriptSafe } from './html-charts.ts';
import { probeRows } from './probe-coverage.ts';
import { simToRealText } from './sim-to-real.ts';
import { escapeXml as esc, renderTimelineSvg } from './timeline-svg.ts';
import type { FailureRecord, SweepReport } from './types.ts';

/** Failures drawn in full with timelines; signatures and the JSON cover the rest. */
export const HTML_FAILURES_MAX = 100;

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 16px 24px; color: #111827; }
h1 { margin: 0 0 4px; } h1.pass { color: #15803d; } h1.fail { color: #b91c1c; }
.meta { color: #4b5563; margin-bottom: 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border: 1px solid #d1d5db; padding: 3px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.chart { position: relative; height: 260px; } .chart.wide { grid-column: 1 / span 2; }
tr.never-hit td { background: #fef2f2; color: #991b1b; font-weight: 600; }
.badge { border-radius: 4px; padding: 0 5px; font-size: 12px; background: #991b1b; color: white; }
section.failure { border: 1px solid #e5e7eb; border-left: 4px solid #dc2626; padding: 8px 12px; margin: 12px 0; }
code, pre { font: 12px/1.4 ui-monospace, monospace; background: #f3f4f6; padding: 2px 4px; }
pre { padding: 6px 8px; overflow-x: auto; }
svg.timeline { background: white; margin-top: 6px; }
svg.timeline .lane { fill: #f9fafb; stroke: #e5e7eb; } svg.timeline text { font: 11px sans-serif; fill: #374151; }
svg.timeline .marker-op { fill: #6b7280; } svg.timeline .marker-timer { fill: #93c5fd; }
svg.timeline .marker-crash { stroke: #dc2626; stroke-width: 2.5; fill: none; }
svg.timeline .marker-power { fill: #f59e0b; } svg.timeline .marker-disk { fill: #7c3aed; } svg.timeline .marker-fault { fill: #111827; }
svg.timeline .fault-line { stroke-width: 1; stroke-dasharray: 3 3; } svg.timeline .fault-line-crash { stroke: #dc2626; }
svg.timeline .fault-line-power { stroke: #f59e0b; } svg.timeline .fault-line-disk { stroke: #7c3aed; }
svg.timeline .failing { fill: #fde047; opacity: 0.7; } svg.timeline .failing-event { fill: #dc2626; stroke: #7f1d1d; stroke-width: 1.5; }
`;

function num(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function summary(report: SweepReport): string {
  const t = report.totals;
  const cells = [
    ['seeds', num(t.seeds)],
    ['passed', num(t.passed)],
    ['failed', num(t.failed)],
    ['seeds/s', num(report.seeds_per_s)],
    ['ops/s', num(report.ops_per_wall_s)],
    ['virtual s per wall s', num(report.virtual_ms_per_wall_s / 1000)],
    ['wall time', formatDurationMs(report.wall_ms)],
    ['parent CPU s per 1000 seeds', report.parent_cpu_s_per_1000_seeds.toFixed(3)],
    ['shards', String(report.shards.length)],
  ];
  return `<table id="summary"><tr>${cells.map(([h]) => `<th>${h}</th>`).join('')}</tr><tr>${cells
    .map(([, v]) => `<td class="num">${esc(v ?? '')}</td>`)
    .join('')}</tr></table>`;
}

function scenarios(report: SweepReport): string {
  const rows = Object.entries(report.scenarios).map(
    ([name, s]) =>
      `<tr><td>${esc(name)}</td><td class="num">${num(s.seeds)}</td><td class="num">${num(s.passed)}</td><td class="num">${num(s.failed)}</td><td class="num">${num(s.ops)}</td><td class="num">${num(s.virtual_ms / 1000)}</td><td class="num">${esc(simToRealText(report, name))}</td></tr>`,
  );
  return `<table id="scenarios"><tr><th>scenario</th><th>seeds</th><th>passed</th><th>failed</th><th>ops</th><th>virtual s</th><th>simulated-to-real</th></tr>${rows.join('')}</table>`;
}

function signatures(report: SweepReport): string {
  if (report.signatures.length === 0) return '<p>No failures.</p>';
  const rows = report.signatures.map(
    (s) =>
      `<tr><td><code>${esc(s.signature)}</code></td><td class="num">${s.count}</td><td>${esc(s.scenarios.join(', '))}</td><td><code>${esc(s.example_replay)}</code></td></tr>`,
  );
  return `<table id="signatures"><tr><th>signature</th><th>count</th><th>scenarios</th><th>replay an example</th></tr>${rows.join('')}</table>`;
}

function probes(report: SweepReport): string {
  const rows = probeRows(report).map((row) => {
    const flag =
      row.hits === 0 ? ' <span class="badge">never hit</span>' : row.catalogued ? '' : ' (not in the spec)';
    return `<tr class="${row.hits === 0 ? 'never-hit' : 'hit'}"><td><code>${esc(row.name)}</code>${flag}</td><td class="num">${num(row.hits)}</td></tr>`;
  });
  if (rows.length === 0) return '<p>No probes were hit and the spec lists none.</p>';
  return `<table id="probes"><tr><th>probe</th><th>hits</th></tr>${rows.join('')}</table>`;
}

function failure(f: FailureRecord): string {
  const lines = [
    `<h3>seed ${esc(f.seed)} <small>(${esc(f.scenario)}, ${esc(f.kind)})</small></h3>`,
    `<p><b>${esc(f.invariant)}</b>${f.command === null ? '' : ` on <code>${esc(f.command)}</code>`}${
      f.event_index === null ? '' : ` at event ${f.event_index}`
    }: ${esc(f.message)}</p>`,
  ];
  if (f.expected !== null)
    lines.push(`<p>expected <code>${esc(f.expected)}</code>, got <code>${esc(f.actual ?? '')}</code></p>`);
  lines.push(`<pre class="replay">${esc(f.replay)}</pre>`);
  if (f.trace_path !== null) lines.push(`<p>trace: <code>${esc(f.trace_path)}</code></p>`);
  if (f.shrunk_trace_path !== null)
    lines.push(`<p>shrunk trace: <code>${esc(f.shrunk_trace_path)}</code></p>`);
  if (f.nondeterminism !== null) lines.push(`<p><b>nondeterministic:</b> ${esc(f.nondeterminism)}</p>`);
  if (f.timeline !== null) {
    const t = f.timeline;
    const cut =
      t.omitted_before + t.omitted_after > 0
        ? ` (${t.omitted_before} earlier and ${t.omitted_after} later events not shown)`
        : '';
    lines.push(renderTimelineSvg(t), `<p class="meta">${t.events.length} events${cut}</p>`);
  } else {
    lines.push(
      '<p class="meta">No trace to draw: the seed did not finish, so replay it to see its events.</p>',
    );
  }
  return `<section class="failure" data-seed="${esc(f.seed)}">${lines.join('\n')}</section>`;
}

export function renderHtml(report: SweepReport): string {
  const failed = report.totals.failed;
  const verdict = failed === 0 ? 'all seeds passed' : `${num(failed)} seed(s) failed`;
  const shown = report.failures.slice(0, HTML_FAILURES_MAX);
  const more = failed - shown.length;
  const meta = `${esc(report.tool.name)} ${esc(report.tool.version)} at ${esc(report.tool.git ?? 'unknown commit')}, on ${esc(
    report.host.hostname,
  )}, ${esc(report.started_at)} to ${esc(report.ended_at)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seed sweep: ${verdict}</title><style>${STYLE}</style></head>
<body>
<h1 class="${failed === 0 ? 'pass' : 'fail'}">Seed sweep: ${verdict}</h1>
<div class="meta">${meta}</div>
${summary(report)}
<details><summary>options</summary><pre>${esc(JSON.stringify(report.options, null, 2))}</pre></details>
<h2>Charts</h2>
<div class="charts">
<div class="chart wide"><canvas id="chart-throughput"></canvas></div>
<div class="chart"><canvas id="chart-invariants"></canvas></div>
<div class="chart"><canvas id="chart-scenarios"></canvas></div>
</div>
<h2>Scenarios</h2>
${scenarios(report)}
<h2>Failures by signature</h2>
${signatures(report)}
<h2>Probe coverage</h2>
${probes(report)}
<h2>Failures</h2>
${shown.map(failure).join('\n') || '<p>None.</p>'}
${more > 0 ? `<p>${num(more)} more failure(s) are in the JSON report.</p>` : ''}
<script type="application/json" id="chart-data">${scriptSafe(JSON.stringify(chartData(report)))}</script>
<script>${scriptSafe(chartJsSource())}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}
