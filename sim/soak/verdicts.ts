/**
 * The soak's two alerts, from redlite's DST spec: memory_stability (RSS growth above 10 %)
 * and throughput_stability (a throughput drop above 20 %). Each fits a least-squares line to
 * the samples after the warm-up and reads the change the line implies per hour.
 *
 * The spec's alerts are for a one-hour soak. A longer soak is judged per hour. A shorter one
 * is judged on the change over its own span, not on its slope extrapolated to an hour: a few
 * seconds of allocator warm-up, scaled up to an hour, would fail every short run. So the
 * judged figure is the hourly rate times min(span, 1 h), and both figures are reported.
 */
import { fitLine, type Point, valueAt } from './least-squares.ts';
import type { SoakSample } from './sample.ts';

/** The spec's `memory_stability.alert_threshold.rss_growth_percent`. */
export const RSS_GROWTH_PERCENT_MAX = 10;
/** The spec's `throughput_stability.alert_threshold.throughput_drop_percent`. */
export const THROUGHPUT_DROP_PERCENT_MAX = 20;

const HOUR_MS = 3_600_000;

export interface Trend {
  /** The fitted value at the end of the warm-up: what the change is a percentage of. */
  readonly baseline: number;
  /** The fitted change per hour, in percent of the baseline (negative: falling). */
  readonly per_hour_percent: number;
  /** The fitted change over min(span, 1 h), in percent of the baseline: what is judged. */
  readonly judged_percent: number;
  readonly judged_hours: number;
  readonly points: number;
}

function trend(points: readonly Point[]): Trend {
  const line = fitLine(points);
  const first = (points[0] as Point).x;
  const last = (points.at(-1) as Point).x;
  const baseline = valueAt(line, first);
  const perHourPercent = baseline === 0 ? 0 : (line.slope / baseline) * 100;
  const judgedHours = Math.min(last - first, 1);
  return {
    baseline,
    per_hour_percent: perHourPercent,
    judged_percent: perHourPercent * judgedHours,
    judged_hours: judgedHours,
    points: points.length,
  };
}

function afterWarmup(samples: readonly SoakSample[], warmupMs: number): SoakSample[] {
  return samples.filter((sample) => sample.elapsed_ms >= warmupMs);
}

/** RSS over time after the warm-up; x in hours. */
export function rssTrend(samples: readonly SoakSample[], warmupMs: number): Trend {
  return trend(afterWarmup(samples, warmupMs).map((s) => ({ x: s.elapsed_ms / HOUR_MS, y: s.rss_bytes })));
}

/** Ops per second in each window between two samples, both after the warm-up. */
export function throughputPoints(samples: readonly SoakSample[], warmupMs: number): Point[] {
  const kept = afterWarmup(samples, warmupMs);
  const points: Point[] = [];
  for (let i = 1; i < kept.length; i++) {
    const before = kept[i - 1] as SoakSample;
    const after = kept[i] as SoakSample;
    const seconds = (after.elapsed_ms - before.elapsed_ms) / 1000;
    if (seconds > 0) points.push({ x: after.elapsed_ms / HOUR_MS, y: (after.ops - before.ops) / seconds });
  }
  return points;
}

export function throughputTrend(samples: readonly SoakSample[], warmupMs: number): Trend {
  return trend(throughputPoints(samples, warmupMs));
}
