/**
 * The HTML report's charts: the data each one plots (derived from the report here, in
 * TypeScript, where it is testable) and the small browser script that hands it to Chart.js.
 * Chart.js itself is inlined from node_modules, so the page needs no network.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isHarnessSignature } from './harness-failures.ts';
import type { SweepReport } from './types.ts';

export interface ChartData {
  /** One line per shard: seeds/s between consecutive samples, against elapsed seconds. */
  throughput: { label: string; points: { x: number; y: number }[] }[];
  /** Findings only: harness failures say nothing about redlite's invariants. */
  failuresByInvariant: { labels: string[]; counts: number[] };
  failuresByScenario: { labels: string[]; counts: number[] };
}

export function chartData(report: SweepReport): ChartData {
  const throughput = report.throughput.map((series) => {
    const points: { x: number; y: number }[] = [];
    for (let i = 1; i < series.samples.length; i++) {
      const before = series.samples[i - 1];
      const after = series.samples[i];
      if (before === undefined || after === undefined) continue;
      const seconds = (after.elapsed_ms - before.elapsed_ms) / 1000;
      if (seconds <= 0) continue;
      const rate = (after.seeds_done - before.seeds_done) / seconds;
      points.push({ x: Number((after.elapsed_ms / 1000).toFixed(2)), y: Number(rate.toFixed(2)) });
    }
    return { label: series.label, points };
  });
  const byInvariant = new Map<string, number>();
  for (const signature of report.signatures) {
    if (isHarnessSignature(signature)) continue;
    byInvariant.set(signature.invariant, (byInvariant.get(signature.invariant) ?? 0) + signature.count);
  }
  const invariants = [...byInvariant.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const scenarios = Object.entries(report.scenarios).sort(([a], [b]) => a.localeCompare(b));
  return {
    throughput,
    failuresByInvariant: { labels: invariants.map(([name]) => name), counts: invariants.map(([, n]) => n) },
    failuresByScenario: {
      labels: scenarios.map(([name]) => name),
      counts: scenarios.map(([, totals]) => totals.failed),
    },
  };
}

/** Chart.js's UMD build, read from the installed package. */
export function chartJsSource(): string {
  const main = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
}

/** Makes text safe inside an inline <script> element. */
export function scriptSafe(text: string): string {
  return text.replaceAll('</script', '<\\/script').replaceAll('<!--', '<\\!--');
}

/** The page script: draws the three charts from the embedded data, then flags the page ready. */
export const CHART_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var palette = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];
  var base = { animation: false, responsive: true, maintainAspectRatio: false };
  var charts = {};
  charts.throughput = new Chart(document.getElementById('chart-throughput'), {
    type: 'line',
    data: { datasets: data.throughput.map(function (s, i) {
      return { label: s.label, data: s.points, borderColor: palette[i % palette.length],
        backgroundColor: palette[i % palette.length], pointRadius: 2, tension: 0.2 };
    }) },
    options: Object.assign({}, base, { parsing: true, plugins: { legend: { display: true },
      title: { display: true, text: 'seeds/s over the run' } },
      scales: { x: { type: 'linear', title: { display: true, text: 'elapsed (s)' } },
        y: { beginAtZero: true, title: { display: true, text: 'seeds/s' } } } })
  });
  function bars(id, title, series, color) {
    return new Chart(document.getElementById(id), {
      type: 'bar',
      data: { labels: series.labels, datasets: [{ label: 'failures', data: series.counts, backgroundColor: color }] },
      options: Object.assign({}, base, { plugins: { legend: { display: true }, title: { display: true, text: title } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
    });
  }
  charts.invariants = bars('chart-invariants', 'findings by invariant', data.failuresByInvariant, '#dc2626');
  charts.scenarios = bars('chart-scenarios', 'failures by scenario', data.failuresByScenario, '#d97706');
  window.sweepCharts = charts;
  document.body.setAttribute('data-charts-ready', 'true');
})();
`;
