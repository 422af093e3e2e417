/**
 * `vopr merge <reports..> --report <file>`: joins shard JSON reports into one report, written
 * as .json, .md and/or .html. Exit codes: 0 no seed failed, 1 any did, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { mergeReportFiles } from '../../report/merge-files.ts';
import { ReportInputError } from '../../report/read-report.ts';
import { ReportPathError } from '../../report/write-reports.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';

export interface MergeFlags {
  reports?: string[] | undefined;
  report?: string | string[] | undefined;
}

export function mergeHandler(flags: MergeFlags): void {
  const context = cliContext();
  const inputs = flags.reports ?? [];
  const outputs =
    flags.report === undefined ? [] : Array.isArray(flags.report) ? flags.report : [flags.report];
  if (inputs.length === 0) throw new UsageError('merge: name at least one shard report (.json)');
  if (outputs.length === 0) throw new UsageError('merge: --report <file> is required (.json, .md or .html)');
  try {
    const { report, warnings } = mergeReportFiles(inputs, outputs);
    for (const warning of warnings) context.err(`warning: ${warning}`);
    for (const path of outputs) context.out(`report: ${path}`);
    context.out(`${report.totals.passed} passed, ${report.totals.failed} failed`);
    context.exitCode = report.totals.failed === 0 ? EXIT_PASS : EXIT_FAILURE_FOUND;
  } catch (error) {
    if (error instanceof ReportInputError || error instanceof ReportPathError)
      throw new UsageError(error.message);
    throw error;
  }
}

export const mergeCommand: CommandModule<object, MergeFlags> = {
  command: 'merge <reports..>',
  describe: 'join shard JSON reports into one report',
  builder: (yargs: Argv) =>
    yargs
      .positional('reports', { type: 'string', array: true, describe: 'shard reports (.json)' })
      .option('report', {
        type: 'string',
        describe: 'write the merged report: .json, .md or .html (repeatable)',
      }) as Argv<MergeFlags>,
  handler: (flags: ArgumentsCamelCase<MergeFlags>) => mergeHandler(flags),
};
