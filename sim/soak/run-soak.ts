/**
 * `vopr soak` as a function: runs the soak workload against redlite in process (a real file
 * in a fresh temporary folder, removed afterwards) at the target rate for the duration,
 * samples the process and the store every `sampleEveryMs`, then judges the spec's two alerts
 * and the replies. The target is injectable, so tests can plant a leak; a later server target
 * plugs in the same way.
 *
 * Pacing: every tick, the ops due by now at the target rate run in one burst (at most a
 * second's worth, so a stall is not followed by a flood); the loop then sleeps one tick. The
 * wall clock paces and samples, and never reaches the workload: ops are drawn from the seed,
 * and redlite and the model share a virtual clock that moves 1000/rate ms per op.
 */
import { type Pacer, UNPACED } from '../pacing.ts';
import { Rng } from '../random/index.ts';
import { buildSuiteReport } from '../suite/summary.ts';
import type { SuiteObserver, SuiteReport } from '../suite/types.ts';
import { alarmAfter } from '../sweep/wall-timers.ts';
import { VirtualClock } from '../VirtualClock.ts';
import { startStopwatch } from '../wall-clock.ts';
import { defaultTargetFactory } from '../world/defaults.ts';
import { modelPortFor } from '../world/model-adapter.ts';
import { TempFolderStorage } from '../world/Storage.ts';
import { TARGET_LOCKING, type TargetFactory } from '../world/target.ts';
import type { SoakOptions } from './options.ts';
import { type SoakSample, takeSample } from './sample.ts';
import { fittedOrNull, soakChecks } from './soak-checks.ts';
import { rssTrend, throughputTrend } from './verdicts.ts';
import { SoakWorkload } from './workload.ts';

export interface SoakDeps {
  readonly targetFactory?: TargetFactory;
  /**
   * Asked at every tick whether to stop (the CLI's pacer: a signal): the soak then ends early,
   * judges the samples it took as a shorter soak would, and says it was stopped.
   */
  readonly pacer?: Pacer;
}

const TICK_MS = 10;
/** 2023-11-14T22:13:20Z: the workload's virtual epoch. */
const SOAK_EPOCH_MS = 1_700_000_000_000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    alarmAfter(ms, resolve);
  });
}

function sampleLine(sample: SoakSample, options: SoakOptions): string {
  const seconds = (sample.elapsed_ms / 1000).toFixed(1);
  return (
    `soak ${seconds}s/${options.durationMs / 1000}s: ${sample.ops} ops, rss ${(sample.rss_bytes / 1_048_576).toFixed(1)} MB, ` +
    `heap ${(sample.heap_used_bytes / 1_048_576).toFixed(1)} MB, fds ${sample.open_fds}, ` +
    `temp folders ${sample.temp_folders}, db ${(sample.db_bytes / 1_048_576).toFixed(2)} MB`
  );
}

export async function runSoak(
  options: SoakOptions,
  observer: SuiteObserver = {},
  deps: SoakDeps = {},
): Promise<SuiteReport> {
  const stopwatch = startStopwatch();
  const storage = new TempFolderStorage(`soak-${options.seed}`);
  const clock = new VirtualClock(SOAK_EPOCH_MS);
  const factory = deps.targetFactory ?? defaultTargetFactory;
  const samples: SoakSample[] = [];
  const pacer = deps.pacer ?? UNPACED;
  let workload: SoakWorkload | null = null;
  pacer.begin?.();
  try {
    const target = factory(storage.dbPath(), {
      clock,
      synchronous: 'normal',
      walCheckpointPages: 1000,
      locking: TARGET_LOCKING,
    });
    try {
      workload = new SoakWorkload({
        rng: new Rng(options.seed).fork('soak'),
        clock,
        stepMs: Math.max(1, Math.round(1000 / options.rateOpsPerS)),
        target: () => target,
        model: modelPortFor(clock),
      });
      const sample = (): void => {
        const taken = takeSample(stopwatch.elapsedMs(), workload?.opsRun ?? 0, storage.dbPath());
        samples.push(taken);
        observer.note?.(sampleLine(taken, options));
        observer.progress?.(Math.min(taken.elapsed_ms, options.durationMs), options.durationMs, 'ms soaked');
      };
      sample();
      let nextSampleMs = options.sampleEveryMs;
      for (
        let elapsed = stopwatch.elapsedMs();
        elapsed < options.durationMs && pacer.stopReason() === null;
        elapsed = stopwatch.elapsedMs()
      ) {
        const due = Math.floor((elapsed / 1000) * options.rateOpsPerS) - workload.opsRun;
        if (due > 0) workload.run(Math.min(due, options.rateOpsPerS));
        if (stopwatch.elapsedMs() >= nextSampleMs) {
          sample();
          while (nextSampleMs <= stopwatch.elapsedMs()) nextSampleMs += options.sampleEveryMs;
        }
        await sleep(TICK_MS);
      }
      // A closing sample right after a periodic one would make a window of a few ms, whose
      // rate says nothing; it closes the series only when its window is worth reading.
      if (stopwatch.elapsedMs() - (samples.at(-1)?.elapsed_ms ?? 0) >= options.sampleEveryMs / 2) sample();
    } finally {
      target.close();
    }
  } finally {
    pacer.end?.();
    storage.dispose(false);
  }
  const stoppedBy = pacer.stopReason();
  const wallMs = stopwatch.elapsedMs();
  const checks = soakChecks(samples, workload as SoakWorkload, options, wallMs, stoppedBy);
  for (const check of checks) observer.checkDone?.(check);
  return buildSuiteReport({
    command: 'soak',
    seed: options.seed,
    options: {
      duration_ms: options.durationMs,
      rate_ops_per_s: options.rateOpsPerS,
      sample_every_ms: options.sampleEveryMs,
      warmup_ms: options.warmupMs,
      target: 'in-process',
    },
    wallMs,
    checks,
    data: {
      samples,
      rss_trend: fittedOrNull(stoppedBy, () => rssTrend(samples, options.warmupMs)),
      throughput_trend: fittedOrNull(stoppedBy, () => throughputTrend(samples, options.warmupMs)),
      complete: stoppedBy === null,
      stopped_by: stoppedBy,
    },
  });
}
