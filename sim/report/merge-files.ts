/**
 * `vopr merge` as a function: reads shard reports, joins them, writes the merged report in
 * every requested format. Bad input (an unreadable file, a foreign report, overlapping shards)
 * throws ReportInputError; missing shards come back as warnings.
 */
import { type MergeResult, mergeReports } from './merge-reports.ts';
import { readReport } from './read-report.ts';
import { checkReportFolders, checkReportPaths, writeReports } from './write-reports.ts';

export function mergeReportFiles(inputs: readonly string[], outputs: readonly string[]): MergeResult {
  checkReportPaths(outputs);
  checkReportFolders(outputs);
  const merged = mergeReports(inputs.map((path) => ({ path, report: readReport(path) })));
  writeReports(merged.report, outputs);
  return merged;
}
