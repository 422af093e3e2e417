/**
 * Replay round trip: for 100 seeds across every scenario, a run written with a trace replays
 * from the file to the same outcome and the same trace hash. Small op counts keep it quick; the
 * property is about the trace, not the workload's length. Also: a trace that no longer fails
 * says "did not reproduce: passed", and one that fails another way says "failed differently".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../../redlite/reply.ts';
import { SCENARIO_NAMES } from '../../../scenarios/index.ts';
import { runWorld } from '../../../sim/run.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';
import { modelTargetFactory } from '../../../sim/world/model-target.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

const folder = mkdtempSync(join(tmpdir(), 'replay-roundtrip-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SEEDS = 100;

/**
 * A second model behind the target interface stands in for a redlite without bugs, so these
 * tests do not depend on the real redlite's state; the round trip above runs the real one.
 */
const sound = modelTargetFactory;

/** Answers every GET on a key ending in '3' with nil: a reply bug the first such GET shows. */
const lostGet: TargetFactory = (path, options) => {
  const inner = modelTargetFactory(path, options);
  return {
    exec: (argv): Reply => {
      const reply = inner.exec(argv);
      const lost =
        String(argv[0]).toUpperCase() === 'GET' && /3$/.test(String(argv[1])) && reply.type === 'bulk';
      return lost && reply.value !== null ? { type: 'bulk', value: null } : reply;
    },
    expireCycle: (limit) => inner.expireCycle(limit),
    checkpoint: () => inner.checkpoint?.(),
    close: () => inner.close(),
  };
};

describe('replay round trip', () => {
  it(`reproduces the outcome and trace hash of ${SEEDS} seeds across ${SCENARIO_NAMES.length} scenarios`, () => {
    const mismatches: string[] = [];
    for (let i = 0; i < SEEDS; i++) {
      const scenario = SCENARIO_NAMES[i % SCENARIO_NAMES.length] as string;
      const path = join(folder, `seed-${i}.trace.jsonl`);
      const seed = BigInt(1000 + i * 7919);
      const run = runWorld({
        seed,
        scenario,
        opsMax: 40 + (i % 5) * 20,
        tracePath: path,
        logLevel: 'silent',
      });
      const report = replayTrace(loadTrace(path));
      if (report.verdict !== 'reproduced' || report.traceHash !== run.result.trace_hash) {
        mismatches.push(`seed ${seed} (${scenario}): ${report.summary}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('reproduces a failing trace, failure and hash included', () => {
    const path = join(folder, 'failing.trace.jsonl');
    let run = runWorld({
      seed: 1n,
      scenario: 'kv',
      opsMax: 400,
      targetFactory: lostGet,
      tracePath: path,
      logLevel: 'silent',
    });
    for (let seed = 2n; run.result.failure === null && seed < 50n; seed++) {
      run = runWorld({
        seed,
        scenario: 'kv',
        opsMax: 400,
        targetFactory: lostGet,
        tracePath: path,
        logLevel: 'silent',
      });
    }
    expect(run.result.failure?.invariant).toBeDefined();
    const report = replayTrace(loadTrace(path), { targetFactory: lostGet });
    expect(report.verdict).toBe('reproduced');
    expect(report.traceHash).toBe(run.result.trace_hash);
    expect(report.execution.failure?.event_index).toBe(run.result.failure?.event_index);

    const fixed = replayTrace(loadTrace(path), { targetFactory: sound });
    expect(fixed.verdict).toBe('did-not-reproduce');
    expect(fixed.summary).toBe('did not reproduce: passed');
    expect(fixed.execution.failure).toBeNull();
  });

  it('says "failed differently" when a trace fails another way', () => {
    const path = join(folder, 'passing.trace.jsonl');
    let run = runWorld({
      seed: 77n,
      scenario: 'kv',
      opsMax: 300,
      targetFactory: sound,
      tracePath: path,
      logLevel: 'silent',
    });
    expect(run.result.result).toBe('pass');
    const report = replayTrace(loadTrace(path), { targetFactory: lostGet });
    // Only informative if the recorded run has a GET that the broken target now answers wrongly.
    run = runWorld({ seed: 77n, scenario: 'kv', opsMax: 300, targetFactory: lostGet, logLevel: 'silent' });
    expect(run.result.result).toBe('fail');
    expect(report.verdict).toBe('failed-differently');
    expect(report.summary).toMatch(/^failed differently: recorded passed; now /);
  });
});
