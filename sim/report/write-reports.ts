/**
 * Writes a report to each requested file, the format chosen by the extension: `.json`, `.md`
 * or `.html`. Extensions are checked before a sweep starts (checkReportPaths), so a typo does
 * not cost a night's run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, extname } from 'node:path';
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

export function writeReports(report: SweepReport, paths: readonly string[]): void {
  checkReportPaths(paths);
  for (const path of paths) {
    const render = RENDERERS[extname(path).toLowerCase()] as (report: SweepReport) => string;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, render(report));
  }
}
