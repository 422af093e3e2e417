/**
 * The soak's verdicts as checks: memory_stability and throughput_stability (the spec's two
 * soak tests, judged by verdicts.ts), and reply_matches_model, because a soak that answers
 * wrongly is not stable whatever its memory does. Each failure carries the command that reruns
 * the same workload.
 */
import { formatDurationMs } from '../duration.ts';
import { shellWord } from '../replay-command.ts';
import { failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult } from '../suite/types.ts';
import { FitError } from './least-squares.ts';
import type { SoakOptions } from './options.ts';
import type { SoakSample } from './sample.ts';
import {
  RSS_GROWTH_PERCENT_MAX,
  rssTrend,
  THROUGHPUT_DROP_PERCENT_MAX,
  type Trend,
  throughputTrend,
} from './verdicts.ts';
import type { SoakWorkload } from './workload.ts';

export function soakReplay(options: SoakOptions): string {
  return [
    'bin/vopr',
    'soak',
    '--duration',
    `${options.durationMs}ms`,
    '--rate',
    String(options.rateOpsPerS),
    '--sample-every',
    `${options.sampleEveryMs}ms`,
    '--warmup',
    `${options.warmupMs}ms`,
    '--seed',
    options.seed.toString(10),
  ]
    .map(shellWord)
    .join(' ');
}

const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
const pct = (value: number): string => `${value >= 0 ? '+' : ''}${value.toFixed(1)} %`;

function span(trend: Trend): string {
  return formatDurationMs(trend.judged_hours * 3_600_000);
}

function memoryCheck(samples: readonly SoakSample[], options: SoakOptions, wallMs: number): CheckResult {
  const trend = rssTrend(samples, options.warmupMs);
  const first = samples[0] as SoakSample;
  const last = samples.at(-1) as SoakSample;
  const summary =
    `RSS ${mb(trend.baseline)} MB after warm-up, ${pct(trend.judged_percent)} over ${span(trend)} ` +
    `(${pct(trend.per_hour_percent)}/h); heap ${mb(last.heap_used_bytes)} MB, ` +
    `open files ${first.open_fds}->${last.open_fds}, temp folders ${first.temp_folders}->${last.temp_folders}, ` +
    `database ${mb(last.db_bytes)} MB`;
  const figures = {
    rss_growth_percent: trend.judged_percent,
    rss_growth_percent_per_hour: trend.per_hour_percent,
    rss_baseline_bytes: Math.round(trend.baseline),
    heap_used_end_bytes: last.heap_used_bytes,
    open_fds_start: first.open_fds,
    open_fds_end: last.open_fds,
    temp_folders_start: first.temp_folders,
    temp_folders_end: last.temp_folders,
    db_end_bytes: last.db_bytes,
  };
  if (trend.judged_percent <= RSS_GROWTH_PERCENT_MAX)
    return passed('memory_stability', summary, figures, wallMs);
  return failed('memory_stability', summary, figures, wallMs, {
    message: `RSS grew ${pct(trend.judged_percent)} over ${span(trend)}, above the spec's ${RSS_GROWTH_PERCENT_MAX} % (rss_growth_percent)`,
    details: [
      `first sample after warm-up: ${trend.points} samples fitted, baseline ${mb(trend.baseline)} MB`,
      `last sample: RSS ${mb(last.rss_bytes)} MB at ${formatDurationMs(last.elapsed_ms)}`,
    ],
    replay: soakReplay(options),
  });
}

function throughputCheck(samples: readonly SoakSample[], options: SoakOptions, wallMs: number): CheckResult {
  const trend = throughputTrend(samples, options.warmupMs);
  const drop = -trend.judged_percent;
  const last = samples.at(-1) as SoakSample;
  const achieved = last.elapsed_ms > 0 ? (last.ops / last.elapsed_ms) * 1000 : 0;
  const summary =
    `${achieved.toFixed(0)} ops/s of ${options.rateOpsPerS} asked, fitted change ${pct(trend.judged_percent)} ` +
    `over ${span(trend)} (${pct(trend.per_hour_percent)}/h)`;
  const figures = {
    throughput_drop_percent: drop,
    throughput_change_percent_per_hour: trend.per_hour_percent,
    throughput_baseline_ops_per_s: trend.baseline,
    achieved_ops_per_s: achieved,
    target_ops_per_s: options.rateOpsPerS,
  };
  if (drop <= THROUGHPUT_DROP_PERCENT_MAX) return passed('throughput_stability', summary, figures, wallMs);
  return failed('throughput_stability', summary, figures, wallMs, {
    message: `throughput fell ${drop.toFixed(1)} % over ${span(trend)}, above the spec's ${THROUGHPUT_DROP_PERCENT_MAX} % (throughput_drop_percent)`,
    details: [`${trend.points} windows fitted, from ${trend.baseline.toFixed(0)} ops/s after warm-up`],
    replay: soakReplay(options),
  });
}

function replyCheck(workload: SoakWorkload, options: SoakOptions, wallMs: number): CheckResult {
  const figures = { ops: workload.opsRun, mismatches: workload.mismatches };
  const first = workload.firstMismatch;
  if (first === null) {
    return passed(
      'reply_matches_model',
      `${workload.opsRun} ops, every reply equal to the model's`,
      figures,
      wallMs,
    );
  }
  return failed(
    'reply_matches_model',
    `${workload.mismatches} of ${workload.opsRun} replies differed`,
    figures,
    wallMs,
    {
      message: `op ${first.op}: ${first.argv} replied ${first.actual}, the model expected ${first.expected}`,
      details: [],
      replay: soakReplay(options),
    },
  );
}

/**
 * The soak's checks. A soak the host stopped (`stoppedBy`, a signal) is judged as a shorter soak
 * would be; a trend it took too few samples to fit is skipped, saying so. A soak that ran its
 * whole duration always has enough (the options see to it), so there a FitError is a bug.
 */
export function soakChecks(
  samples: readonly SoakSample[],
  workload: SoakWorkload,
  options: SoakOptions,
  wallMs: number,
  stoppedBy: string | null = null,
): CheckResult[] {
  const trendCheck = (name: string, check: () => CheckResult): CheckResult =>
    fittedOrNull(stoppedBy, check) ??
    skipped(
      name,
      `stopped by ${stoppedBy} after ${formatDurationMs(wallMs)}: too few samples after the warm-up to fit a trend`,
    );
  return [
    trendCheck('memory_stability', () => memoryCheck(samples, options, wallMs)),
    trendCheck('throughput_stability', () => throughputCheck(samples, options, wallMs)),
    replyCheck(workload, options, wallMs),
  ];
}

/** `trendOf()`, or null when a stopped soak had too few samples for it (see soakChecks). */
export function fittedOrNull<T>(stoppedBy: string | null, trendOf: () => T): T | null {
  try {
    return trendOf();
  } catch (caught) {
    if (stoppedBy !== null && caught instanceof FitError) return null;
    throw caught;
  }
}
