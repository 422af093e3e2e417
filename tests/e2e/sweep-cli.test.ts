/**
 * `vopr sweep` and `vopr merge` as the command line parses them: exit codes (0 all passed,
 * 1 any failed, 2 bad input with one line naming the problem), the last line of output, the
 * repeatable --report flag, and merging shard reports from files. A sweep that would test
 * nothing (an empty shard, a time budget that runs out first) is refused, not passed;
 * --workers is capped; a report another live sweep is writing is refused.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runnerPath, tempDir, vopr } from '../support/sweep-harness.ts';
import { standInFails } from '../support/sweep-stand-in.ts';

const STAND_IN = runnerPath('stand-in');

/** The first seed of a run of `length` seeds that the stand-in passes. */
function passingRun(length: number): number {
  for (let from = 0; from < 10_000; from++) {
    let ok = true;
    for (let i = 0; i < length && ok; i++) ok = !standInFails(BigInt(from + i));
    if (ok) return from;
  }
  throw new Error('no passing run found');
}

describe('vopr sweep', () => {
  it('exits 0 when every seed passes, ending with the summary line', async () => {
    const dir = tempDir('cli-pass');
    const from = passingRun(6);
    const run = await vopr(
      ['sweep', '--seeds', '6', '--from', String(from), '--ops', '20', '--workers', '2', '--trace-dir', dir],
      STAND_IN,
    );
    // Stale folders of sweeps killed earlier on this machine may be reported removed; nothing else.
    expect(run.err.filter((line) => !/^(progress:|removed \d+ folder)/.test(line))).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out.at(-1)).toBe('6 passed, 0 failed');
  });

  it('exits 1 when a seed fails, prints its replay command, and writes every --report', async () => {
    const dir = tempDir('cli-fail');
    const reports = ['r.json', 'r.md', 'r.html'].map((name) => join(dir, name));
    const args = ['sweep', '--seeds', '20', '--ops', '20', '--workers', '2', '--trace-dir', join(dir, 't')];
    for (const path of reports) args.push('--report', path);
    const run = await vopr(args, STAND_IN);
    const failed = Array.from({ length: 20 }, (_, i) => i).filter((seed) => standInFails(BigInt(seed)));
    expect(failed.length).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    expect(run.out.at(-1)).toBe(`${20 - failed.length} passed, ${failed.length} failed`);
    for (const seed of failed) expect(run.out).toContain(`  replay: bin/vopr --seed ${seed}`);
    for (const path of reports) expect(existsSync(path)).toBe(true);
    const json = JSON.parse(readFileSync(reports[0] as string, 'utf8'));
    expect(json.failures.map((f: { seed: string }) => Number(f.seed))).toEqual(failed);
    expect(readFileSync(reports[1] as string, 'utf8')).toContain(`bin/vopr --seed ${failed[0]}`);
  });

  it.each([
    [['--time', 'soon'], /--time: invalid duration "soon"/],
    [['--shard', '2/2'], /shard index 2 is not below the count 2/],
    [['--seeds', '0'], /--seeds: expected a whole number/],
    [['--workers', '1.5'], /--workers: expected a whole number/],
    [['--report', 'out.pdf'], /--report out.pdf: unknown report type/],
    [['--from', '-3'], /--from/],
    [['--durability', 'fast'], /--durability/],
    [['--bogus'], /Unknown argument: bogus/],
  ])('exits 2 with one line for bad input %j', async (extra, message) => {
    const run = await vopr(['sweep', '--seeds', '3', ...extra], STAND_IN);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(message);
  });

  it.each([
    [
      ['--seeds', '4', '--shard', '9/10'],
      /^vopr: --seeds: shard 9\/10 gets none of the 4 seeds \(it needs more than 9\) \(got 4\)/,
    ],
    [
      ['--time', '1ms'],
      /^vopr: --time: the time budget ran out before any seed finished, so nothing was tested/,
    ],
  ])('exits 2, not 0, for a sweep that would test nothing: %j', async (args, message) => {
    const run = await vopr(['sweep', ...args, '--ops', '20', '--workers', '1'], STAND_IN);
    expect(run.code).toBe(2);
    expect(run.err.filter((line) => line.startsWith('vopr:'))).toEqual([expect.stringMatching(message)]);
    expect(run.out.join('\n')).not.toMatch(/passed/);
  });

  it('caps --workers at the seeds and the cores, with a warning', async () => {
    const dir = tempDir('cli-workers');
    const json = join(dir, 'r.json');
    const run = await vopr(
      ['sweep', '--seeds', '2', '--ops', '20', '--workers', '1000', '--trace-dir', dir, '--report', json],
      STAND_IN,
    );
    const cores = availableParallelism();
    const started = Math.min(2, cores);
    expect(run.err).toContain(`warning: --workers 1000 is more than the ${cores} cores; starting ${started}`);
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.shards[0].workers).toBe(started);
    expect(report.totals.seeds).toBe(2);
  });

  it('exits 2 when another live sweep is writing the same report', async () => {
    const dir = tempDir('cli-busy');
    const json = join(dir, 'nightly.json');
    writeFileSync(`${json}.lock`, `${process.ppid}\n`);
    const run = await vopr(['sweep', '--seeds', '2', '--ops', '20', '--report', json], STAND_IN);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([
      `vopr: --report ${json}: another sweep (pid ${process.ppid}) is writing this report; give this sweep another file name`,
    ]);
    expect(existsSync(json)).toBe(false);
  });

  it('exits 2 when the runner cannot load', async () => {
    const run = await vopr(['sweep', '--seeds', '3', '--workers', '1'], runnerPath('broken-runner'));
    expect(run.code).toBe(2);
    // On a loaded machine a progress line may come first; the abort is one line, and the last.
    expect(run.err.filter((line) => !line.startsWith('progress: '))).toHaveLength(1);
    expect(run.err.at(-1)).toMatch(/sweep aborted: .*does not export runSeed/);
  });
});

describe('vopr merge', () => {
  it('joins shard reports from files and exits like the sweep would', async () => {
    const dir = tempDir('cli-merge');
    const common = ['--seeds', '24', '--ops', '20', '--workers', '1', '--trace-dir', join(dir, 't')];
    const a = await vopr(['sweep', ...common, '--shard', '0/2', '--report', join(dir, 'a.json')], STAND_IN);
    const b = await vopr(['sweep', ...common, '--shard', '1/2', '--report', join(dir, 'b.json')], STAND_IN);
    expect([a.code, b.code]).toEqual([1, 1]);
    const out = join(dir, 'merged.json');
    const merged = await vopr(
      ['merge', join(dir, 'a.json'), join(dir, 'b.json'), '--report', out, '--report', join(dir, 'm.md')],
      STAND_IN,
    );
    const failed = Array.from({ length: 24 }, (_, i) => i).filter((seed) =>
      standInFails(BigInt(seed)),
    ).length;
    expect(merged.code).toBe(1);
    expect(merged.out.at(-1)).toBe(`${24 - failed} passed, ${failed} failed`);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.results.map((r: { seed: string }) => r.seed)).toEqual(
      Array.from({ length: 24 }, (_, i) => String(i)),
    );
    expect(report.shards.map((s: { index: number }) => s.index)).toEqual([0, 1]);

    const missing = await vopr(
      ['merge', join(dir, 'a.json'), '--report', join(dir, 'only-a.json')],
      STAND_IN,
    );
    expect(missing.err).toContain('warning: shards missing from the merge: 1/2');
    const twice = await vopr(
      ['merge', join(dir, 'a.json'), join(dir, 'a.json'), '--report', join(dir, 'x.json')],
      STAND_IN,
    );
    expect(twice.code).toBe(2);
    expect(twice.err[0]).toMatch(/shard 0\/2 is also in .*a\.json: two reports of one shard/);
    const notReport = await vopr(['merge', join(dir, 'm.md'), '--report', join(dir, 'y.json')], STAND_IN);
    expect(notReport.code).toBe(2);
    expect(notReport.err[0]).toMatch(/m\.md: not JSON/);
  });
});
