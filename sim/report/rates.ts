/** Rates, shared by the sweep's report and the merge of shard reports. */

/** Per wall second, rounded to 3 decimals, with a zero-length run reading as zero, not infinity. */
export function perWallSecond(amount: number, wallMs: number): number {
  return wallMs > 0 ? Number(((amount * 1000) / wallMs).toFixed(3)) : 0;
}

/** CPU seconds per 1000 seeds, to 3 decimals; no seeds reads as zero. */
export function cpuSecondsPer1000Seeds(cpuMs: number, seeds: number): number {
  return seeds > 0 ? Number((cpuMs / seeds).toFixed(3)) : 0;
}
