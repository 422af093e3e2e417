/**
 * Probe coverage as the reports show it (docs/architecture.md, principle 8): every probe the
 * sweep could reach, from the catalogue or hit by a seed, with its hit count, flagged when no
 * seed reached it; and apart, the probes this sweep's worlds cannot reach, with the reason for
 * each (probe-reachability.ts), which are never flagged. A probe listed unreachable that was
 * hit anyway is judged with the others: the hit is worth seeing.
 */
import type { SweepReport } from './types.ts';

export interface ProbeRow {
  name: string;
  hits: number;
  /** False for a probe that fired but is not in the report's catalogue (a report of an older catalogue). */
  catalogued: boolean;
}

export interface UnreachableRow {
  name: string;
  reason: string;
}

function unreachable(report: SweepReport): Record<string, string> {
  return report.probe_unreachable ?? {};
}

export function probeRows(report: SweepReport): ProbeRow[] {
  const catalogue = new Set(report.probe_catalogue);
  const skip = unreachable(report);
  const names = new Set([...report.probe_catalogue, ...Object.keys(report.probes)]);
  return [...names]
    .filter((name) => !(name in skip) || (report.probes[name] ?? 0) > 0)
    .sort()
    .map((name) => ({ name, hits: report.probes[name] ?? 0, catalogued: catalogue.has(name) }));
}

export function unreachableRows(report: SweepReport): UnreachableRow[] {
  return Object.entries(unreachable(report))
    .filter(([name]) => (report.probes[name] ?? 0) === 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, reason]) => ({ name, reason }));
}

export function neverHitProbes(report: SweepReport): string[] {
  return probeRows(report)
    .filter((row) => row.hits === 0)
    .map((row) => row.name);
}
