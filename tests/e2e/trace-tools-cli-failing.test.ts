/**
 * The failure paths of `vopr replay | shrink | bisect` through the real CLI entry, with the
 * default target swapped (by module mock) for a redlite whose LSET silently corrupts the
 * neighbouring element. This is the README's workflow end to end: a failing seed, shrink with
 * an emitted test, replay of the minimized trace, bisect, and `git bisect`-style exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { type CliRun, runCaptured } from '../support/cli-capture.ts';

vi.mock('../../sim/world/defaults.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../sim/world/defaults.ts')>();
  const { silentListCorruptionRedlite } = await import('../../sim/planted-bugs/broken-redlite.ts');
  const broken = silentListCorruptionRedlite();
  return { ...actual, defaultTargetFactory: (path: string, options: object) => broken(path, options) };
});

const folder = mkdtempSync(join(tmpdir(), 'trace-tools-cli-failing-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function vopr(...args: string[]): Promise<CliRun> {
  return runCaptured(args);
}

describe('the workflow on a failing seed', () => {
  const original = join(folder, 'failing.trace.jsonl');
  const minimized = join(folder, 'min.trace.jsonl');
  const emitted = join(folder, 'lset.test.ts');

  it('replay --seed fails with exit 1 and writes the trace', async () => {
    const result = await vopr(
      'replay',
      '--seed',
      '12',
      '--scenario',
      'lists',
      '--ops',
      '1000',
      '--trace',
      original,
    );
    expect(result.code).toBe(1);
    expect(result.out[0]).toMatch(/^invariant list_order_preserved broken at event \d+/);
    expect(existsSync(original)).toBe(true);
  });

  it('replay of the trace reproduces it, exit 1', async () => {
    const result = await vopr('replay', original);
    expect(result.code).toBe(1);
    expect(result.out.at(-1)).toMatch(/^reproduced: list_order_preserved at event \d+/);
  });

  it('shrink prints counts, runs and time, and writes the minimized trace and a test', async () => {
    const result = await vopr('shrink', original, '-o', minimized, '--emit-test', emitted, '--time', '60');
    expect(result.code).toBe(1);
    const summary = result.out.find((line) => line.startsWith('shrunk '));
    const match = /^shrunk (\d+) events to (\d+) in (\d+) runs, ([\d.]+) s/.exec(summary ?? '');
    expect(match, result.out.join('\n')).not.toBeNull();
    const [, before, after] = match!.map(Number) as number[];
    expect(before).toBeGreaterThan(100);
    expect(after).toBeLessThanOrEqual(20);
    expect(result.out).toContain(
      `minimized trace written to ${minimized}; replay it with: bin/vopr replay ${minimized}`,
    );
    const test = readFileSync(emitted, 'utf8');
    expect(test).toMatch(/op\(\d+, \d+, \['LSET', /);
    expect(test).toContain("import { runSteps } from '");
  });

  it('the minimized trace replays to the same invariant', async () => {
    const result = await vopr('replay', minimized, '--json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out.at(-1) as string);
    expect(report.verdict).toBe('reproduced');
    expect(report.failure.invariant).toBe('list_order_preserved');
  });

  it('bisect names an LSET as the first diverging event of the original trace', async () => {
    const result = await vopr('bisect', original);
    expect(result.code).toBe(1);
    const marked = result.out.find((line) => line.startsWith('>>'));
    expect(marked, result.out.join('\n')).toMatch(/ LSET .* -> OK$/);
    expect(result.out).toContain('state diff just after it (target vs model):');
    expect(
      result.out.some((line) => line.startsWith('state had already diverged before the failing event')),
    ).toBe(true);
  });
});
