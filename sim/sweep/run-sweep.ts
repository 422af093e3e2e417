/**
 * One whole sweep, as `vopr sweep` runs it: validate the report paths, run the shard's seeds
 * across the workers with progress, draw each failure's timeline from its trace, shrink when a
 * shrinker is supplied, write the reports, and end with the `N passed, N failed` line.
 * Returns the report and the exit code (0 all passed, 1 any failed); bad input throws.
 *
 * Workers are capped at the shard's seed count and at the machine's cores (a warning says so):
 * more would only fight over the cores and the memory. The sweep's temporary files live in one
 * SweepFolder, removed at the end, and folders left by sweeps that were killed are removed at
 * the start. A stop the pacer asks for (a signal at the CLI) ends the sweep early: the seeds
 * that finished are reported, the report is marked incomplete with what stopped it, and the
 * caller turns `stoppedBy` into the signal's exit code.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { failureLines } from '../failure-lines.ts';
import { OutputWriteError } from '../output-file.ts';
import type { Pacer } from '../pacing.ts';
import { probeCatalogue } from '../report/probe-catalogue.ts';
import { unreachableProbes } from '../report/probe-reachability.ts';
import { readTimeline } from '../report/trace-timeline.ts';
import type { FailureRecord, SweepReport } from '../report/types.ts';
import { checkReportFolders, checkReportPaths, writeReports } from '../report/write-reports.ts';
import { startStopwatch } from '../wall-clock.ts';
import { type SweepOptions, SweepOptionsError, sweepDefinition } from './options.ts';
import { repoRoot, tsxLoaderPath, workerModulePath } from './paths.ts';
import { type ProgressOutput, startProgress } from './progress.ts';
import { ReportClaim } from './ReportClaim.ts';
import { SeedPlan } from './SeedPlan.ts';
import { Sweep } from './Sweep.ts';
import { removeStaleSweepFolders, SweepFolder } from './SweepFolder.ts';
import { SweepTally } from './SweepTally.ts';
import type { SeedOutcome } from './seed-outcome.ts';
import { shardSeedCount } from './shard.ts';
import { buildSweepReport } from './sweep-report.ts';
import { isoNow, tickEvery } from './wall-timers.ts';

/** Shrinks a failing seed's trace; returns the shrunk trace's path, or null when it cannot. */
export type ShrinkHook = (failure: FailureRecord, outPath: string) => Promise<string | null>;

export interface SweepDeps {
  /** Absolute path of the module exporting runSeed (sim/run.ts, or a test stand-in). */
  runnerModule: string;
  output: ProgressOutput;
  /** The terminal to draw the live progress line on, or null for plain periodic lines. */
  tty: NodeJS.WriteStream | null;
  progressPeriodMs?: number;
  throughputPeriodMs?: number;
  shrink?: ShrinkHook;
  /** Sees every seed's outcome as it arrives (the benchmark reads worker RSS here). */
  onOutcome?: (outcome: SeedOutcome) => void;
  /** Asked now and then whether to stop early (the CLI's pacer: a signal); never stops without one. */
  pacer?: Pacer;
  /** The cores to cap workers at; the machine's by default (tests pass their own). */
  cores?: number;
}

export interface SweepRun {
  report: SweepReport;
  exitCode: 0 | 1;
  /** Why the sweep ended early (a signal's name, such as "SIGINT"), or null when it ran its plan. */
  stoppedBy: string | null;
}

/** How often the sweep asks the pacer whether to stop: a signal ends it well within a second. */
const STOP_POLL_MS = 100;

/** The workers to start: at most one per seed of the shard, and at most one per core. */
export function workersToStart(asked: number, seeds: number | null, cores: number): number {
  const perSeed = seeds === null ? asked : Math.min(asked, Math.max(1, seeds));
  return Math.min(perSeed, Math.max(1, cores));
}

/** A failing seed as the sweep logs it: the seed, the failure as every command prints it, the replay. */
function seedFailureLines(failure: FailureRecord): string[] {
  const body = failure.kind === 'invariant' ? failureLines(failure) : [`${failure.kind}: ${failure.message}`];
  return [
    `FAIL seed ${failure.seed} (${failure.scenario})`,
    ...body.map((line) => `  ${line}`),
    `  replay: ${failure.replay}`,
  ];
}

async function finishFailures(
  failures: FailureRecord[],
  options: SweepOptions,
  deps: SweepDeps,
): Promise<void> {
  for (const failure of failures) {
    if (failure.trace_path !== null) failure.timeline = readTimeline(failure.trace_path, failure.event_index);
    if (options.shrink && deps.shrink !== undefined && failure.trace_path !== null) {
      const outPath = join(options.traceDir, `seed-${failure.seed}.shrunk.trace.jsonl`);
      try {
        failure.shrunk_trace_path = await deps.shrink(failure, outPath);
      } catch (error) {
        // A shrink that cannot finish leaves the full trace, which still replays the failure.
        deps.output.status(
          `shrinking seed ${failure.seed} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (failure.shrunk_trace_path !== null)
        deps.output.line(`shrunk trace of seed ${failure.seed}: ${failure.shrunk_trace_path}`);
    }
  }
}

export async function runSweep(options: SweepOptions, deps: SweepDeps): Promise<SweepRun> {
  checkReportPaths(options.reports);
  checkReportFolders(options.reports);
  const claim = new ReportClaim(options.reports);
  try {
    return await sweepAndReport(options, deps);
  } finally {
    claim.release();
  }
}

async function sweepAndReport(options: SweepOptions, deps: SweepDeps): Promise<SweepRun> {
  const startedAt = isoNow();
  const stopwatch = startStopwatch();
  const tally = new SweepTally(deps.throughputPeriodMs ?? 1000);
  const total = options.seeds === null ? null : shardSeedCount(options.seeds, options.shard);
  const progress = startProgress({
    total,
    stopwatch,
    output: deps.output,
    tty: deps.tty,
    periodMs: deps.progressPeriodMs ?? 10_000,
  });
  tally.sample(0);
  const cores = deps.cores ?? availableParallelism();
  const workers = workersToStart(options.workers, total, cores);
  if (options.workers > cores)
    deps.output.status(
      `warning: --workers ${options.workers} is more than the ${cores} cores; starting ${workers}`,
    );
  const stale = removeStaleSweepFolders();
  if (stale.length > 0)
    deps.output.status(`removed ${stale.length} folder(s) left by sweeps that were killed`);
  const folder = new SweepFolder();
  const cpuBefore = process.cpuUsage();
  const stopSampling = tickEvery(250, () => tally.sample(stopwatch.elapsedMs()));
  const sweep = new Sweep(
    {
      plan: new SeedPlan(options.from, options.seeds, options.shard),
      workers,
      seedTimeoutMs: options.seedTimeoutMs,
      timeBudgetMs: options.timeBudgetMs,
      spawn: {
        workerModule: workerModulePath(),
        tsxLoader: tsxLoaderPath(),
        heapMb: options.workerHeapMb,
        journalDir: folder.journalDir,
        workerFolders: { make: (id) => folder.workerDir(id), remove: (id) => folder.removeWorkerDir(id) },
        init: {
          type: 'init',
          runnerModule: deps.runnerModule,
          world: options.world,
          traceDir: options.traceDir,
        },
      },
    },
    {
      seedDone: (outcome) => {
        tally.add(outcome);
        deps.onOutcome?.(outcome);
        if (outcome.failure !== null)
          for (const line of seedFailureLines(outcome.failure)) progress.log(line);
        progress.update(tally.totals.seeds, tally.totals.failed);
      },
      probesHit: (counts) => tally.addProbes(counts),
    },
  );
  const pacer = deps.pacer;
  pacer?.begin?.();
  const stopPolling =
    pacer === undefined
      ? () => {}
      : tickEvery(STOP_POLL_MS, () => {
          const reason = pacer.stopReason();
          if (reason !== null) sweep.stop(reason);
        });
  let stats: Awaited<ReturnType<Sweep['run']>>;
  try {
    stats = await sweep.run();
  } finally {
    stopPolling();
    pacer?.end?.();
    stopSampling();
    progress.stop();
    folder.remove();
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = stopwatch.elapsedMs();
  tally.finalSample(wallMs);
  if (stats.stoppedBy === null && tally.totals.seeds === 0) {
    throw new SweepOptionsError(
      '--time',
      options.timeBudgetMs === null ? null : `${options.timeBudgetMs}ms`,
      'the time budget ran out before any seed finished, so nothing was tested',
    );
  }
  // A stopped sweep reports at once: shrinking could take minutes the user just refused.
  await finishFailures(
    tally.failures,
    stats.stoppedBy === null ? options : { ...options, shrink: false },
    deps,
  );
  const report = buildSweepReport({
    tally,
    shard: options.shard,
    startedAt,
    endedAt: isoNow(),
    wallMs,
    options: sweepDefinition(options),
    workers,
    workersReplaced: stats.workersReplaced,
    stoppedBy: stats.stoppedBy,
    seedsAbandoned: stats.seedsAbandoned,
    parentCpuMs: (cpu.user + cpu.system) / 1000,
    probeCatalogue: probeCatalogue(),
    probeUnreachable: unreachableProbes(options.world),
    repoRoot: repoRoot(),
  });
  let writeError: OutputWriteError | null = null;
  try {
    writeReports(report, options.reports);
  } catch (error) {
    if (!(error instanceof OutputWriteError)) throw error;
    writeError = error;
  }
  for (const path of options.reports) if (path !== writeError?.path) deps.output.line(`report: ${path}`);
  const summary = `${report.totals.passed} passed, ${report.totals.failed} failed`;
  deps.output.line(
    stats.stoppedBy === null
      ? summary
      : `${summary} (incomplete: stopped by ${stats.stoppedBy}, ${stats.seedsAbandoned} seed(s) unfinished)`,
  );
  // The summary is out and the other reports are written: only now does a failed write end the run.
  if (writeError !== null) throw writeError;
  return { report, exitCode: report.totals.failed === 0 ? 0 : 1, stoppedBy: stats.stoppedBy };
}
