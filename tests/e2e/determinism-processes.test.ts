/**
 * `vopr --seed N --processes 4` is deterministic: two runs of a seed give one trace hash, with
 * the switches and the linearizability verdict included. The test runs a sample of seeds;
 * `npm run bench -- processes` (bench/processes.bench.ts) runs 200.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from '../../sim/run.ts';

const SEEDS = 24;
const OPS = 150;

describe('determinism with several processes', () => {
  it(`gives identical trace hashes and verdicts on two runs of each of ${SEEDS} seeds with --processes 4`, () => {
    const hashes = new Set<string>();
    for (let seed = 0; seed < SEEDS; seed++) {
      const first = runSeed({ seed: BigInt(seed), opsMax: OPS, processes: 4 });
      const second = runSeed({ seed: BigInt(seed), opsMax: OPS, processes: 4 });
      expect(second.trace_hash, `seed ${seed}`).toBe(first.trace_hash);
      expect(second.failure, `seed ${seed}`).toEqual(first.failure);
      expect(second.replay).toContain('--processes 4');
      hashes.add(first.trace_hash);
    }
    expect(hashes.size).toBe(SEEDS);
  });

  it('differs from the same seed on one process', () => {
    expect(runSeed({ seed: 3n, opsMax: OPS, processes: 4 }).trace_hash).not.toBe(
      runSeed({ seed: 3n, opsMax: OPS }).trace_hash,
    );
  });
});
