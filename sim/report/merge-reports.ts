/**
 * Joins shard reports into one, as if one sweep had run every shard's seeds. Counts add up,
 * failures and per-seed results are joined in seed-index order, signatures, probes, simulated
 * and real time and the parents' CPU are summed, and each shard keeps its own throughput line.
 *
 * Reports that cannot belong to one sweep are refused (ReportInputError, exit 2): different
 * options or commits, the same shard twice (two sweeps' reports of one shard), overlapping
 * seeds, or figures that disagree with the report's own records (check-totals.ts). A missing
 * shard and a shard that was stopped early are warnings, and the merged report is then marked
 * incomplete.
 */

import { checkTotals } from './check-totals.ts';
import { cpuSecondsPer1000Seeds, perWallSecond } from './rates.ts';
import { ReportInputError } from './read-report.ts';
import { mergeSignatures } from './signature.ts';
import { simToRealRatio } from './sim-to-real.ts';
import type { ScenarioTotals, SimToReal, SweepReport } from './types.ts';

export interface MergeResult {
  report: SweepReport;
  warnings: string[];
}

function addTotals(into: ScenarioTotals, from: ScenarioTotals): void {
  into.seeds += from.seeds;
  into.passed += from.passed;
  into.failed += from.failed;
  into.ops += from.ops;
  into.virtual_ms += from.virtual_ms;
}

function checkCompatible(named: { path: string; report: SweepReport }[]): void {
  const first = named[0] as { path: string; report: SweepReport };
  const expected = JSON.stringify(first.report.options);
  for (const { path, report } of named.slice(1)) {
    if (JSON.stringify(report.options) !== expected) {
      throw new ReportInputError(
        path,
        `its sweep options ${JSON.stringify(report.options)} differ from ${first.path}'s ${expected}`,
      );
    }
  }
  const commit = JSON.stringify(first.report.tool.git);
  for (const { path, report } of named.slice(1)) {
    if (JSON.stringify(report.tool.git) !== commit) {
      throw new ReportInputError(
        path,
        `it ran commit ${report.tool.git ?? 'unknown'}, ${first.path} ran ${first.report.tool.git ?? 'unknown'}: shards of one sweep run one commit`,
      );
    }
  }
  const shards = new Map<string, string>();
  for (const { path, report } of named) {
    for (const shard of report.shards) {
      const key = `${shard.index}/${shard.count}`;
      const other = shards.get(key);
      if (other !== undefined) {
        throw new ReportInputError(
          path,
          `shard ${key} is also in ${other}: two reports of one shard (a shard listed twice, or run by two sweeps)`,
        );
      }
      shards.set(key, path);
    }
  }
  for (const { path, report } of named) checkTotals(path, report);
  const seen = new Map<number, string>();
  for (const { path, report } of named) {
    for (const result of report.results) {
      const other = seen.get(result.index);
      if (other !== undefined) {
        throw new ReportInputError(
          path,
          `seed ${result.seed} (index ${result.index}) is also in ${other}: is a shard listed twice?`,
        );
      }
      seen.set(result.index, path);
    }
  }
}

function missingShards(reports: SweepReport[]): string[] {
  const counts = new Set(reports.flatMap((report) => report.shards.map((shard) => shard.count)));
  if (counts.size !== 1) return [`the reports come from different shard counts (${[...counts].join(', ')})`];
  const count = [...counts][0] as number;
  const present = new Set(reports.flatMap((report) => report.shards.map((shard) => shard.index)));
  const missing: number[] = [];
  for (let i = 0; i < count && missing.length < 20; i++) if (!present.has(i)) missing.push(i);
  return missing.length === 0
    ? []
    : [`shards missing from the merge: ${missing.map((i) => `${i}/${count}`).join(', ')}`];
}

export function mergeReports(named: { path: string; report: SweepReport }[]): MergeResult {
  if (named.length === 0) throw new ReportInputError('(none)', 'no reports to merge');
  checkCompatible(named);
  const reports = named.map((entry) => entry.report);
  const first = reports[0] as SweepReport;
  const warnings = missingShards(reports);
  const missing = warnings.length > 0;
  const stopped = named.filter(({ report }) => report.complete === false);
  for (const { path, report } of stopped)
    warnings.push(`${path} is incomplete: its sweep was stopped by ${report.stopped_by ?? 'unknown'}`);
  const stoppedBy = [...new Set(stopped.map(({ report }) => report.stopped_by ?? 'unknown'))];
  if (missing) stoppedBy.push('missing shards');
  const totals: ScenarioTotals = { seeds: 0, passed: 0, failed: 0, ops: 0, virtual_ms: 0 };
  const scenarios: Record<string, ScenarioTotals> = {};
  const probes: Record<string, number> = {};
  const simToReal: Record<string, SimToReal> = {};
  let parentCpuMs = 0;
  for (const report of reports) {
    addTotals(totals, report.totals);
    for (const [name, each] of Object.entries(report.scenarios)) {
      scenarios[name] ??= { seeds: 0, passed: 0, failed: 0, ops: 0, virtual_ms: 0 };
      addTotals(scenarios[name], each);
    }
    for (const [name, hits] of Object.entries(report.probes)) probes[name] = (probes[name] ?? 0) + hits;
    // Reports written before these figures existed have neither; they add nothing.
    for (const [name, time] of Object.entries(report.sim_to_real ?? {})) {
      simToReal[name] ??= { virtual_ms: 0, wall_ms: 0, ratio: 0 };
      simToReal[name].virtual_ms += time.virtual_ms;
      simToReal[name].wall_ms += time.wall_ms;
    }
    for (const shard of report.shards) parentCpuMs += shard.parent_cpu_ms ?? 0;
  }
  for (const time of Object.values(simToReal)) time.ratio = simToRealRatio(time.virtual_ms, time.wall_ms);
  const startedAt = reports.map((r) => r.started_at).sort()[0] as string;
  const endedAt = reports
    .map((r) => r.ended_at)
    .sort()
    .at(-1) as string;
  const wallMs = Math.max(0, Date.parse(endedAt) - Date.parse(startedAt));
  const hostnames = [...new Set(reports.map((r) => r.host.hostname))];
  const report: SweepReport = {
    ...first,
    host: {
      ...first.host,
      hostname: hostnames.join(', '),
      cpus: reports.reduce((sum, r) => sum + r.host.cpus, 0),
    },
    started_at: startedAt,
    ended_at: endedAt,
    wall_ms: wallMs,
    complete: stoppedBy.length === 0,
    stopped_by: stoppedBy.length === 0 ? null : stoppedBy.join(', '),
    seeds_abandoned: reports.reduce((sum, r) => sum + (r.seeds_abandoned ?? 0), 0),
    shards: reports.flatMap((r) => r.shards).sort((a, b) => a.index - b.index),
    totals,
    scenarios: Object.fromEntries(Object.entries(scenarios).sort(([a], [b]) => a.localeCompare(b))),
    seeds_per_s: perWallSecond(totals.seeds, wallMs),
    ops_per_wall_s: perWallSecond(totals.ops, wallMs),
    virtual_ms_per_wall_s: perWallSecond(totals.virtual_ms, wallMs),
    sim_to_real: Object.fromEntries(Object.entries(simToReal).sort(([a], [b]) => a.localeCompare(b))),
    parent_cpu_s_per_1000_seeds: cpuSecondsPer1000Seeds(parentCpuMs, totals.seeds),
    failures: reports.flatMap((r) => r.failures).sort((a, b) => a.index - b.index),
    signatures: mergeSignatures(reports.map((r) => r.signatures)),
    probes: Object.fromEntries(Object.entries(probes).sort(([a], [b]) => a.localeCompare(b))),
    probe_catalogue: [...new Set(reports.flatMap((r) => r.probe_catalogue))].sort(),
    probe_unreachable: first.probe_unreachable ?? {},
    throughput: reports.flatMap((r) => r.throughput),
    workers: reports.flatMap((r) => r.workers),
    results_complete: reports.every((r) => r.results_complete),
    results: reports.flatMap((r) => r.results).sort((a, b) => a.index - b.index),
  };
  return { report, warnings };
}
