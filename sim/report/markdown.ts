/**
 * The Markdown report, for a pull request or a chat message: a summary table, per-scenario
 * totals with their simulated-to-real time, findings and harness failures grouped by signature
 * apart, with the commands that replay them, and the reachable probes never hit. A sweep that
 * was stopped early says so first. It leaves out per-seed results and timelines (the JSON and
 * HTML reports hold those).
 */
import { formatDurationMs } from '../duration.ts';
import { isHarnessSignature } from './harness-failures.ts';
import { neverHitProbes, unreachableRows } from './probe-coverage.ts';
import { simToRealText } from './sim-to-real.ts';
import type { FailureRecord, SweepReport } from './types.ts';

/** Failures listed in full; the rest are counted, and the signatures cover them all. */
export const MARKDOWN_FAILURES_MAX = 50;

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function number(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function summary(report: SweepReport): string[] {
  const { totals } = report;
  const shards =
    report.shards.length === 1 && report.shards[0]?.count === 1
      ? '1'
      : `${report.shards.length} of ${report.shards[0]?.count ?? '?'}`;
  return [
    '| seeds | passed | failed | seeds/s | ops/s | virtual s per wall s | wall time | parent CPU s per 1000 seeds | shards | commit |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    `| ${number(totals.seeds)} | ${number(totals.passed)} | ${number(totals.failed)} | ${number(report.seeds_per_s)} | ${number(report.ops_per_wall_s)} | ${number(report.virtual_ms_per_wall_s / 1000)} | ${formatDurationMs(report.wall_ms)} | ${cpuPer1000(report)} | ${shards} | ${cell(report.tool.git ?? 'unknown')} |`,
  ];
}

function cpuPer1000(report: SweepReport): string {
  return report.parent_cpu_s_per_1000_seeds.toFixed(3);
}

function scenarios(report: SweepReport): string[] {
  const lines = [
    '| scenario | seeds | passed | failed | ops | virtual s | simulated-to-real |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [name, totals] of Object.entries(report.scenarios)) {
    lines.push(
      `| ${cell(name)} | ${number(totals.seeds)} | ${number(totals.passed)} | ${number(totals.failed)} | ${number(totals.ops)} | ${number(totals.virtual_ms / 1000)} | ${simToRealText(report, name)} |`,
    );
  }
  return lines;
}

function failure(f: FailureRecord): string[] {
  const lines = [
    `- seed \`${f.seed}\`, scenario \`${f.scenario}\`, ${f.kind === 'invariant' ? '' : `${f.kind}, `}\`${f.invariant}\`${f.command === null ? '' : ` on \`${f.command}\``}: ${cell(f.message)}` +
      (f.event_index === null ? '' : ` (event ${f.event_index})`),
    '  ```sh',
    `  ${f.replay}`,
    '  ```',
  ];
  if (f.trace_path !== null) lines.push(`  trace: \`${f.trace_path}\``);
  if (f.shrunk_trace_path !== null) lines.push(`  shrunk trace: \`${f.shrunk_trace_path}\``);
  if (f.nondeterminism !== null) lines.push(`  **nondeterministic:** ${cell(f.nondeterminism)}`);
  return lines;
}

export function renderMarkdown(report: SweepReport): string {
  const verdict = report.totals.failed === 0 ? 'all seeds passed' : `${report.totals.failed} seed(s) failed`;
  const out = [
    `# Seed sweep: ${verdict}${report.complete === false ? ' (incomplete)' : ''}`,
    '',
    `${report.started_at} to ${report.ended_at}, on ${report.host.hostname}`,
    '',
  ];
  if (report.complete === false) {
    out.push(
      `**Incomplete: stopped by ${report.stopped_by ?? 'unknown'}.** The figures cover the seeds that finished; ${report.seeds_abandoned ?? 0} more were cut off unfinished.`,
      '',
    );
  }
  out.push(...summary(report), '', '## Scenarios', '', ...scenarios(report), '');
  if (report.signatures.length > 0) {
    out.push(
      '## Failures by signature',
      '',
      '| signature | count | scenarios | replay an example |',
      '|---|---:|---|---|',
    );
    // Findings first, then the seeds the tool could not judge (harness failures).
    const ordered = [
      ...report.signatures.filter((s) => !isHarnessSignature(s)),
      ...report.signatures.filter(isHarnessSignature),
    ];
    for (const s of ordered) {
      const harness = isHarnessSignature(s) ? ' (harness failure)' : '';
      out.push(
        `| \`${cell(s.signature)}\`${harness} | ${s.count} | ${cell(s.scenarios.join(', '))} | \`${cell(s.example_replay)}\` |`,
      );
    }
    out.push('', '## Failures', '');
    for (const f of report.failures.slice(0, MARKDOWN_FAILURES_MAX)) out.push(...failure(f));
    const left = report.totals.failed - Math.min(report.failures.length, MARKDOWN_FAILURES_MAX);
    if (left > 0) out.push('', `(${left} more failure(s): see the JSON or HTML report)`);
    out.push('');
  }
  const never = neverHitProbes(report);
  out.push('## Probe coverage', '');
  out.push(`${Object.keys(report.probes).length} probe(s) hit.`);
  if (never.length > 0) out.push(`Never hit: ${never.map((name) => `\`${name}\``).join(', ')}.`);
  const apart = unreachableRows(report);
  if (apart.length > 0)
    out.push(
      `${apart.length} probe(s) this sweep cannot reach are not judged (see the HTML report for why).`,
    );
  out.push('');
  return out.join('\n');
}
