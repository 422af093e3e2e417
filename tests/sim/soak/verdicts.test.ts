/**
 * The soak's arithmetic: the least-squares line, the two trends judged against the spec's
 * alert thresholds (including the rule that a short run is judged over its own span, not
 * extrapolated to an hour), the options' refusals, and the thinned Markdown series.
 */
import { describe, expect, it } from 'vitest';
import { FitError, fitLine } from '../../../sim/soak/least-squares.ts';
import { thinned } from '../../../sim/soak/markdown.ts';
import { soakOptionsFrom } from '../../../sim/soak/options.ts';
import type { SoakSample } from '../../../sim/soak/sample.ts';
import { rssTrend, throughputPoints, throughputTrend } from '../../../sim/soak/verdicts.ts';

function samples(
  count: number,
  everyMs: number,
  rss: (i: number) => number,
  opsPerS: (i: number) => number,
): SoakSample[] {
  const out: SoakSample[] = [];
  let ops = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0) ops += Math.round((opsPerS(i) * everyMs) / 1000);
    out.push({
      elapsed_ms: i * everyMs,
      ops,
      rss_bytes: rss(i),
      heap_used_bytes: 0,
      heap_total_bytes: 0,
      open_fds: 10,
      temp_folders: 1,
      db_bytes: 0,
    });
  }
  return out;
}

describe('least squares', () => {
  it('fits an exact line and refuses fewer than two distinct points', () => {
    expect(
      fitLine([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
    ).toEqual({ slope: 2, intercept: 1 });
    expect(() => fitLine([{ x: 1, y: 1 }])).toThrow(FitError);
    expect(() =>
      fitLine([
        { x: 1, y: 1 },
        { x: 1, y: 2 },
      ]),
    ).toThrow(FitError);
  });
});

describe('memory_stability', () => {
  it('sees no growth in a flat series and leaves the warm-up out', () => {
    const series = samples(
      20,
      1000,
      (i) => (i < 5 ? 50e6 + i * 10e6 : 100e6),
      () => 1000,
    );
    expect(rssTrend(series, 5000).judged_percent).toBeCloseTo(0, 6);
    expect(rssTrend(series, 0).judged_percent).toBeGreaterThan(10);
  });

  it('judges a short run on its own span and a long one per hour', () => {
    // 100 MB growing 1 MB a second: 10 s after warm-up is about +10 %, extrapolated +3600 %/h.
    const short = rssTrend(
      samples(
        11,
        1000,
        (i) => 100e6 + i * 1e6,
        () => 1000,
      ),
      0,
    );
    expect(short.judged_percent).toBeCloseTo(10, 6);
    expect(short.per_hour_percent).toBeCloseTo(3600, 6);
    // Two hours growing 5 % an hour is judged at 5 %, not 10 %.
    const long = rssTrend(
      samples(
        121,
        60_000,
        (i) => 100e6 * (1 + (0.05 * i) / 60),
        () => 1000,
      ),
      0,
    );
    expect(long.judged_hours).toBe(1);
    expect(long.judged_percent).toBeCloseTo(5, 6);
  });
});

describe('throughput_stability', () => {
  it('reads the rate of each window and fits its change', () => {
    const steady = samples(
      30,
      100,
      () => 1,
      () => 1000,
    );
    expect(throughputPoints(steady, 0).every((point) => point.y === 1000)).toBe(true);
    expect(throughputTrend(steady, 0).judged_percent).toBeCloseTo(0, 6);
    const falling = samples(
      30,
      100,
      () => 1,
      (i) => 1000 - i * 20,
    );
    expect(-throughputTrend(falling, 0).judged_percent).toBeGreaterThan(20);
  });
});

describe('soak options', () => {
  it('default to the spec: one hour at 1000 ops/s, sampled every 10 s after a tenth of warm-up', () => {
    expect(soakOptionsFrom({ seed: 1n })).toEqual({
      seed: 1n,
      durationMs: 3_600_000,
      rateOpsPerS: 1000,
      sampleEveryMs: 10_000,
      warmupMs: 360_000,
    });
  });

  it('refuse plans that cannot fit a trend, and bad values', () => {
    expect(() => soakOptionsFrom({ seed: 1n, duration: '20s' })).toThrow(
      /--sample-every: leaves 1 sample\(s\) after the warm-up/,
    );
    expect(() => soakOptionsFrom({ seed: 1n, duration: '3s', warmup: '3s' })).toThrow(/--warmup/);
    expect(() => soakOptionsFrom({ seed: 1n, rate: 0 })).toThrow(/--rate/);
    expect(() => soakOptionsFrom({ seed: 1n, duration: 'soon' })).toThrow(
      /--duration: invalid duration "soon"/,
    );
    expect(() => soakOptionsFrom({ seed: 1n, sampleEvery: '5ms' })).toThrow(/at least 10ms/);
  });
});

describe('the Markdown series', () => {
  it('keeps the first and the last sample when thinning', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const kept = thinned(items, 20);
    expect(kept).toHaveLength(20);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(99);
    expect(thinned([1, 2], 20)).toEqual([1, 2]);
  });
});
