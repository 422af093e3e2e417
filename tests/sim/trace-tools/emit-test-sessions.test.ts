/**
 * `--emit-test` with connections: a shrunk trace of the planted newest-waiter-first bug becomes
 * a vitest file whose steps keep each client's connection (its blocking pop, the pushes, the
 * timeout event); it fails on the broken sessions and passes on redlite's own.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { newestWaiterFirstSessions } from '../../../sim/planted-bugs/broken-sessions.ts';
import { runWorld, type WorldRun } from '../../../sim/run.ts';
import { ShrinkBudget } from '../../../sim/trace-tools/budget.ts';
import { emitTest } from '../../../sim/trace-tools/emit-test.ts';
import { shrinkTrace } from '../../../sim/trace-tools/shrink-trace.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function failingRun(): WorldRun {
  for (let seed = 0n; seed < 300n; seed++) {
    const run = runWorld({ seed, scenario: 'blocking', sessionsFactory: newestWaiterFirstSessions });
    if (run.result.failure !== null) return run;
  }
  throw new Error('the newest-waiter-first bug was not caught in 300 blocking seeds');
}

describe('--emit-test with sessions', () => {
  it('emits a test that fails on the broken sessions and passes on the real ones', () => {
    const run = failingRun();
    const events = run.execution.recorder.events.map((traced) => traced.event);
    const budget = new ShrinkBudget({ runsMax: 2000, wallMsMax: 60_000 }, () => performance.now());
    const result = shrinkTrace(run.config, events, budget, { sessionsFactory: newestWaiterFirstSessions });
    expect(result.minimized.failure?.invariant).toBe('blocked_served_fifo');
    const scratch = join(ROOT, '.vopr-tmp', `emit-sessions-${process.pid}`);
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
      const module = relative(scratch, join(ROOT, 'sim', 'planted-bugs', 'broken-sessions.ts'));
      const broken = emitTest({
        ...input,
        target: {
          module,
          name: 'newestWaiterFirstSessions',
          expression: 'newestWaiterFirstSessions',
          part: 'sessionsFactory',
        },
      });
      expect(broken).toContain('sessionsFactory: newestWaiterFirstSessions');
      expect(broken).toContain('A client is one connection');
      expect(broken).toMatch(/'B(L|R)POP'|'BLMOVE'|'BRPOPLPUSH'/);
      writeFileSync(join(scratch, 'broken.test.ts'), broken);
      writeFileSync(join(scratch, 'fixed.test.ts'), emitTest(input));
      writeFileSync(
        join(scratch, 'vitest.config.ts'),
        "import { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { include: ['*.test.ts'] } });\n",
      );
      const vitest = (file: string) =>
        spawnSync(
          process.execPath,
          [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.config.ts', file],
          { cwd: scratch, encoding: 'utf8', env: { ...process.env, CI: '', FORCE_COLOR: '0' } },
        );
      const failing = vitest('broken.test.ts');
      expect(failing.status, failing.stdout + failing.stderr).toBe(1);
      const passing = vitest('fixed.test.ts');
      expect(passing.status, passing.stdout + passing.stderr).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 300_000);
});
