/**
 * Reads a sweep report back from JSON (for `vopr merge` and for rendering), checking that it
 * is one of ours and of a version this code understands. Errors name the file and the problem.
 */
import { readFileSync } from 'node:fs';
import { REPORT_FORMAT, REPORT_VERSION, type SweepReport } from './types.ts';

export class ReportInputError extends Error {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'ReportInputError';
    this.path = path;
  }
}

const REQUIRED_ARRAYS = ['shards', 'failures', 'signatures', 'results', 'throughput', 'workers'] as const;

export function parseReport(path: string, text: string): SweepReport {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(path, `not JSON (${(error as Error).message})`);
  }
  if (data === null || typeof data !== 'object') throw new ReportInputError(path, 'not a JSON object');
  const report = data as Partial<SweepReport>;
  if (report.format !== REPORT_FORMAT) {
    throw new ReportInputError(path, `not a sweep report (format ${JSON.stringify(report.format)})`);
  }
  if (report.version !== REPORT_VERSION) {
    throw new ReportInputError(
      path,
      `report version ${report.version} is not the supported ${REPORT_VERSION}`,
    );
  }
  for (const field of REQUIRED_ARRAYS) {
    if (!Array.isArray(report[field]))
      throw new ReportInputError(path, `field "${field}" is missing or not a list`);
  }
  if (report.totals === undefined || typeof report.totals.seeds !== 'number') {
    throw new ReportInputError(path, 'field "totals" is missing');
  }
  return report as SweepReport;
}

export function readReport(path: string): SweepReport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReportInputError(
      path,
      `cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseReport(path, text);
}
