/**
 * A test-only hanging target: seed 5 spins forever (synchronously, so nothing inside the
 * worker can notice), and seed 9 allocates until V8 runs out of heap. The sweep must record
 * seed 5 as a hang after --seed-timeout and seed 9 as a dead worker, and finish the rest.
 */
import type { RunOptions, RunResult } from '../../sim/run-types.ts';
import { runSeed as standIn } from './sweep-stand-in.ts';

export const HANGING_SEED = 5n;
export const OOM_SEED = 9n;

function spinForever(): never {
  let spins = 0;
  for (;;) spins = (spins + 1) % 1_000_003;
}

function exhaustHeap(): never {
  const hoard: number[][] = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
}

export function runSeed(options: RunOptions): RunResult {
  if (options.seed === HANGING_SEED) spinForever();
  if (options.seed === OOM_SEED) exhaustHeap();
  return standIn(options);
}
