/**
 * A bare seed loop, as its own process, for the sweep bench's workload ceiling: runs seeds
 * FROM .. FROM+COUNT-1 (at OPS ops, or `-` for each seed's own) with no sweep around them, and
 * prints `{"ms":…,"seeds":…}` for the seeds after its first WARM (V8's warm-up, left out as the
 * sweep bench leaves it out of a sweep worker's rate). The sweep bench starts it with a sweep
 * worker's V8 flags and heap size, so the two differ only by the sweep around the seeds.
 *
 *   node --import tsx bench/seed-loop.ts FROM COUNT OPS WARM
 */
import { runSeed } from '../sim/run.ts';

const [from, count, ops, warm] = process.argv.slice(2);
const warmSeeds = Number(warm ?? 1);
if (!(Number(count) > warmSeeds)) throw new Error(`seed loop: COUNT ${count} must exceed WARM ${warmSeeds}`);
// As a sweep worker runs a seed (sim/sweep/worker.ts): silent, with the sweep's --ops if any.
const opsOption = {
  logLevel: 'silent' as const,
  ...(ops === undefined || ops === '-' ? {} : { opsMax: Number(ops) }),
};
let warmAt = 0;
for (let index = 0; index < Number(count); index++) {
  runSeed({ seed: BigInt(from ?? 0) + BigInt(index), ...opsOption });
  if (index + 1 === warmSeeds) warmAt = performance.now();
}
console.log(JSON.stringify({ ms: performance.now() - warmAt, seeds: Number(count) - warmSeeds }));
