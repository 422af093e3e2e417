/**
 * `vopr sweep --report` and `vopr merge --report` onto targets no one can write, through real
 * bin/vopr processes: a path under /proc fails at once, before any seed runs, in one line and
 * exit 3 (it used to hang, looping in a recursive mkdir); a full device fails after the sweep,
 * with every other report written and the summary printed first, in one line and exit 3.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runVopr } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(tmpdir(), 'sweep-write-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SMALL = ['--seeds', '2', '--ops', '20', '--workers', '1', '--scenario', 'kv', '--trace-dir', folder];

function voprLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('vopr:'));
}

describe('sweep and merge reports onto unwritable targets', () => {
  it('a path under /proc: one line, exit 3, before any seed runs', async () => {
    const result = await runVopr(['sweep', ...SMALL, '--report', '/proc/nope/x.json'], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(3);
    expect(voprLines(result.stderr)).toEqual([
      'vopr: cannot write report /proc/nope/x.json: no such folder (ENOENT)',
    ]);
    expect(result.stdout).not.toMatch(/passed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a full device: the other reports and the summary first, then one line, exit 3', async () => {
    const good = join(folder, 'good.json');
    const full = join(folder, 'full.json');
    symlinkSync('/dev/full', full);
    const result = await runVopr(['sweep', ...SMALL, '--report', good, '--report', full], {
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(3);
    expect(voprLines(result.stderr)).toEqual([
      `vopr: cannot write report ${full}: no space left on the device (ENOSPC)`,
    ]);
    expect(result.stdout).toContain(`report: ${good}`);
    expect(result.stdout).not.toContain(`report: ${full}`);
    expect(result.stdout.trim().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
    expect(JSON.parse(readFileSync(good, 'utf8')).totals.seeds).toBe(2);
    expect(existsSync(`${good}.lock`)).toBe(false);

    const merged = await runVopr(['merge', good, '--report', full], { timeoutMs: 30_000 });
    expect(merged.code, merged.stderr).toBe(3);
    expect(voprLines(merged.stderr)).toEqual([
      `vopr: cannot write report ${full}: no space left on the device (ENOSPC)`,
    ]);
  });
});
