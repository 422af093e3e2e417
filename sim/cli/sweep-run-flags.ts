/**
 * The flags that say how a many-seed run is run, shared by `vopr sweep` and `vopr simulate`
 * (which rides the sweep): the seed range's start and time budget, workers, the seed timeout,
 * reports, shards and where failing traces go. What seeds and worlds run is each command's own.
 */
import type { Argv } from 'yargs';
import type { RawSweepOptions } from '../sweep/options.ts';
import { SEED_TIMEOUT_DEFAULT, TRACE_DIR_DEFAULT } from '../sweep/options.ts';

export interface SweepRunFlags {
  from?: string | undefined;
  time?: string | undefined;
  workers?: number | undefined;
  'seed-timeout'?: string | undefined;
  report?: string | string[] | undefined;
  shard?: string | undefined;
  shards?: number | undefined;
  'trace-dir'?: string | undefined;
}

export type SweepRunOptions = Pick<
  RawSweepOptions,
  'from' | 'time' | 'workers' | 'seedTimeout' | 'report' | 'shard' | 'shards' | 'traceDir'
>;

/** The seed range's start and the time budget, which come before the world flags in help. */
export function withSeedRangeOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('from', { type: 'string', describe: 'first seed of the count (default 0)' })
    .option('time', {
      type: 'string',
      describe: 'time budget instead of a seed count: 90s, 10m, 1h or plain seconds',
    }) as Argv<T>;
}

/** Workers, the seed timeout, reports, shards and the trace folder. */
export function withSweepRunOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
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
    }) as Argv<T>;
}

export function sweepRunOptionsOf(flags: SweepRunFlags): SweepRunOptions {
  return {
    from: flags.from,
    time: flags.time,
    workers: flags.workers,
    seedTimeout: flags['seed-timeout'],
    report: flags.report,
    shard: flags.shard,
    shards: flags.shards,
    traceDir: flags['trace-dir'],
  };
}
