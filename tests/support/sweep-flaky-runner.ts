/**
 * A test-only nondeterministic target: failing seeds give a different trace hash each time
 * they run in one process (a counter leaks between runs). The sweep's traced re-run of a
 * failing seed must notice and say so.
 */
import type { RunOptions, RunResult } from '../../sim/run-types.ts';
import { runSeed as standIn } from './sweep-stand-in.ts';

let runs = 0;

export function runSeed(options: RunOptions): RunResult {
  runs++;
  const result = standIn(options);
  return result.result === 'fail' ? { ...result, trace_hash: `${result.trace_hash}-${runs}` } : result;
}
