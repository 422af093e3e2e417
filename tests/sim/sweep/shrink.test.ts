/**
 * `vopr sweep --shrink` on real failures: the real simulator drives a deliberately broken
 * redlite (the INCR canary), the sweep keeps each failing seed's trace, and the first failure
 * of each signature gets a shrunk trace that is smaller and still fails the same way.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceShrinkHook } from '../../../sim/sweep/shrink-hook.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { incrOffByOne } from '../../support/sweep-canary-runner.ts';
import { runnerPath, sweepWith, tempDir } from '../../support/sweep-harness.ts';

describe('sweep --shrink', () => {
  it('shrinks the first failure of each signature to a smaller trace with the same invariant', async () => {
    const dir = tempDir('shrink');
    const hook = traceShrinkHook(
      { runsMax: 400, wallMsMax: 20_000 },
      { targetFactory: incrOffByOne, logLevel: 'silent' },
    );
    const run = await sweepWith(
      runnerPath('canary-runner'),
      { seeds: 16, ops: 150, workers: 2, shrink: true, traceDir: join(dir, 'traces') },
      {},
      { shrink: hook },
    );
    const failures = run.report.failures;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.map((f) => f.kind)).toEqual(failures.map(() => 'invariant'));
    const shrunk = failures.filter((f) => f.shrunk_trace_path !== null);
    expect(shrunk.length).toBe(run.report.signatures.length);
    for (const failure of shrunk) {
      const path = failure.shrunk_trace_path as string;
      expect(existsSync(path)).toBe(true);
      expect(run.lines).toContain(`shrunk trace of seed ${failure.seed}: ${path}`);
      const original = loadTrace(failure.trace_path as string);
      const minimal = loadTrace(path);
      expect(minimal.events.length).toBeLessThan(original.events.length);
      expect(minimal.outcome?.failure?.invariant).toBe(failure.invariant);
    }
  });
});
