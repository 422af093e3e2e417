/**
 * `vopr simulate` and `vopr chaos` as real processes under SIGINT and SIGTERM: each rides the
 * sweep, so a signal ends it quickly with the seeds that finished reported, one `vopr:` line
 * saying what was kept, and exit 130 or 143. `properties`, `soak` and `fuzz` do the same with
 * what they finished: the properties that ran, the samples taken, the targets fuzzed. (`vopr full` passing a signal on to its running
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

  it('properties: SIGINT skips the property running and the rest, exit 130', {
    timeout: 120_000,
  }, async () => {
    const run = await stopWith(['properties', '--seeds', '100000'], /^properties: /m, 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stopMs).toBeLessThan(STOP_MS_MAX);
    expect(voprLines(run.stderr)).toEqual([
      'vopr: interrupted by SIGINT; the properties that finished are reported',
    ]);
    expect(run.stdout).toMatch(
      /^SKIP {2}set_get_roundtrip {2}stopped by SIGINT after \d+ of 100000 seeds passed$/m,
    );
    expect(run.stdout).toMatch(/^SKIP {2}ttl_monotonic_decrease {2}not run: stopped by SIGINT$/m);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed');
  });

  it('soak: SIGTERM judges the samples taken, exit 143', { timeout: 120_000 }, async () => {
    const args = ['soak', '--duration', '10m', '--sample-every', '500ms', '--warmup', '500ms'];
    const run = await stopWith(args, /^soak: /m, 'SIGTERM');
    expect(run.code, run.stderr).toBe(143);
    expect(run.stopMs).toBeLessThan(STOP_MS_MAX);
    expect(voprLines(run.stderr)).toEqual([
      'vopr: interrupted by SIGTERM; the samples taken so far are judged and reported',
    ]);
    expect(run.stdout).toMatch(/^PASS {2}reply_matches_model {2}\d+ ops, every reply equal to the model's/m);
    expect(run.stdout).toMatch(/^(PASS|FAIL|SKIP) {2}memory_stability /m);
  });

  it('fuzz: SIGINT reports the target fuzzed and skips the rest, exit 130', {
    timeout: 120_000,
  }, async () => {
    const corpus = mkdtempSync(join(folder, 'corpus-'));
    const args = ['fuzz', '--time', '10m', '--corpus', corpus, '--crash-dir', join(corpus, 'crashes')];
    const run = await stopWith(args, /^fuzz: /m, 'SIGINT');
    expect(run.code, run.stderr).toBe(130);
    expect(run.stopMs).toBeLessThan(STOP_MS_MAX);
    expect(voprLines(run.stderr)).toEqual([
      `vopr: interrupted by SIGINT; the targets fuzzed so far are reported; the corpus is in ${corpus}`,
    ]);
    expect(run.stdout).toMatch(/^PASS {2}resp {2}\d+ execs/m);
    expect(run.stdout).toMatch(/^SKIP {2}seed-bank {2}not fuzzed: stopped by SIGINT$/m);
  });
});
