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
import {
  isUsageError,
  type RawSweepOptions,
  SEED_TIMEOUT_DEFAULT,
  SEEDS_DEFAULT,
  sweepOptionsFrom,
  TRACE_DIR_DEFAULT,
} from '../../sweep/options.ts';
import { checkRunnerModule, defaultRunnerModule, RunnerMissingError } from '../../sweep/paths.ts';
import { runSweep, type SweepDeps } from '../../sweep/run-sweep.ts';
import { SweepAbortedError } from '../../sweep/Sweep.ts';
import { traceShrinkHook } from '../../sweep/shrink-hook.ts';
import { cliContext, cliPacer, reportInterrupted, UsageError } from '../context.ts';
import { withWorldFlags, worldFlagsOf } from '../world-options.ts';

export interface SweepFlags extends RawWorldFlags {
  seeds?: number | undefined;
  from?: string | undefined;
  time?: string | undefined;
  workers?: number | undefined;
  'seed-timeout'?: string | undefined;
  report?: string | string[] | undefined;
  shard?: string | undefined;
  shards?: number | undefined;
  'trace-dir'?: string | undefined;
  'worker-heap-mb'?: number | undefined;
  shrink?: boolean | undefined;
}

export function withSweepOptions<T>(yargs: Argv<T>): Argv<T & SweepFlags> {
  const sweep = yargs
    .option('seeds', {
      type: 'number',
      describe: `seeds in the whole sweep (default ${SEEDS_DEFAULT} without --time)`,
    })
    .option('from', { type: 'string', describe: 'first seed of the count (default 0)' })
    .option('time', { type: 'string', describe: 'time budget: 90s, 10m, 1h or plain seconds' });
  return withWorldFlags(sweep)
    .option('workers', { type: 'number', describe: 'worker processes (default: every core)' })
    .option('seed-timeout', {
      type: 'string',
      describe: `a seed running longer is a hang (default ${SEED_TIMEOUT_DEFAULT})`,
    })
    .option('report', { type: 'string', describe: 'write a report: .json, .md or .html (repeatable)' })
    .option('shard', { type: 'string', describe: 'run shard i of n: the seeds whose index is i modulo n' })
    .option('shards', { type: 'number', describe: 'shard total, with the index from JOB_COMPLETION_INDEX' })
    .option('trace-dir', {
      type: 'string',
      describe: `where failing seeds' traces go (default ${TRACE_DIR_DEFAULT})`,
    })
    .option('worker-heap-mb', { type: 'number', describe: 'V8 heap limit per worker in MB (default 1024)' })
    .option('shrink', {
      type: 'boolean',
      describe: "also shrink the trace of each failure signature's first seed",
    }) as Argv<T & SweepFlags>;
}

export function rawOptions(flags: SweepFlags): RawSweepOptions {
  return {
    ...worldFlagsOf(flags),
    seeds: flags.seeds,
    from: flags.from,
    time: flags.time,
    workers: flags.workers,
    seedTimeout: flags['seed-timeout'],
    report: flags.report,
    shard: flags.shard,
    shards: flags.shards,
    traceDir: flags['trace-dir'],
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
