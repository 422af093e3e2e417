/**
 * `vopr simulate` and `vopr chaos` as real processes under SIGINT and SIGTERM: each rides the
 * sweep, so a signal ends it quickly with the seeds that finished reported, one `vopr:` line
 * saying what was kept, and exit 130 or 143. (`vopr full` passing a signal on to its running
 * part is tested with a stand-in part: tests/e2e/full-cli.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vopr-child.ts';

const VOPR = join(REPO_ROOT, 'bin', 'vopr');
const folder = mkdtempSync(join(tmpdir(), 'check-signals-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const POLL_MS = 20;
/** Wall time the command runs seeds before the signal: some finish on a loaded machine too. */
const RUN_BEFORE_SIGNAL_MS = 4000;
/** A signal must end the command quickly; this allows for a loaded two-core test machine. */
const STOP_MS_MAX = 3000;

interface Stopped {
  code: number | null;
  stdout: string;
  stderr: string;
  stopMs: number;
}

/** Runs `vopr args`, waits for `started` on its output and a while more, then sends `signal`. */
async function stopWith(args: string[], started: RegExp, signal: NodeJS.Signals): Promise<Stopped> {
  const child = spawn(VOPR, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, VOPR_TEMP_DIR: mkdtempSync(join(folder, 'base-')) },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  while (!started.test(stdout)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  await new Promise((resolve) => setTimeout(resolve, RUN_BEFORE_SIGNAL_MS));
  const signalledMs = performance.now();
  child.kill(signal);
  const code = await done;
  return { code, stdout, stderr, stopMs: performance.now() - signalledMs };
}

function voprLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('vopr:'));
}

/** Far more seeds than any test waits for. */
const LONG = ['--seeds', '100000', '--ops', '300', '--workers', '1'];

describe('check commands under a signal', () => {
  it('simulate: SIGINT reports the seeds that finished, exit 130', { timeout: 120_000 }, async () => {
    const run = await stopWith(['simulate', ...LONG], /^simulate normal_operations/m, 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stopMs).toBeLessThan(STOP_MS_MAX);
    expect(voprLines(run.stderr)).toEqual([
      expect.stringMatching(/^vopr: interrupted by SIGINT; no --report asked, \d+ seeds finished$/),
    ]);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed \(incomplete: stopped by SIGINT, \d+ seed/);
  });

  it('chaos: SIGTERM judges the seeds that finished, exit 143', { timeout: 120_000 }, async () => {
    const run = await stopWith(['chaos', '--faults', 'disk_full', ...LONG], /^chaos disk_full/m, 'SIGTERM');
    expect(run.code, run.stderr).toBe(143);
    expect(run.stopMs).toBeLessThan(STOP_MS_MAX);
    expect(voprLines(run.stderr)).toEqual([
      'vopr: interrupted by SIGTERM; the seeds that finished were judged',
    ]);
    expect(run.stderr).toMatch(/\(incomplete: stopped by SIGTERM, \d+ seed/);
    expect(run.stdout).toMatch(/^(PASS|FAIL|SKIP) {2}disk_full /m);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
  });
});
