/**
 * Simulated-to-real time, the figure VOPR users look for first: how many times faster than
 * real time a scenario's worlds ran, as virtual milliseconds over wall milliseconds, each
 * summed over the scenario's seeds. Computing it and printing it; the sums themselves are
 * kept by the sweep's tally and added up by the merge.
 */
import type { SweepReport } from './types.ts';

/** virtual ms / wall ms, to 1 decimal; zero wall time reads as zero, not infinity. */
export function simToRealRatio(virtualMs: number, wallMs: number): number {
  return wallMs > 0 ? Number((virtualMs / wallMs).toFixed(1)) : 0;
}

/**
 * A scenario's figure for a table: `15,234x`, `0.3x` (one decimal below 10), or `-` when no
 * seed of it took measurable time.
 */
export function simToRealText(report: SweepReport, scenario: string): string {
  const time = report.sim_to_real[scenario];
  if (time === undefined || time.wall_ms <= 0) return '-';
  const decimals = time.ratio < 10 ? 1 : 0;
  return `${time.ratio.toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: decimals })}x`;
}
