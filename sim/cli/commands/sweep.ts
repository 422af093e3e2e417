/**
 * `vopr sweep`: runs many seeds across all cores (and, with shards, across machines) and
 * writes JSON, Markdown and HTML reports. Parsing and exit codes only; the sweep itself is
 * sim/sweep/run-sweep.ts. Exit codes: 0 all passed, 1 any seed failed, 2 bad input, 3 a report
 * could not be written, 130 and 143 stopped by SIGINT and SIGTERM (the partial report written).
 *
 * The world flags are the world-flag table's rows that shape a world (the per-run flags
 * --seed, --trace and --json mean nothing to a sweep); sweepOptionsFrom checks them by the
 * table's own path, so messages match `vopr run`.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { RawWorldFlags } from '../../config/world-flags.ts';
import { ReportPathError } from '../../report/write-reports.ts';
import { isUsageError, type RawSweepOptions, SEEDS_DEFAULT, sweepOptionsFrom } from '../../sweep/options.ts';
import { checkRunnerModule, defaultRunnerModule, RunnerMissingError } from '../../sweep/paths.ts';
import { runSweep, type SweepDeps } from '../../sweep/run-sweep.ts';
import { SweepAbortedError } from '../../sweep/Sweep.ts';
import { traceShrinkHook } from '../../sweep/shrink-hook.ts';
import { cliContext, cliPacer, reportInterrupted, UsageError } from '../context.ts';
import {
  type SweepRunFlags,
  sweepRunOptionsOf,
  withSeedRangeOptions,
  withSweepRunOptions,
} from '../sweep-run-flags.ts';
import { withWorldFlags, worldFlagsOf } from '../world-options.ts';

export interface SweepFlags extends RawWorldFlags, SweepRunFlags {
  seeds?: number | undefined;
  'worker-heap-mb'?: number | undefined;
  shrink?: boolean | undefined;
}

export function withSweepOptions<T>(yargs: Argv<T>): Argv<T & SweepFlags> {
  const sweep = withSeedRangeOptions(
    yargs.option('seeds', {
      type: 'number',
      describe: `seeds in the whole sweep (default ${SEEDS_DEFAULT} without --time)`,
    }),
  );
  return withSweepRunOptions(withWorldFlags(sweep))
    .option('worker-heap-mb', { type: 'number', describe: 'V8 heap limit per worker in MB (default 1024)' })
    .option('shrink', {
      type: 'boolean',
      describe: "also shrink the trace of each failure signature's first seed",
    }) as Argv<T & SweepFlags>;
}

export function rawOptions(flags: SweepFlags): RawSweepOptions {
  return {
    ...worldFlagsOf(flags),
    ...sweepRunOptionsOf(flags),
    seeds: flags.seeds,
    workerHeapMb: flags['worker-heap-mb'],
    shrink: flags.shrink,
  };
}

/** The handler with its runner injectable, so tests can sweep stand-in targets in process. */
export async function sweepHandler(flags: SweepFlags, runnerModule = defaultRunnerModule()): Promise<void> {
  const context = cliContext();
  const deps: SweepDeps = {
    runnerModule,
    output: { line: (text) => context.out(text), status: (text) => context.err(text) },
    tty: context.isTty ? process.stderr : null,
    shrink: traceShrinkHook(),
    pacer: cliPacer(),
  };
  try {
    const options = sweepOptionsFrom(rawOptions(flags), process.env);
    checkRunnerModule(runnerModule);
    const run = await runSweep(options, deps);
    context.exitCode = run.exitCode;
    if (run.stoppedBy !== null) {
      const written = options.reports.length === 0 ? 'no --report asked' : 'partial report written';
      reportInterrupted(
        run.stoppedBy,
        `${written}, marked incomplete, ${run.report.totals.seeds} seeds finished`,
      );
    }
  } catch (error) {
    if (isUsageError(error) || error instanceof ReportPathError || error instanceof RunnerMissingError) {
      throw new UsageError(error.message);
    }
    if (error instanceof SweepAbortedError) throw new UsageError(error.message);
    throw error;
  }
}

export const sweepCommand: CommandModule<object, SweepFlags> = {
  command: 'sweep',
  describe: 'run many seeds on every core (or one shard of them) and write reports',
  builder: (yargs: Argv) => withSweepOptions(yargs) as Argv<SweepFlags>,
  handler: (flags: ArgumentsCamelCase<SweepFlags>) => sweepHandler(flags),
};
