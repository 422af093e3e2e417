/**
 * Writes a suite report to each `--report` file, the format chosen by the extension: `.json`
 * (the report as data) and `.md` for every suite, plus whatever extra formats a command
 * renders itself (soak's `.html` chart). Paths are checked before the suite runs, so a typo
 * does not cost an hour of soak. A report that cannot be written is an OutputWriteError (exit
 * 3, one line), raised only after every other report was written.
 */
import { extname } from 'node:path';
import { type OutputWriteError, outputWriteError, writeOutputFile } from '../output-file.ts';
import { renderSuiteMarkdown } from './markdown.ts';
import type { SuiteReport } from './types.ts';

export type SuiteRenderer = (report: SuiteReport) => string;

export class SuiteReportPathError extends Error {
  readonly path: string;
  constructor(path: string, known: readonly string[]) {
    super(`--report ${path}: unknown report type (use a ${known.join(', ')} file name)`);
    this.name = 'SuiteReportPathError';
    this.path = path;
  }
}

const BASE_RENDERERS: Readonly<Record<string, SuiteRenderer>> = {
  '.json': (report) => `${JSON.stringify(report, null, 2)}\n`,
  '.md': renderSuiteMarkdown,
};

function renderers(extra: Readonly<Record<string, SuiteRenderer>>): Readonly<Record<string, SuiteRenderer>> {
  return { ...BASE_RENDERERS, ...extra };
}

export function checkSuiteReportPaths(
  paths: readonly string[],
  extra: Readonly<Record<string, SuiteRenderer>> = {},
): void {
  const known = renderers(extra);
  for (const path of paths) {
    if (!(extname(path).toLowerCase() in known)) throw new SuiteReportPathError(path, Object.keys(known));
  }
}

export function writeSuiteReports(
  report: SuiteReport,
  paths: readonly string[],
  extra: Readonly<Record<string, SuiteRenderer>> = {},
): void {
  checkSuiteReportPaths(paths, extra);
  const known = renderers(extra);
  let firstError: OutputWriteError | null = null;
  for (const path of paths) {
    const render = known[extname(path).toLowerCase()] as SuiteRenderer;
    try {
      writeOutputFile(path, render(report), 'the report');
    } catch (error) {
      firstError ??= outputWriteError('the report', path, error);
    }
  }
  if (firstError !== null) throw firstError;
}
