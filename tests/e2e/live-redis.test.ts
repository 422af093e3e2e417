/**
 * Live runs against a real Redis 7 (`--target redis`, which the tool starts with appendonly yes
 * and the seed's appendfsync policy, kills and restarts): 20 seeds pass the linearizability
 * check under Redis's durability promise, the started server leaves no folder behind, the
 * history re-checks offline with the same verdict, and a Redis at an address is used only when
 * empty and left empty. Needs redis-server: skipped loudly without it, an error under CI=true.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from '../../sim/linearizability/index.ts';
import { runLive } from '../../sim/live/run-live.ts';
import { runCaptured } from '../support/cli-capture.ts';
import { redisServerInstalled, startRedis } from '../support/redis-server.ts';
import { REPO_ROOT } from '../support/vopr-child.ts';

const installed = redisServerInstalled('the live Redis tests');
const folder = mkdtempSync(join(tmpdir(), 'live-redis-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SEEDS = 20;
const OPS = 200;

describe.skipIf(!installed)('vopr --target redis', () => {
  it(`passes ${SEEDS} seeds against real Redis, kills and restarts included`, async () => {
    let kills = 0;
    let atRisk = 0;
    const policies = new Set<string>();
    for (let seed = 1n; seed <= BigInt(SEEDS); seed++) {
      const run = await runLive({
        seed,
        target: { kind: 'redis' },
        world: { opsMax: OPS },
        checkBudgetMs: 30_000,
      });
      expect({ seed, verdict: run.report.verdict }).toEqual({ seed, verdict: 'linearizable' });
      expect(run.kills.length).toBe(run.choices.killAtOps.length);
      expect(existsSync(run.serverFolder as string)).toBe(false);
      kills += run.kills.length;
      atRisk += run.atRiskIds.length;
      if (run.setting !== null) policies.add(run.setting);
    }
    expect(kills).toBeGreaterThan(0);
    expect(policies.size).toBe(3);
    expect(atRisk).toBeGreaterThan(0);
  });

  it('records a history that vopr check-history re-checks with the same verdict', async () => {
    const path = join(folder, 'seed5.history.jsonl');
    const run = await runCaptured(['--seed', '5', '--target', 'redis', '--ops', '100', '--history', path]);
    expect(run.code).toBe(0);
    expect(run.out.join('\n')).toContain('this run does not replay');
    expect(run.out.at(-1)).toBe(
      `history (${readHistory(path).ops.length} operations, JSON Lines) written to ${path}`,
    );
    const header = JSON.parse(readFileSync(path, 'utf8').split('\n')[0] as string);
    expect(header).toMatchObject({ clock: 'wall', source: { seed: '5', target: 'redis' } });
    const again = await runCaptured(['check-history', path]);
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/^linearizable: /);
  });

  it('ends with one JSON object under --json, and says the run is not replayable', async () => {
    const run = await runCaptured(['--seed', '2', '--target', 'redis', '--ops', '50', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.out.at(-1) as string);
    expect(result).toMatchObject({ seed: '2', target: 'redis', verdict: 'linearizable', replayable: false });
    expect(result.operations).toBeGreaterThanOrEqual(50);
  });

  it('falls back to JSON Lines, exit 2, when no Jepsen model expresses the workload', async () => {
    const path = join(folder, 'seed4.edn');
    const run = await runCaptured([
      '--seed',
      '4',
      '--target',
      'redis',
      '--ops',
      '50',
      '--history',
      path,
      '--history-format',
      'edn',
    ]);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toContain('cannot write the history as EDN');
    expect(existsSync(path)).toBe(false);
    expect(readHistory(`${path}.jsonl`).ops.length).toBeGreaterThanOrEqual(50);
  });

  it('refuses the live-only flags on a simulated run, and --target where nothing runs live', async () => {
    const history = await runCaptured(['--seed', '1', '--ops', '10', '--history', join(folder, 'x')]);
    expect(history.code).toBe(2);
    expect(history.err[0]).toContain('--history needs --target');
    const replay = await runCaptured(['replay', '--seed', '1', '--target', 'redis']);
    expect(replay.code).toBe(2);
    expect(replay.err[0]).toContain('replay cannot do');
    const bad = await runCaptured(['--seed', '1', '--target', 'resp://nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toContain('invalid --target: "resp://nowhere"');
    const processes = await runCaptured(['--seed', '1', '--processes', '4', '--target', 'redis']);
    expect(processes.code).toBe(2);
    expect(processes.err).toHaveLength(1);
    expect(processes.err[0]).toContain('--processes simulates several redlite processes');
  });
});

/** The children of `pid` (Linux): vopr's redis-server, and whatever else it runs (git). */
function childrenOf(pid: number): number[] {
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

function redisFolders(): string[] {
  return readdirSync(tmpdir()).filter((name) => /^vopr-live-\d+-redis-/.test(name));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!installed)('vopr --target redis, stopped by SIGTERM', () => {
  it('stops its clients and its server, removes the folder, keeps the history, and exits 143', async () => {
    const path = join(folder, 'stopped.history.jsonl');
    const args = [
      '--seed',
      '5',
      '--target',
      'redis',
      '--ops',
      '100000',
      '--faults',
      'none',
      '--history',
      path,
    ];
    const before = redisFolders();
    const child = spawn(join(REPO_ROOT, 'bin/vopr'), args, { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let server: number | undefined;
    for (let i = 0; i < 600 && server === undefined; i++) {
      server = childrenOf(child.pid as number).find((pid) => commandOf(pid) === 'redis-server');
      if (server === undefined) await pause(50);
    }
    expect(server, 'vopr started no redis-server within 30 s').toBeDefined();
    // This file alone starts Redis servers, one at a time: the new folder is this run's.
    const serverFolders = redisFolders().filter((name) => !before.includes(name));
    expect(serverFolders).toHaveLength(1);
    await pause(1000);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/interrupted by SIGTERM; stopped after \d+ operations; history written to /);
    expect(alive(server as number)).toBe(false);
    expect(existsSync(join(tmpdir(), serverFolders[0] as string))).toBe(false);
    expect(readHistory(path).ops.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!installed)('vopr --target resp://HOST:PORT', () => {
  it('runs against an empty server, leaves it empty, and refuses one that holds keys', async () => {
    const redis = await startRedis();
    if (redis === null) throw new Error('redis-server is installed but did not start');
    const connection = await redis.connect();
    try {
      await connection.send(['FLUSHALL']);
      const target = `resp://127.0.0.1:${redis.port}`;
      const run = await runCaptured(['--seed', '9', '--target', target, '--ops', '100']);
      expect(run.code).toBe(0);
      expect(run.out[0]).toBe(`live run: seed 9 against ${target}`);
      expect(await connection.send(['DBSIZE'])).toEqual({ type: 'integer', value: 0 });
      await connection.send(['SET', 'someone-elses', 'data']);
      const refused = await runCaptured(['--seed', '9', '--target', target, '--ops', '100']);
      expect(refused.code).toBe(2);
      expect(refused.err[0]).toContain('holds 1 keys in database 0');
      expect(await connection.send(['GET', 'someone-elses'])).toEqual({
        type: 'bulk',
        value: Buffer.from('data'),
      });
    } finally {
      await connection.send(['FLUSHALL']);
      connection.close();
      redis.stop();
    }
  });
});
