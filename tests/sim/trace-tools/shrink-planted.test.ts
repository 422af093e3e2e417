/**
 * Shrinking real failures: for three planted redlite bugs (INCR off by one, a silent LSET
 * corruption, a ZADD that loses score updates), a failing 1000-op run shrinks to at most 20
 * events that fail with the same invariant; the minimized trace file replays to the same
 * failure and hash on the broken redlite, and passes on the real one. One minimized trace is
 * also emitted as a vitest file and run: it fails on the broken redlite and passes on the real.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../../redlite/index.ts';
import {
  incrOffByOneRedlite,
  type RedliteFactory,
  silentListCorruptionRedlite,
  zaddLosesScoreRedlite,
} from '../../../sim/planted-bugs/broken-redlite.ts';
import { runWorld, type WorldRun } from '../../../sim/run.ts';
import { ShrinkBudget } from '../../../sim/trace-tools/budget.ts';
import { emitTest } from '../../../sim/trace-tools/emit-test.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';
import { shrinkTrace, type TraceShrinkResult } from '../../../sim/trace-tools/shrink-trace.ts';
import { writeExecutionTrace } from '../../../sim/trace-tools/write-execution.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'shrink-planted-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const OPS = 1000;
const SEEDS_TRIED_MAX = 40;
const EVENTS_MAX = 20;

function target(factory: RedliteFactory): TargetFactory {
  return (path, options) => factory(path, options as RedliteOptions);
}

interface Planted {
  name: string;
  scenario: string;
  factory: string;
  make: () => RedliteFactory;
}

const PLANTED: Planted[] = [
  { name: 'INCR off by one', scenario: 'kv', factory: 'incrOffByOneRedlite', make: incrOffByOneRedlite },
  {
    name: 'silent LSET corruption',
    scenario: 'lists',
    factory: 'silentListCorruptionRedlite',
    make: silentListCorruptionRedlite,
  },
  {
    name: 'ZADD loses score',
    scenario: 'zsets',
    factory: 'zaddLosesScoreRedlite',
    make: zaddLosesScoreRedlite,
  },
];

function failingRun(bug: Planted): WorldRun {
  const targetFactory = target(bug.make());
  for (let seed = 1n; seed <= BigInt(SEEDS_TRIED_MAX); seed++) {
    const run = runWorld({ seed, scenario: bug.scenario, opsMax: OPS, targetFactory, logLevel: 'silent' });
    if (run.result.failure !== null) return run;
  }
  throw new Error(`${bug.name}: no failing seed in ${SEEDS_TRIED_MAX}`);
}

const shrunk = new Map<string, { run: WorldRun; result: TraceShrinkResult; path: string }>();

describe.each(PLANTED)('shrinking $name', (bug) => {
  it(`shrinks a failing ${OPS}-op run to <= ${EVENTS_MAX} events with the same invariant`, () => {
    const run = failingRun(bug);
    const events = run.execution.recorder.events.map((entry) => entry.event);
    const budget = new ShrinkBudget({ runsMax: 5000, wallMsMax: 60_000 }, () => performance.now());
    const result = shrinkTrace(run.config, events, budget, { targetFactory: target(bug.make()) });
    expect(result.original.invariant).toBe(run.result.failure?.invariant);
    expect(result.outcome.events.length).toBeLessThanOrEqual(EVENTS_MAX);
    expect(result.outcome.events.length).toBeLessThan(events.length);
    expect(result.minimized.failure?.invariant).toBe(result.original.invariant);
    const path = join(folder, `${bug.factory}.trace.jsonl`);
    writeExecutionTrace(path, result.minimized);
    shrunk.set(bug.name, { run, result, path });
  });

  it('writes a minimized trace that replays to the same failure, and passes on the real redlite', () => {
    const entry = shrunk.get(bug.name);
    expect(entry).toBeDefined();
    const { result, path } = entry!;
    const trace = loadTrace(path);
    expect(trace.events).toHaveLength(result.outcome.events.length);
    const broken = replayTrace(trace, { targetFactory: target(bug.make()) });
    expect(broken.verdict).toBe('reproduced');
    expect(broken.execution.failure?.invariant).toBe(result.original.invariant);
    const fixed = replayTrace(trace);
    expect(fixed.summary).toBe('did not reproduce: passed');
  });
});

describe('--emit-test output', () => {
  it('is a vitest file that fails on the broken redlite and passes on the real one', () => {
    const bug = PLANTED[1] as Planted;
    const entry = shrunk.get(bug.name);
    expect(entry).toBeDefined();
    const { run, result } = entry!;
    // Emitted under the repository (its imports are relative to it), in an ignored scratch folder.
    const scratch = join(ROOT, '.vopr-tmp', `emit-${process.pid}`);
    mkdirSync(scratch, { recursive: true });
    try {
      const input = {
        config: run.config as unknown as Record<string, unknown>,
        seed: run.config.seed,
        scenario: run.config.scenario,
        events: result.outcome.events,
        failure: result.minimized.failure!,
        rootFromTest: relative(scratch, ROOT),
      };
      const module = relative(scratch, join(ROOT, 'sim', 'planted-bugs', 'broken-redlite.ts'));
      const brokenText = emitTest({
        ...input,
        target: { module, name: bug.factory, expression: `${bug.factory}()` },
      });
      writeFileSync(join(scratch, 'broken.test.ts'), brokenText);
      writeFileSync(join(scratch, 'fixed.test.ts'), emitTest(input));
      writeFileSync(
        join(scratch, 'vitest.config.ts'),
        "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['*.test.ts'] } });\n",
      );
      const text = readFileSync(join(scratch, 'fixed.test.ts'), 'utf8');
      expect(text).toContain('op(');
      expect(text).toContain("'LSET'");
      expect(text).toContain('expect(result.failure, result.failure?.message).toBeNull();');
      const vitest = (file: string) =>
        spawnSync(
          process.execPath,
          [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.config.ts', file],
          {
            cwd: scratch,
            encoding: 'utf8',
            env: { ...process.env, CI: '', FORCE_COLOR: '0' },
          },
        );
      const failing = vitest('broken.test.ts');
      expect(failing.status, failing.stdout + failing.stderr).toBe(1);
      expect(failing.stdout).toMatch(/1 failed/);
      const passing = vitest('fixed.test.ts');
      expect(passing.status, passing.stdout + passing.stderr).toBe(0);
      expect(passing.stdout).toMatch(/1 passed/);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
