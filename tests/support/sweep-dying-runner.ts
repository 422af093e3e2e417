/**
 * A test-only runner whose worker kills itself (SIGKILL) partway through seed 7, as a native
 * crash would; every other seed runs the stand-in. The sweep must record seed 7 as a failure
 * and carry on with a fresh worker.
 */
import type { RunOptions, RunResult } from '../../sim/run-types.ts';
import { runSeed as standIn } from './sweep-stand-in.ts';

export const DYING_SEED = 7n;

export function runSeed(options: RunOptions): RunResult {
  if (options.seed === DYING_SEED) {
    standIn({ ...options, opsMax: 10 });
    process.kill(process.pid, 'SIGKILL');
  }
  return standIn(options);
}
