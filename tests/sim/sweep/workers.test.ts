/**
 * The sweep's worker processes: a worker killed mid-seed, a hanging seed and a seed that runs
 * out of memory each become a failure of exactly that seed, the sweep replaces the worker and
 * finishes every other seed; a runner that cannot load aborts; a nondeterministic failing
 * seed is caught by the traced re-run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SweepAbortedError } from '../../../sim/sweep/Sweep.ts';
import { DYING_SEED } from '../../support/sweep-dying-runner.ts';
import { HANGING_SEED, OOM_SEED } from '../../support/sweep-hanging-runner.ts';
import { runnerPath, sweepWith, tempDir } from '../../support/sweep-harness.ts';
import { standInFails } from '../../support/sweep-stand-in.ts';

describe('sweep workers', () => {
  it('records a worker killed mid-seed as that seed failing, and completes the sweep', async () => {
    const dir = tempDir('dying');
    // One worker, so the seeds after the death can only run on a fresh replacement.
    const run = await sweepWith(runnerPath('dying-runner'), {
      seeds: 16,
      ops: 20,
      workers: 1,
      traceDir: join(dir, 'traces'),
    });
    const { report } = run;
    expect(report.totals.seeds).toBe(16);
    expect(report.results.map((r) => r.seed)).toEqual(Array.from({ length: 16 }, (_, i) => String(i)));
    const died = report.failures.filter((f) => f.kind === 'worker-died');
    expect(died.map((f) => f.seed)).toEqual([String(DYING_SEED)]);
    expect(died[0]?.message).toMatch(/SIGKILL/);
    expect(died[0]?.replay).toBe('bin/vopr run --seed 7 --ops 20');
    expect(report.shards[0]?.workers_replaced).toBe(1);
    const later = run.outcomes.filter((o) => Number(o.record.seed) > Number(DYING_SEED));
    expect(later.length).toBe(8);
    for (const outcome of later) expect(outcome.workerId).toBe(1);
    for (const record of report.results) {
      if (record.seed === String(DYING_SEED)) continue;
      expect(record.result).toBe(standInFails(BigInt(record.seed)) ? 'fail' : 'pass');
    }
    expect(run.exitCode).toBe(1);
    expect(run.lines.at(-1)).toBe(`${report.totals.passed} passed, ${report.totals.failed} failed`);
  });

  it('records a seed past --seed-timeout as a hang and an out-of-memory worker as died', async () => {
    const dir = tempDir('hang');
    const started = performance.now();
    const run = await sweepWith(runnerPath('hanging-runner'), {
      seeds: 12,
      ops: 20,
      workers: 2,
      seedTimeout: '4s',
      workerHeapMb: 64,
      traceDir: join(dir, 'traces'),
    });
    const elapsedMs = performance.now() - started;
    const { report } = run;
    expect(report.totals.seeds).toBe(12);
    const hang = report.failures.find((f) => f.seed === String(HANGING_SEED));
    expect(hang?.kind).toBe('hang');
    expect(hang?.invariant).toBe('seed-timeout');
    expect(hang?.message).toMatch(/4\.0s --seed-timeout/);
    const oom = report.failures.find((f) => f.seed === String(OOM_SEED));
    expect(oom?.kind).toBe('worker-died');
    expect(oom?.message).toMatch(/^worker died with (signal SIGABRT|exit code \d+): .*heap out of memory/);
    expect(report.signatures.map((s) => s.signature)).toEqual(
      expect.arrayContaining(['seed-timeout -', 'worker-died -']),
    );
    // The hang cost one timeout, not a stalled sweep.
    expect(elapsedMs).toBeLessThan(30_000);
  });

  it('keeps the trace of a failing seed and draws its timeline', async () => {
    const dir = tempDir('trace');
    const run = await sweepWith(runnerPath('stand-in'), {
      seeds: 20,
      ops: 60,
      workers: 2,
      traceDir: join(dir, 'traces'),
    });
    const invariantFailures = run.report.failures.filter((f) => f.kind === 'invariant');
    expect(invariantFailures.length).toBeGreaterThan(0);
    for (const failure of invariantFailures) {
      expect(failure.trace_path).toBe(join(dir, 'traces', `seed-${failure.seed}.trace.jsonl`));
      expect(existsSync(failure.trace_path as string)).toBe(true);
      expect(failure.nondeterminism).toBeNull();
      const timeline = failure.timeline;
      expect(timeline?.failing_index).toBe(failure.event_index);
      expect(timeline?.events.at(-1)?.index).toBe(failure.event_index);
      expect(timeline?.events.some((e) => e.marker === 'crash')).toBe(true);
    }
    const passing = run.report.results.filter((r) => r.result === 'pass');
    for (const record of passing)
      expect(existsSync(join(dir, 'traces', `seed-${record.seed}.trace.jsonl`))).toBe(false);
  });

  it('flags a failing seed whose traced re-run disagrees', async () => {
    const run = await sweepWith(runnerPath('flaky-runner'), {
      seeds: 10,
      ops: 20,
      workers: 1,
      traceDir: join(tempDir('flaky'), 't'),
    });
    const failures = run.report.failures;
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure.nondeterminism).toMatch(/re-run disagreed/);
  });

  it('aborts, rather than spinning, when the runner module does not export runSeed', async () => {
    await expect(sweepWith(runnerPath('broken-runner'), { seeds: 5, workers: 2 })).rejects.toThrow(
      SweepAbortedError,
    );
    await expect(sweepWith(runnerPath('broken-runner'), { seeds: 5, workers: 2 })).rejects.toThrow(
      /does not export runSeed/,
    );
  });
});
