/**
 * Writes a report to each requested file, the format chosen by the extension: `.json`, `.md`
 * or `.html`. Extensions are checked before a sweep starts (checkReportPaths), so a typo does
 * not cost a night's run, and so are their folders (checkReportFolders): missing ones are made,
 * and one that cannot be (a path under a file or under /proc) fails before any seed runs.
 *
 * A report that cannot be written (a full or read-only disk) is an OutputWriteError, a tool
 * error (exit 3), raised only after every other report was written, so one bad path loses no
 * other report.
 */
import { extname } from 'node:path';
import { ensureParentFolder, OutputWriteError, writeOutputFile } from '../output-file.ts';
import { renderHtml } from './html.ts';
import { renderMarkdown } from './markdown.ts';
import type { SweepReport } from './types.ts';

export class ReportPathError extends Error {
  readonly path: string;
  constructor(path: string) {
    super(`--report ${path}: unknown report type (use a .json, .md or .html file name)`);
    this.name = 'ReportPathError';
    this.path = path;
  }
}

const RENDERERS: Record<string, (report: SweepReport) => string> = {
  '.json': (report) => `${JSON.stringify(report, null, 2)}\n`,
  '.md': renderMarkdown,
  '.html': renderHtml,
};

export function checkReportPaths(paths: readonly string[]): void {
  for (const path of paths) if (!(extname(path).toLowerCase() in RENDERERS)) throw new ReportPathError(path);
}

/** Makes the reports' missing folders; throws OutputWriteError when one cannot be made. */
export function checkReportFolders(paths: readonly string[]): void {
  for (const path of paths) ensureParentFolder(path, 'report');
}

export function writeReports(report: SweepReport, paths: readonly string[]): void {
  checkReportPaths(paths);
  let firstError: OutputWriteError | null = null;
  for (const path of paths) {
    const render = RENDERERS[extname(path).toLowerCase()] as (report: SweepReport) => string;
    try {
      writeOutputFile(path, render(report), 'report');
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      firstError ??= error;
    }
  }
  if (firstError !== null) throw firstError;
}
