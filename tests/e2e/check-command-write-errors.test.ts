/**
 * A check command's `--report` that cannot be written (a path under a file, under /proc) loses
 * nothing: the other reports are written, the results and the `N passed, N failed` line are
 * printed first, then one line names the write, and the exit code is 3. Through real bin/vopr
 * processes, since a stack trace is what this guards against.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(tmpdir(), 'check-write-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const aFile = join(folder, 'a-file');
writeFileSync(aFile, 'not a folder\n');

function vopr(args: string[]) {
  return spawnSync(join(REPO_ROOT, 'bin', 'vopr'), args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function voprLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('vopr:'));
}

describe('check commands with a report that cannot be written', () => {
  it('smoke: the other report written, the summary printed, then one line, exit 3', {
    timeout: 120_000,
  }, () => {
    const good = join(folder, 'smoke.md');
    const bad = join(aFile, 'smoke.json');
    const result = vopr(['smoke', '--seed', '1', '--report', bad, '--report', good]);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^7 passed, 0 failed$/);
    expect(result.stdout).toContain(`report: ${good}`);
    expect(result.stdout).not.toContain(`report: ${bad}`);
    expect(existsSync(good)).toBe(true);
    expect(voprLines(result.stderr)).toEqual([
      `vopr: cannot write the report ${bad}: ${aFile} is a file, not a folder (ENOTDIR)`,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
  });

  it('chaos: a report under /proc is one line, exit 3, after the checks', { timeout: 120_000 }, () => {
    const bad = '/proc/nope/chaos.json';
    const result = vopr([
      'chaos',
      '--faults',
      'slow_write',
      '--seeds',
      '2',
      '--ops',
      '50',
      '--workers',
      '1',
      '--report',
      bad,
    ]);
    expect(result.status, result.stderr).toBe(3);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
    expect(voprLines(result.stderr)).toEqual([
      `vopr: cannot write the report ${bad}: no such folder (ENOENT)`,
    ]);
  });
});
