/**
 * The mutation report, per file: `npm run mutate:survivors [report.json ...]` reads Stryker's
 * JSON reports (the mutation-testing-report schema) and prints, for each mutated file, its
 * counts by status and its score, then its surviving and uncovered mutants, one line each with
 * the line, the mutator and the replacement. Stryker's clear-text reporter lists survivors in
 * one long run across files; grouped by file they read as a to-do list per command family.
 *
 * Without arguments it reads every shard's report under reports/mutation/ and merges them, so
 * shards run one file at a time add up to one table; where two reports hold the same file, the
 * newer report's results win.
 *
 * The score is Stryker's: detected (killed plus timed out) over valid mutants (detected plus
 * survived plus no coverage). Compile errors and ignored mutants are counted but not scored.
 *
 * Left out: running Stryker (`npm run mutate`), and the source text around each mutant (the
 * HTML report beside the JSON one shows it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}

export interface MutationReport {
  files: Record<string, { mutants: ReportMutant[] }>;
}

export interface FileSummary {
  file: string;
  counts: Record<string, number>;
  /** Detected over valid, as a percentage; null when the file has no valid mutant. */
  scorePercent: number | null;
  /** Survived and NoCoverage mutants, in source order. */
  undetected: ReportMutant[];
}

export class MutationReportError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot read the mutation report ${path}: ${reason}`);
    this.name = 'MutationReportError';
  }
}

const DETECTED = ['Killed', 'Timeout'];
const UNDETECTED = ['Survived', 'NoCoverage'];

function score(counts: Record<string, number>): number | null {
  const sum = (statuses: string[]) => statuses.reduce((total, status) => total + (counts[status] ?? 0), 0);
  const detected = sum(DETECTED);
  const valid = detected + sum(UNDETECTED);
  return valid === 0 ? null : (100 * detected) / valid;
}

export function summarise(report: MutationReport): FileSummary[] {
  return Object.entries(report.files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([file, { mutants }]) => {
      const counts: Record<string, number> = {};
      for (const mutant of mutants) counts[mutant.status] = (counts[mutant.status] ?? 0) + 1;
      const undetected = mutants
        .filter((mutant) => UNDETECTED.includes(mutant.status))
        .sort(
          (a, b) =>
            a.location.start.line - b.location.start.line ||
            a.location.start.column - b.location.start.column,
        );
      return { file, counts, scorePercent: score(counts), undetected };
    });
}

/** The totals over all files, as one more summary named `all files`. */
export function total(summaries: readonly FileSummary[]): FileSummary {
  const counts: Record<string, number> = {};
  for (const summary of summaries) {
    for (const [status, count] of Object.entries(summary.counts))
      counts[status] = (counts[status] ?? 0) + count;
  }
  return { file: 'all files', counts, scorePercent: score(counts), undetected: [] };
}

function countsLine(summary: FileSummary): string {
  const scoreText = summary.scorePercent === null ? 'n/a' : `${summary.scorePercent.toFixed(1)}%`;
  const counts = Object.entries(summary.counts)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  return `${summary.file}: score ${scoreText} (${counts})`;
}

function mutantLine(mutant: ReportMutant): string {
  const { line, column } = mutant.location.start;
  const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ');
  const shown = replacement.length > 80 ? `${replacement.slice(0, 77)}...` : replacement;
  return `  ${line}:${column} ${mutant.status} ${mutant.mutatorName}: ${shown}`;
}

export function formatSummaries(summaries: readonly FileSummary[]): string {
  const lines: string[] = [];
  for (const summary of summaries) {
    lines.push(countsLine(summary));
    lines.push(...summary.undetected.map(mutantLine));
  }
  lines.push(countsLine(total(summaries)));
  return lines.join('\n');
}

/** The files of all reports, later reports replacing earlier ones file by file. */
export function merge(reports: readonly MutationReport[]): MutationReport {
  const files: MutationReport['files'] = {};
  for (const report of reports) Object.assign(files, report.files);
  return { files };
}

/** Every shard's JSON report under `root`, oldest first. */
export function shardReports(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .map((shard) => join(root, shard, 'mutation.json'))
    .filter((path) => existsSync(path))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
}

export function readReport(path: string): MutationReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MutationReportError(path, (error as Error).message);
  }
  const report = JSON.parse(text) as Partial<MutationReport>;
  if (typeof report.files !== 'object' || report.files === null) {
    throw new MutationReportError(path, 'no "files" object; is it a Stryker JSON report?');
  }
  return report as MutationReport;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = 'reports/mutation';
  const paths = process.argv.length > 2 ? process.argv.slice(2) : shardReports(root);
  try {
    if (paths.length === 0)
      throw new MutationReportError(root, 'no shard report; run `npm run mutate` first');
    console.log(formatSummaries(summarise(merge(paths.map(readReport)))));
  } catch (error) {
    if (!(error instanceof MutationReportError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
