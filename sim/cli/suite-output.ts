/**
 * What every check command (smoke, properties, fuzz, soak, and later oracle, simulate, chaos,
 * stress, full) shares at the command line: the `--json` and `--report` options, a progress
 * bar on a terminal, a line per check as it finishes, the report files, the closing
 * `N passed, N failed` line (or, with --json, one JSON object as the last line) and the exit
 * code. Bad input found by a suite (its named option errors) becomes a UsageError, exit 2.
 */
import type { Argv } from 'yargs';
import { DurationError } from '../duration.ts';
import { OutputWriteError } from '../output-file.ts';
import { SeedError } from '../random/index.ts';
import { checkLines } from '../suite/check-lines.ts';
import { SuiteOptionError } from '../suite/options.ts';
import { type SuiteProgress, startSuiteProgress } from '../suite/progress.ts';
import { exitCodeOf, passedFailedLine } from '../suite/summary.ts';
import type { SuiteObserver, SuiteReport } from '../suite/types.ts';
import {
  checkSuiteReportPaths,
  type SuiteRenderer,
  SuiteReportPathError,
  writeSuiteReports,
} from '../suite/write-suite-report.ts';
import { type CliContext, cliContext, reportInterrupted, UsageError } from './context.ts';

export interface SuiteOutputFlags {
  json?: boolean | undefined;
  report?: string | string[] | undefined;
}

export function withSuiteOutput<T>(yargs: Argv<T>, reportTypes = '.json or .md'): Argv<T & SuiteOutputFlags> {
  return yargs
    .option('json', { type: 'boolean', describe: 'print the result as one JSON object on the last line' })
    .option('report', {
      type: 'string',
      describe: `write the report: ${reportTypes} (repeatable)`,
    }) as Argv<T & SuiteOutputFlags>;
}

export function reportPathsOf(flags: SuiteOutputFlags): string[] {
  if (flags.report === undefined) return [];
  return Array.isArray(flags.report) ? flags.report : [flags.report];
}

/** The suite errors that mean bad input, as the one-line UsageError the CLI prints. */
export function asUsageError(error: unknown): unknown {
  if (
    error instanceof SuiteOptionError ||
    error instanceof SuiteReportPathError ||
    error instanceof DurationError ||
    error instanceof SeedError
  ) {
    return new UsageError(error.message);
  }
  return error;
}

/** One check command's output, from the first progress tick to the exit code. */
/**
 * Ends a suite a signal stopped (its report's `stopped_by`, as the paced suites write it): one
 * line saying what was kept, and the signal's exit code. Nothing for a suite that ran whole.
 */
export function reportIfStopped(report: SuiteReport, kept: string): void {
  const stoppedBy = report.data.stopped_by;
  if (typeof stoppedBy === 'string') reportInterrupted(stoppedBy, kept);
}

export class SuitePrinter {
  private readonly context: CliContext;
  private readonly json: boolean;
  private readonly reports: string[];
  private readonly renderers: Readonly<Record<string, SuiteRenderer>>;
  private readonly progress: SuiteProgress;

  constructor(flags: SuiteOutputFlags, renderers: Readonly<Record<string, SuiteRenderer>> = {}) {
    this.context = cliContext();
    this.json = flags.json === true;
    this.reports = reportPathsOf(flags);
    this.renderers = renderers;
    checkSuiteReportPaths(this.reports, renderers);
    this.progress = startSuiteProgress(this.context.isTty && !this.json ? process.stderr : null, {
      line: (text) => this.context.out(text),
      status: (text) => this.context.err(text),
    });
  }

  /** A line before the results (the seed, the plan); left out under --json. */
  intro(line: string): void {
    if (!this.json) this.progress.log(line);
  }

  observer(): SuiteObserver {
    return {
      checkDone: (result) => {
        if (!this.json) for (const line of checkLines(result)) this.progress.log(line);
      },
      progress: (done, total, label) => this.progress.update(done, total, label),
      note: (line) => {
        if (!this.json) this.progress.note(line);
      },
    };
  }

  /**
   * Writes the reports, prints the end (or the JSON object) and sets the exit code. A report
   * that could not be written is thrown only after the end is printed, so it never hides it.
   */
  finish(report: SuiteReport): void {
    this.progress.stop();
    let writeError: OutputWriteError | null = null;
    try {
      writeSuiteReports(report, this.reports, this.renderers);
    } catch (error) {
      if (!(error instanceof OutputWriteError)) throw error;
      writeError = error;
    }
    if (this.json) {
      this.context.out(JSON.stringify(report));
    } else {
      for (const path of this.reports) if (path !== writeError?.path) this.context.out(`report: ${path}`);
      if (report.totals.skipped > 0) this.context.out(`${report.totals.skipped} skipped`);
      this.context.out(passedFailedLine(report.totals));
    }
    this.context.exitCode = exitCodeOf(report.totals);
    if (writeError !== null) throw writeError;
  }

  /** Stops the bar when the suite throws, so the error prints on a clean line. */
  abort(): void {
    this.progress.stop();
  }
}
