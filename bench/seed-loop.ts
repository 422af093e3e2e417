/**
 * A bare seed loop, as its own process, for the sweep bench's workload ceiling: runs seeds
 * FROM .. FROM+COUNT-1 (at OPS ops, or `-` for each seed's own) with no sweep around them, after
 * one warm-up seed, and prints `{"ms":…,"seeds":…}` for the loop alone. The sweep bench starts it
 * with a sweep worker's V8 flags and heap size, so the two differ only by the sweep around the seeds.
 *
 *   node --import tsx bench/seed-loop.ts FROM COUNT OPS
 */
import { runSeed } from '../sim/run.ts';

const [from, count, ops] = process.argv.slice(2);
// As a sweep worker runs a seed (sim/sweep/worker.ts): silent, with the sweep's --ops if any.
const opsOption = {
  logLevel: 'silent' as const,
  ...(ops === undefined || ops === '-' ? {} : { opsMax: Number(ops) }),
};
runSeed({ seed: 1_000_000_000n, ...opsOption });
const started = performance.now();
for (let index = 0; index < Number(count); index++)
  runSeed({ seed: BigInt(from ?? 0) + BigInt(index), ...opsOption });
console.log(JSON.stringify({ ms: performance.now() - started, seeds: Number(count) }));
