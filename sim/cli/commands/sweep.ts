/**
 * `vopr sweep`: runs many seeds across all cores (and, with shards, across machines) and
 * writes JSON, Markdown and HTML reports. Parsing and exit codes only; the sweep itself is
 * sim/sweep/run-sweep.ts. Exit codes: 0 all passed, 1 any seed failed, 2 bad input.
 *
 * The world flags are declared here rather than through the shared world-options builder,
 * because that builder also carries per-run flags (--seed, --trace, --json) a sweep has no
 * use for; the values are checked with the same validators, so messages match `vopr run`.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SCENARIO_NAMES } from '../../../scenarios/index.ts';
import { checkDurability, checkKnob, checkScenario } from '../../config/draw-config.ts';
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
import { cliContext, UsageError } from '../context.ts';

export interface SweepFlags {
  seeds?: number | undefined;
  from?: string | undefined;
  time?: string | undefined;
  scenario?: string | undefined;
  ops?: number | undefined;
  clients?: number | undefined;
  durability?: string | undefined;
  faults?: string | undefined;
  'strict-durability'?: boolean | undefined;
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
  return yargs
    .option('seeds', {
      type: 'number',
      describe: `seeds in the whole sweep (default ${SEEDS_DEFAULT} without --time)`,
    })
    .option('from', { type: 'string', describe: 'first seed of the count (default 0)' })
    .option('time', { type: 'string', describe: 'time budget: 90s, 10m, 1h or plain seconds' })
    .option('scenario', {
      type: 'string',
      describe: `workload: ${SCENARIO_NAMES.join(', ')} (each seed picks when absent)`,
    })
    .option('ops', { type: 'number', describe: 'client ops per seed' })
    .option('clients', {
      type: 'number',
      describe: 'simulated clients per world (the seed picks when absent)',
    })
    .option('durability', { type: 'string', describe: 'normal or full (seeded when absent)' })
    .option('faults', { type: 'string', describe: 'fault kinds: a comma list, none or all' })
    .option('strict-durability', { type: 'boolean', describe: 'check durability strictly' })
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

/** Checks the world flags with the simulator's own validators, before any worker starts. */
function checkWorldFlags(flags: SweepFlags): void {
  if (flags.scenario !== undefined) checkScenario(flags.scenario, '--scenario');
  if (flags.ops !== undefined) checkKnob('opsMax', flags.ops, '--ops');
  if (flags.clients !== undefined) checkKnob('clients', flags.clients, '--clients');
  if (flags.durability !== undefined) checkDurability(flags.durability, '--durability');
}

export function rawOptions(flags: SweepFlags): RawSweepOptions {
  return {
    seeds: flags.seeds,
    from: flags.from,
    time: flags.time,
    scenario: flags.scenario,
    ops: flags.ops,
    clients: flags.clients,
    durability: flags.durability,
    faults: flags.faults,
    strictDurability: flags['strict-durability'],
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
  };
  try {
    checkWorldFlags(flags);
    const options = sweepOptionsFrom(rawOptions(flags), process.env);
    checkRunnerModule(runnerModule);
    const run = await runSweep(options, deps);
    context.exitCode = run.exitCode;
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
