/**
 * Live runs against bin/redlite-server (`--target redlite-server`, which the tool starts with
 * the seed's --synchronous, kills and restarts): a clean server passes, its kills recovering
 * every acknowledged write (audited after each restart); and the planted stale-GET cache
 * (REDLITE_SERVER_PLANTED_BUG=stale-get) is caught by the linearizability checker within a few
 * seeds, through the CLI too, with exit 1 and the history kept. A stop reason at a pause of the
 * check at the end ends it with no verdict and the history whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLANTED_BUG_ENV, STALE_GET } from '../../redlite/server/planted-stale-gets.ts';
import { runCli } from '../../sim/cli/main.ts';
import { checkHistory, readHistory } from '../../sim/linearizability/index.ts';
import { type LiveRun, runLive } from '../../sim/live/run-live.ts';
import type { Pacer } from '../../sim/pacing.ts';
import { capturingContext, runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'live-redlite-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The canary's world: two clients on the kv workload, small enough to decide quickly. */
const CANARY_WORLD = { scenario: 'kv', clients: 2, opsMax: 200, faults: 'none' } as const;
/** Seeds tried before the canary counts as missed; it is caught in about 6 seeds of 10. */
const CANARY_SEEDS_MAX = 10;

describe('vopr --target redlite-server', () => {
  it('passes a seed with kills: every acknowledged write survives SIGKILL under its promise', async () => {
    const run = await runLive({
      seed: 4n,
      target: { kind: 'redlite-server' },
      world: { opsMax: 150 },
      checkBudgetMs: 30_000,
    });
    expect(run.choices.killAtOps.length).toBeGreaterThan(0);
    expect(run.kills.length).toBe(run.choices.killAtOps.length);
    expect(run.promise?.lossWindowMs).toBe(0);
    expect(run.report.verdict).toBe('linearizable');
    const audits = run.history.ops.filter((op) => op.process >= run.config.clients);
    expect(audits.length).toBeGreaterThan(0);
  });

  it('a stop during the check at the end leaves no verdict and the whole history', async () => {
    // kv with 1000 ops: one partition (its KEYS and SCAN join the keys) searched in many turns.
    const world = { scenario: 'kv', opsMax: 1000, faults: 'none' } as const;
    let pauses = 0;
    const stopping = {
      turn: () => null,
      stopReason: () => {
        pauses++;
        return 'SIGINT';
      },
    };
    const run = await runLive({
      seed: 4n,
      target: { kind: 'redlite-server' },
      world,
      checkBudgetMs: 30_000,
      pacer: stopping,
    });
    expect(pauses).toBe(1);
    expect(run).toMatchObject({ checkStopped: true, stoppedBy: 'SIGINT' });
    expect(run.report).toMatchObject({ verdict: 'unknown', partitions: [], failure: null });
    expect(run.report.ops).toBe(run.history.ops.length);
    // Unstopped, the same history is decided: the stop, not the budget, left it undecided.
    expect(checkHistory(run.history).verdict).toBe('linearizable');
  });

  it('through the CLI, a signal during the check: no verdict, the history kept, exit 130', async () => {
    const { context, out, err } = capturingContext(1n);
    // The signal comes once the check runs: the pacer is then begun twice (the run and the check).
    let depth = 0;
    const pacer: Pacer = {
      begin: () => {
        depth++;
      },
      end: () => {
        depth--;
      },
      turn: () => null,
      stopReason: () => (depth >= 2 ? 'SIGINT' : null),
    };
    const path = join(folder, 'stopped-check.history.jsonl');
    const args = ['--seed', '4', '--target', 'redlite-server', '--scenario', 'kv', '--ops', '1000'];
    const code = await runCli([...args, '--faults', 'none', '--history', path], { ...context, pacer });
    expect(code).toBe(130);
    const summary = out.find((line) => line.startsWith('no verdict: '));
    expect(summary, out.join('\n')).toMatch(/; the check stopped by SIGINT after \d+ ms$/);
    expect(out.join('\n')).not.toMatch(/^(linearizable|NOT linearizable|UNKNOWN)/m);
    expect(err).toEqual([
      expect.stringMatching(
        /^vopr: interrupted by SIGINT; stopped after \d+ operations; history written to /,
      ),
    ]);
    expect(checkHistory(readHistory(path)).verdict).toBe('linearizable');
  });

  it('catches the planted stale GET within a few seeds', async () => {
    const runs: LiveRun[] = [];
    for (let seed = 1n; seed <= BigInt(CANARY_SEEDS_MAX); seed++) {
      const run = await runLive({
        seed,
        target: { kind: 'redlite-server' },
        world: CANARY_WORLD,
        serverEnv: { [PLANTED_BUG_ENV]: STALE_GET },
        checkBudgetMs: 5000,
      });
      runs.push(run);
      if (run.report.verdict === 'not-linearizable') break;
    }
    const caught = runs.at(-1) as LiveRun;
    expect(caught.report.verdict).toBe('not-linearizable');
    expect(caught.report.failure).not.toBeNull();
    expect(checkHistory(caught.history).verdict).toBe('not-linearizable');
  });

  it('reports the canary through the CLI with exit 1 and keeps the history', async () => {
    process.env[PLANTED_BUG_ENV] = STALE_GET;
    try {
      let code = 0;
      let path = '';
      for (let seed = 1; seed <= CANARY_SEEDS_MAX && code !== 1; seed++) {
        path = join(folder, `canary-${seed}.history.jsonl`);
        const run = await runCaptured([
          '--seed',
          String(seed),
          '--target',
          'redlite-server',
          '--scenario',
          'kv',
          '--clients',
          '2',
          '--ops',
          '200',
          '--faults',
          'none',
          '--check-budget-ms',
          '5000',
          '--history',
          path,
        ]);
        code = run.code;
        if (code === 1) expect(run.out.join('\n')).toContain('NOT linearizable');
      }
      expect(code).toBe(1);
      const again = await runCaptured(['check-history', path, '--budget-ms', '30000']);
      // 1 when the whole history is decided; 4 when only a prefix could be (prefix-check.ts).
      expect([1, 4]).toContain(again.code);
    } finally {
      delete process.env[PLANTED_BUG_ENV];
    }
  });
});
