/**
 * The HTML report: one self-contained file (Chart.js and the data inline, no network) that
 * opens in any browser. It shows the summary (and, for a sweep stopped early, that it is
 * incomplete), the throughput and failure charts, per-scenario totals with their
 * simulated-to-real time, findings and harness failures apart (harness-failures.ts), probe
 * coverage judged against the probes this sweep can reach (the others listed apart with their
 * reasons), and the kept failures grouped by signature, each group collapsible, with a filter
 * box; each failure has its replay command and a timeline of its trace. Chart code lives in
 * html-charts.ts, the timeline drawing in timeline-svg.ts, the page's own script in
 * html-script.ts.
 */
import { formatDurationMs } from '../duration.ts';
import { isHarnessFailure, isHarnessSignature } from './harness-failures.ts';
import { CHART_SCRIPT, chartData, chartJsSource, scriptSafe } from './html-charts.ts';
import { FAILURE_FILTER_SCRIPT } from './html-script.ts';
import { probeRows, unreachableRows } from './probe-coverage.ts';
import { signatureOf } from './signature.ts';
import { simToRealText } from './sim-to-real.ts';
import { escapeXml as esc, renderTimelineSvg } from './timeline-svg.ts';
import type { FailureRecord, Signature, SweepReport } from './types.ts';

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
p.incomplete { background: #fffbeb; border: 1px solid #f59e0b; padding: 6px 10px; font-weight: 600; color: #92400e; }
section.failure.harness { border-left-color: #6b7280; }
details.group { border: 1px solid #e5e7eb; margin: 8px 0; padding: 4px 10px; }
details.group > summary { cursor: pointer; font-weight: 600; } details.group > summary .count { color: #4b5563; font-weight: 400; }
#failure-controls { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
#failure-filter { flex: 1; font: inherit; padding: 4px 8px; }
tr.unreachable td { color: #6b7280; }
`;

/** Failures shown with every group open; past this, groups start collapsed. */
const GROUPS_OPEN_FAILURES_MAX = 10;

function num(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

/** Failed seeds that are harness failures, counted from the signatures (which count every one). */
function harnessCount(report: SweepReport): number {
  return report.signatures.filter(isHarnessSignature).reduce((sum, s) => sum + s.count, 0);
}

function incompleteNote(report: SweepReport): string {
  if (report.complete !== false) return '';
  const unfinished = report.seeds_abandoned ?? 0;
  return `<p class="incomplete" id="incomplete">incomplete: stopped by ${esc(report.stopped_by ?? 'unknown')}; the figures cover the ${num(
    report.totals.seeds,
  )} seeds that finished${unfinished > 0 ? `, ${num(unfinished)} more were cut off unfinished` : ''}.</p>`;
}

function summary(report: SweepReport): string {
  const t = report.totals;
  const harness = harnessCount(report);
  const cells = [
    ['seeds', num(t.seeds)],
    ['passed', num(t.passed)],
    ['findings', num(t.failed - harness)],
    ['harness failures', num(harness)],
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

function signatureTable(id: string, list: Signature[], none: string): string {
  if (list.length === 0) return `<p id="${id}-none">${none}</p>`;
  const rows = list.map(
    (s) =>
      `<tr><td><code>${esc(s.signature)}</code></td><td class="num">${s.count}</td><td>${esc(s.scenarios.join(', '))}</td><td><code>${esc(s.example_replay)}</code></td></tr>`,
  );
  return `<table id="${id}"><tr><th>signature</th><th>count</th><th>scenarios</th><th>replay an example</th></tr>${rows.join('')}</table>`;
}

function probes(report: SweepReport): string {
  const rows = probeRows(report).map((row) => {
    const flag =
      row.hits === 0 ? ' <span class="badge">never hit</span>' : row.catalogued ? '' : ' (not in the spec)';
    return `<tr class="${row.hits === 0 ? 'never-hit' : 'hit'}"><td><code>${esc(row.name)}</code>${flag}</td><td class="num">${num(row.hits)}</td></tr>`;
  });
  const judged =
    rows.length === 0
      ? '<p>No probes were hit and the spec lists none this sweep can reach.</p>'
      : `<table id="probes"><tr><th>probe</th><th>hits</th></tr>${rows.join('')}</table>`;
  const apart = unreachableRows(report).map(
    (row) => `<tr class="unreachable"><td><code>${esc(row.name)}</code></td><td>${esc(row.reason)}</td></tr>`,
  );
  if (apart.length === 0) return judged;
  return `${judged}
<details id="probes-unreachable-list"><summary>${apart.length} probe(s) this sweep cannot reach, not judged</summary>
<table id="probes-unreachable"><tr><th>probe</th><th>why it cannot be reached here</th></tr>${apart.join('')}</table></details>`;
}

function searchText(f: FailureRecord): string {
  return [f.seed, f.scenario, f.kind, f.invariant, f.command ?? '', f.message].join(' ').toLowerCase();
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
  const kind = isHarnessFailure(f) ? 'harness' : 'finding';
  return `<section class="failure ${kind}" data-seed="${esc(f.seed)}" data-search="${esc(searchText(f))}">${lines.join('\n')}</section>`;
}

/** The shown failures of one kind, grouped by signature, most frequent first, each group collapsible. */
function groups(report: SweepReport, shown: FailureRecord[], harness: boolean, open: boolean): string {
  const bySignature = new Map<string, FailureRecord[]>();
  for (const f of shown) {
    if (isHarnessFailure(f) !== harness) continue;
    const key = signatureOf(f.invariant, f.command);
    const list = bySignature.get(key) ?? [];
    list.push(f);
    bySignature.set(key, list);
  }
  const counts = new Map(report.signatures.map((s) => [s.signature, s.count]));
  const ordered = [...bySignature.entries()].sort(
    ([a, x], [b, y]) => (counts.get(b) ?? y.length) - (counts.get(a) ?? x.length) || a.localeCompare(b),
  );
  if (ordered.length === 0) return '<p>None.</p>';
  return ordered
    .map(([key, list]) => {
      const total = counts.get(key) ?? list.length;
      const count = total === list.length ? `${total}` : `${list.length} shown of ${total}`;
      return `<details class="group ${harness ? 'harness' : 'finding'}" data-signature="${esc(key)}"${open ? ' open' : ''}>
<summary><code>${esc(key)}</code> <span class="count">(${count})</span></summary>
${list.map(failure).join('\n')}
</details>`;
    })
    .join('\n');
}

function verdictOf(report: SweepReport): string {
  const failed = report.totals.failed;
  const harness = harnessCount(report);
  const findings = failed - harness;
  const parts: string[] = [];
  if (findings > 0) parts.push(`${num(findings)} finding(s)`);
  if (harness > 0) parts.push(`${num(harness)} harness failure(s)`);
  const verdict = failed === 0 ? 'all seeds passed' : `${num(failed)} seed(s) failed: ${parts.join(', ')}`;
  return report.complete === false ? `${verdict} (incomplete)` : verdict;
}

export function renderHtml(report: SweepReport): string {
  const failed = report.totals.failed;
  const verdict = verdictOf(report);
  const shown = report.failures.slice(0, HTML_FAILURES_MAX);
  const more = failed - shown.length;
  const open = shown.length <= GROUPS_OPEN_FAILURES_MAX;
  const findingSignatures = report.signatures.filter((s) => !isHarnessSignature(s));
  const harnessSignatures = report.signatures.filter(isHarnessSignature);
  const meta = `${esc(report.tool.name)} ${esc(report.tool.version)} at ${esc(report.tool.git ?? 'unknown commit')}, on ${esc(
    report.host.hostname,
  )}, ${esc(report.started_at)} to ${esc(report.ended_at)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seed sweep: ${verdict}</title><style>${STYLE}</style></head>
<body>
<h1 class="${failed === 0 ? 'pass' : 'fail'}">Seed sweep: ${verdict}</h1>
<div class="meta">${meta}</div>
${incompleteNote(report)}
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
<h2>Findings by signature</h2>
${signatureTable('signatures', findingSignatures, 'No findings: redlite broke no invariant.')}
<h2>Harness failures by signature</h2>
<p class="meta">Seeds the tool could not judge (a worker died, a seed hung, the simulator threw): not findings about redlite.</p>
${signatureTable('harness-signatures', harnessSignatures, 'No harness failures.')}
<h2>Probe coverage</h2>
${probes(report)}
<h2>Failures</h2>
<div id="failure-controls"><input id="failure-filter" type="search" placeholder="filter: seed, scenario, invariant, command or message" aria-label="filter failures">
<button type="button" id="expand-all">expand all</button><button type="button" id="collapse-all">collapse all</button>
<span id="filter-count" class="meta"></span></div>
<h3>Findings</h3>
<div id="finding-groups">${groups(report, shown, false, open)}</div>
<h3>Harness failures</h3>
<div id="harness-groups">${groups(report, shown, true, open)}</div>
${more > 0 ? `<p>${num(more)} more failure(s) are in the JSON report.</p>` : ''}
<script type="application/json" id="chart-data">${scriptSafe(JSON.stringify(chartData(report)))}</script>
<script>${scriptSafe(chartJsSource())}</script>
<script>${FAILURE_FILTER_SCRIPT}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}
