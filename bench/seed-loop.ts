/**
 * A bare seed loop, as its own process, for the sweep bench's workload ceiling: runs the seeds
 * of each RANGE (FROM:COUNT, seeds FROM .. FROM+COUNT-1) at OPS ops (or `-` for each seed's
 * own) with no sweep around them. The first WARM seeds of every range run first, untimed (V8's
 * warm-up, left out as the sweep bench leaves it out of a sweep worker's rate), then the rest of
 * every range, timed; it prints `{"ms":…,"seeds":…}` for those. One loop given both halves of
 * a sweep's seeds and two loops given one half each thus time the very same seeds. The sweep
 * bench starts it with a sweep worker's V8 flags and heap size, so the two differ only by the
 * sweep around the seeds.
 *
 *   node --import tsx bench/seed-loop.ts OPS WARM FROM:COUNT [FROM:COUNT ...]
 */
import { runSeed } from '../sim/run.ts';

const [ops, warm, ...rangeArgs] = process.argv.slice(2);
const warmSeeds = Number(warm);
const ranges = rangeArgs.map((text) => {
  const [from, count] = text.split(':').map(Number);
  if (from === undefined || count === undefined || !(count > warmSeeds))
    throw new Error(`seed loop: range '${text}' must be FROM:COUNT with COUNT above WARM ${warm}`);
  return { from, count };
});
// As a sweep worker runs a seed (sim/sweep/worker.ts): silent, with the sweep's --ops if any.
const opsOption = {
  logLevel: 'silent' as const,
  ...(ops === undefined || ops === '-' ? {} : { opsMax: Number(ops) }),
};
const runRange = (from: number, start: number, end: number) => {
  for (let index = start; index < end; index++) runSeed({ seed: BigInt(from + index), ...opsOption });
};
for (const { from } of ranges) runRange(from, 0, warmSeeds);
const started = performance.now();
for (const { from, count } of ranges) runRange(from, warmSeeds, count);
const seeds = ranges.reduce((sum, { count }) => sum + count - warmSeeds, 0);
console.log(JSON.stringify({ ms: performance.now() - started, seeds }));
