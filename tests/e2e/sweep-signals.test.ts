/**
 * `vopr sweep` as real processes under signals and kills: SIGINT and SIGTERM end the sweep
 * quickly with a partial report marked incomplete and exit 130 or 143; a worker killed with
 * SIGKILL leaves no world folder behind, even while the sweep goes on; a parent killed with
 * SIGKILL mid-seed takes its workers and its folder with it within a second; a sweep killed
 * together with its workers leaves its folder, and the next sweep removes it. Each sweep
 * gets a private VOPR_TEMP_DIR, so the folder checks see exactly its folders, whatever else
 * runs on the machine.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../sim/sweep/SweepFolder.ts';
import { REPO_ROOT } from '../support/vopr-child.ts';

const VOPR = join(REPO_ROOT, 'bin', 'vopr');
const folder = mkdtempSync(join(tmpdir(), 'sweep-signals-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const POLL_MS = 20;
/** A signal must end the sweep quickly; this allows for a loaded two-core test machine. */
const STOP_MS_MAX = 2000;

interface Sweeper {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startSweep(args: string[], label: string): Sweeper {
  const base = mkdtempSync(join(folder, `${label}-base-`));
  const child = spawn(VOPR, ['sweep', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, VOPR_TEMP_DIR: base },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, base, stdout: () => stdout, stderr: () => stderr, done };
}

async function until(what: string, condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const startMs = performance.now();
  while (!condition()) {
    if (performance.now() - startMs > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function sweepFolders(base: string): string[] {
  return readdirSync(base)
    .filter((name) => name.startsWith('vopr-sweep-'))
    .map((name) => join(base, name));
}

/** Bytes of seed reports the sweep's workers have written so far. */
function journalBytes(base: string): number {
  let bytes = 0;
  for (const root of sweepFolders(base)) {
    const journals = join(root, 'journals');
    if (!existsSync(journals)) continue;
    for (const name of readdirSync(journals)) {
      try {
        bytes += statSync(join(journals, name)).size;
      } catch {
        // Read and deleted by the parent meanwhile.
      }
    }
  }
  return bytes;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((text) => text !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** The world folders (under `base`) that process `pid` has files open in. */
function openFoldersUnder(pid: number, base: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
  const folders = new Set<string>();
  for (const fd of fds) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue;
    }
    const match = /^(.*\/worker-\d+\/(?:vopr-|redlite-dst-)[^/]+)\//.exec(target);
    if (target.startsWith(`${base}/`) && match?.[1] !== undefined) folders.add(match[1]);
  }
  return [...folders];
}

function voprLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('vopr:'));
}

/** A sweep far longer than any test waits for, of seeds of `ops` ops. */
function long(ops: number): string[] {
  return ['--seeds', '100000', '--ops', String(ops), '--workers', '2'];
}

describe('vopr sweep under a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    '%s: a partial report marked incomplete, no folder or worker left, exit %d',
    async (signal, code) => {
      const json = join(folder, `${signal}.json`);
      const html = join(folder, `${signal}.html`);
      const sweep = startSweep([...long(300), '--report', json, '--report', html], signal);
      const pid = sweep.child.pid as number;
      const workers = new Set<number>();
      await until('finished seeds', () => {
        for (const worker of childrenOf(pid)) workers.add(worker);
        return journalBytes(sweep.base) > 0;
      });
      const signalledMs = performance.now();
      sweep.child.kill(signal);
      const result = await sweep.done;
      const stopMs = performance.now() - signalledMs;

      expect(result.code, sweep.stderr()).toBe(code);
      expect(stopMs).toBeLessThan(STOP_MS_MAX);
      const errors = voprLines(sweep.stderr());
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        new RegExp(
          `^vopr: interrupted by ${signal}; partial report written, marked incomplete, \\d+ seeds finished$`,
        ),
      );
      expect(sweep.stderr()).not.toMatch(/\n\s+at /);
      expect(sweep.stdout()).toMatch(
        new RegExp(`passed, \\d+ failed \\(incomplete: stopped by ${signal}, \\d+ seed`),
      );

      const report = JSON.parse(readFileSync(json, 'utf8'));
      expect(report).toMatchObject({ complete: false, stopped_by: signal });
      expect(report.totals.seeds).toBeGreaterThan(0);
      expect(report.totals.seeds).toBeLessThan(100_000);
      expect(report.results).toHaveLength(report.totals.seeds);
      expect(report.shards[0].complete).toBe(false);
      expect(readFileSync(html, 'utf8').includes(`incomplete: stopped by ${signal}`)).toBe(true);

      expect(workers.size).toBeGreaterThan(0);
      await until(
        'the workers to be gone',
        () => [...workers].every((worker) => !processAlive(worker)),
        2000,
      );
      expect(readdirSync(sweep.base)).toEqual([]);
      expect(existsSync(`${json}.lock`)).toBe(false);
    },
  );
});

describe('vopr sweep when processes are killed', () => {
  it('a worker killed with SIGKILL mid-seed: its world folders go at once, the sweep records it and goes on', {
    timeout: 300_000,
  }, async () => {
    const json = join(folder, 'worker-kill.json');
    const sweep = startSweep(
      ['--seeds', '4', '--ops', '5000', '--workers', '1', '--report', json],
      'worker-kill',
    );
    const pid = sweep.child.pid as number;
    let victim = 0;
    let worlds: string[] = [];
    await until('a worker with a world folder open', () => {
      for (const worker of childrenOf(pid)) {
        worlds = openFoldersUnder(worker, sweep.base);
        if (worlds.length > 0) victim = worker;
      }
      return victim !== 0;
    });
    process.kill(victim, 'SIGKILL');
    // The parent removes the dead worker's folder as soon as it hears of the exit, mid-sweep.
    await until(
      "the dead worker's world folders to go",
      () => worlds.every((world) => !existsSync(world)),
      5000,
    );
    expect(processAlive(pid)).toBe(true);
    const result = await sweep.done;
    expect(result.code, sweep.stderr()).toBe(1);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.totals.seeds).toBe(4);
    expect(report.failures.filter((f: { kind: string }) => f.kind === 'worker-died')).toHaveLength(1);
    expect(readdirSync(sweep.base)).toEqual([]);
  });

  it('a parent killed with SIGKILL mid-seed: its workers exit within a second, taking the folders with them', {
    timeout: 300_000,
  }, async () => {
    // Seeds of 200000 ops run for many seconds each: the workers are orphaned mid-seed.
    const sweep = startSweep(['--seeds', '4', '--ops', '200000', '--workers', '2'], 'parent-kill');
    const pid = sweep.child.pid as number;
    const workers = new Set<number>();
    await until('two workers with a world folder open', () => {
      for (const worker of childrenOf(pid))
        if (openFoldersUnder(worker, sweep.base).length > 0) workers.add(worker);
      return workers.size === 2;
    });
    expect(journalBytes(sweep.base)).toBe(0);
    sweep.child.kill('SIGKILL');
    await sweep.done;
    const killedMs = performance.now();
    await until(
      'orphaned workers to exit',
      () => [...workers].every((worker) => !processAlive(worker)),
      10_000,
    );
    // The watch polls every 200 ms; a loaded machine gets some slack, a seed's length none.
    expect(performance.now() - killedMs).toBeLessThan(STOP_MS_MAX * 2);
    await until('the folders to go', () => readdirSync(sweep.base).length === 0, 5000);
  });

  it('a sweep killed with all its workers: the next sweep removes the folder they left', {
    timeout: 300_000,
  }, async () => {
    const sweep = startSweep(long(100), 'group-kill');
    const pid = sweep.child.pid as number;
    const workers = new Set<number>();
    await until('finished seeds', () => {
      for (const worker of childrenOf(pid)) workers.add(worker);
      return journalBytes(sweep.base) > 0;
    });
    const left = sweepFolders(sweep.base);
    expect(left).toHaveLength(1);
    // Stopped, the parent cannot replace a worker; workers die before it, so none is orphaned
    // long enough to clean up after itself.
    sweep.child.kill('SIGSTOP');
    for (const worker of childrenOf(pid)) workers.add(worker);
    for (const worker of workers) if (processAlive(worker)) process.kill(worker, 'SIGKILL');
    sweep.child.kill('SIGKILL');
    await sweep.done;
    await until('the workers to die', () => [...workers].every((worker) => !processAlive(worker)), 10_000);
    expect(sweepFolders(sweep.base)).toEqual(left);

    // The next sweep, on the same temporary folder as the killed one.
    const again = spawn(VOPR, ['sweep', '--seeds', '1', '--ops', '20', '--workers', '1'], {
      cwd: REPO_ROOT,
      env: { ...process.env, VOPR_TEMP_DIR: sweep.base },
    });
    let stderr = '';
    again.stderr.on('data', (chunk) => {
      stderr += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) => again.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/removed 1 folder\(s\) left by sweeps that were killed/);
    expect(readdirSync(sweep.base)).toEqual([]);
  });
});
