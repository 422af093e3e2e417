/**
 * Latency recording for `vopr stress`, on Node's perf_hooks histogram (an HdrHistogram), in
 * microseconds. Runs are closed loop (each connection sends its next command when the reply
 * arrives), which hides the commands a stall holds back: coordinated omission. Each value is
 * therefore recorded with HdrHistogram's recordCorrectedValue semantics: a latency L longer
 * than the expected interval I also records L - I, L - 2I, ... down to I, the latencies the
 * held-back commands would have seen. I is the median latency of the variant's warm-up, the
 * pace the connection keeps when nothing stalls. The raw (uncorrected) percentiles are kept
 * beside them, since a correction from a small interval weighs every slow command heavily.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';

/** The longest latency recorded; longer ones are clamped (60 s). */
const LATENCY_US_MAX = 60_000_000;
/** Corrected values recorded for one stall, at most: bounds the loop for a huge stall. */
const CORRECTIONS_MAX = 100_000;

export interface LatencySummary {
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly p999_ms: number;
  readonly max_ms: number;
  readonly samples: number;
  /** The same percentiles without the corrections: each command's own latency. */
  readonly raw_p50_ms: number;
  readonly raw_p99_ms: number;
  readonly raw_p999_ms: number;
}

export class LatencyRecorder {
  private readonly histogram: RecordableHistogram = createHistogram({
    lowest: 1,
    highest: LATENCY_US_MAX,
    figures: 3,
  });
  private readonly raw: RecordableHistogram = createHistogram({
    lowest: 1,
    highest: LATENCY_US_MAX,
    figures: 3,
  });
  private readonly expectedIntervalUs: number;

  constructor(expectedIntervalMs: number) {
    this.expectedIntervalUs = Math.max(1, Math.round(expectedIntervalMs * 1000));
  }

  /** Records one latency, with the corrections for the commands a stall held back. */
  record(latencyMs: number): void {
    const value = Math.min(LATENCY_US_MAX, Math.max(1, Math.round(latencyMs * 1000)));
    this.histogram.record(value);
    this.raw.record(value);
    let missing = value - this.expectedIntervalUs;
    for (let i = 0; i < CORRECTIONS_MAX && missing >= this.expectedIntervalUs; i++) {
      this.histogram.record(missing);
      missing -= this.expectedIntervalUs;
    }
  }

  summary(): LatencySummary {
    const ms = (us: number) => Math.round(us) / 1000;
    return {
      p50_ms: ms(this.histogram.percentile(50)),
      p99_ms: ms(this.histogram.percentile(99)),
      p999_ms: ms(this.histogram.percentile(99.9)),
      max_ms: ms(this.histogram.max),
      samples: this.histogram.count,
      raw_p50_ms: ms(this.raw.percentile(50)),
      raw_p99_ms: ms(this.raw.percentile(99)),
      raw_p999_ms: ms(this.raw.percentile(99.9)),
    };
  }
}

/** The median of a few warm-up latencies: the expected interval for the corrections. */
export function medianMs(samples: readonly number[]): number {
  if (samples.length === 0) return 1;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}
