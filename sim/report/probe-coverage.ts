/**
 * Probe coverage as the reports show it: every probe in the catalogue or hit by a seed, with
 * its hit count, and the catalogue's probes that no seed reached (docs/architecture.md, principle 8).
 */
import type { SweepReport } from './types.ts';

export interface ProbeRow {
  name: string;
  hits: number;
  /** False for a probe that fired but is not in the report's catalogue (a report of an older catalogue). */
  catalogued: boolean;
}

export function probeRows(report: SweepReport): ProbeRow[] {
  const catalogue = new Set(report.probe_catalogue);
  const names = new Set([...report.probe_catalogue, ...Object.keys(report.probes)]);
  return [...names]
    .sort()
    .map((name) => ({ name, hits: report.probes[name] ?? 0, catalogued: catalogue.has(name) }));
}

export function neverHitProbes(report: SweepReport): string[] {
  return probeRows(report)
    .filter((row) => row.hits === 0)
    .map((row) => row.name);
}
