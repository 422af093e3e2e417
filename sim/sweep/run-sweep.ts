/**
 * One whole sweep, as `vopr sweep` runs it: validate the report paths, run the shard's seeds
 * across the workers with progress, draw each failure's timeline from its trace, shrink when a
 * shrinker is supplied, write the reports, and end with the `N passed, N failed` line.
 * Returns the report and the exit code (0 all passed, 1 any failed); bad input throws.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { failureLines } from '../failure-lines.ts';
import { probeCatalogue } from '../report/probe-catalogue.ts';
import { readTimeline } from '../report/trace-timeline.ts';
import type { FailureRecord, SweepReport } from '../report/types.ts';
import { checkReportPaths, writeReports } from '../report/write-reports.ts';
import { startStopwatch } from '../wall-clock.ts';
import { type SweepOptions, sweepDefinition } from './options.ts';
import { repoRoot, tsxLoaderPath, workerModulePath } from './paths.ts';
import { type ProgressOutput, startProgress } from './progress.ts';
import { SeedPlan } from './SeedPlan.ts';
import { Sweep } from './Sweep.ts';
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
}

export interface SweepRun {
  report: SweepReport;
  exitCode: 0 | 1;
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
  const journalDir = mkdtempSync(join(tmpdir(), 'vopr-sweep-journals-'));
  const cpuBefore = process.cpuUsage();
  const stopSampling = tickEvery(250, () => tally.sample(stopwatch.elapsedMs()));
  const sweep = new Sweep(
    {
      plan: new SeedPlan(options.from, options.seeds, options.shard),
      workers: options.workers,
      seedTimeoutMs: options.seedTimeoutMs,
      timeBudgetMs: options.timeBudgetMs,
      spawn: {
        workerModule: workerModulePath(),
        tsxLoader: tsxLoaderPath(),
        heapMb: options.workerHeapMb,
        journalDir,
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
  let stats: Awaited<ReturnType<Sweep['run']>>;
  try {
    stats = await sweep.run();
  } finally {
    stopSampling();
    progress.stop();
    rmSync(journalDir, { recursive: true, force: true });
  }
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = stopwatch.elapsedMs();
  tally.finalSample(wallMs);
  await finishFailures(tally.failures, options, deps);
  const report = buildSweepReport({
    tally,
    shard: options.shard,
    startedAt,
    endedAt: isoNow(),
    wallMs,
    options: sweepDefinition(options),
    workers: options.workers,
    workersReplaced: stats.workersReplaced,
    parentCpuMs: (cpu.user + cpu.system) / 1000,
    probeCatalogue: probeCatalogue(),
    repoRoot: repoRoot(),
  });
  writeReports(report, options.reports);
  for (const path of options.reports) deps.output.line(`report: ${path}`);
  deps.output.line(`${report.totals.passed} passed, ${report.totals.failed} failed`);
  return { report, exitCode: report.totals.failed === 0 ? 0 : 1 };
}
