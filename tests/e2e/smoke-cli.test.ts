/**
 * `vopr smoke`: the spec's seven basic scenarios pass on redlite, the command line's output
 * and exit codes are as promised, a planted bug is caught with a replay line that reproduces
 * it, and a seed gives the same run every time.
 */
import { describe, expect, it } from 'vitest';
import { smokeHandler } from '../../sim/cli/commands/smoke.ts';
import { incrOffByOneRedlite, zaddLosesScoreRedlite } from '../../sim/planted-bugs/broken-redlite.ts';
import { SMOKE_SCENARIO_NAMES } from '../../sim/smoke/scenarios.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';

/** The flags of a printed replay line (`bin/vopr smoke --seed S --filter NAME`). */
function replayFlags(line: string): { seed: string; filter: string } {
  const match = /^ {2}replay: bin\/vopr smoke --seed (\d+) --filter (\w+)$/.exec(line);
  if (match === null) throw new Error(`not a smoke replay line: ${line}`);
  return { seed: match[1] as string, filter: match[2] as string };
}

describe('vopr smoke', () => {
  it('passes the seven basic scenarios on redlite and ends with the summary line', async () => {
    const run = await runCaptured(['smoke', '--seed', '1']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    for (const name of SMOKE_SCENARIO_NAMES)
      expect(run.out.some((line) => line.startsWith(`PASS  ${name}  `))).toBe(true);
    expect(run.out.find((line) => line.includes('basic_persistence'))).toContain(
      'clean restart, every key read back',
    );
    expect(run.out.at(-1)).toBe('7 passed, 0 failed');
  });

  it('prints a drawn seed first, and with --json ends with one object holding every check', async () => {
    const run = await runCaptured(['smoke', '--json', '--filter', 'basic_set'], 99n);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe('seed 99');
    const report = lastJson(run);
    expect(report.command).toBe('smoke');
    expect(report.seed).toBe('99');
    const checks = report.checks as { name: string; status: string; figures: { ops: number } }[];
    expect(checks.map((check) => check.name)).toEqual(['basic_set_get', 'basic_set_ops']);
    expect(checks.map((check) => check.figures.ops)).toEqual([1000, 500]);
    expect(report.totals).toEqual({ passed: 2, failed: 0, skipped: 0 });
  });

  it('runs the same ops for the same seed, whatever the filter', async () => {
    const all = lastJson(await runCaptured(['smoke', '--seed', '5', '--json']));
    const one = lastJson(await runCaptured(['smoke', '--seed', '5', '--json', '--filter', 'hash']));
    const figures = (report: Record<string, unknown>, name: string) =>
      (report.checks as { name: string; figures: unknown }[]).find((check) => check.name === name)?.figures;
    expect(figures(one, 'basic_hash_ops')).toEqual(figures(all, 'basic_hash_ops'));
  });

  it('catches a planted INCR bug, and its replay line reproduces it', async () => {
    const bug = { targetFactory: incrOffByOneRedlite() };
    const run = await runHandler(() => smokeHandler({ seed: '3' }, bug));
    expect(run.code).toBe(1);
    expect(run.out.some((line) => /^FAIL {2}basic_incr_decr {2}\d+ ops on 50 keys/.test(line))).toBe(true);
    expect(run.out).toContain('  invariant incr_monotonic broken at event 32');
    expect(run.out).toContain('    op:       INCR k:47');
    expect(run.out).toContain('    actual:   (integer) 2');
    expect(run.out).toContain('      #32 +33ms c0 INCR k:47 -> (integer) 2');
    expect(run.out.at(-1)).toBe('6 passed, 1 failed');
    const replay = replayFlags(run.out.find((line) => line.startsWith('  replay:')) as string);
    expect(replay).toEqual({ seed: '3', filter: 'basic_incr_decr' });
    const again = await runHandler(() => smokeHandler(replay, bug));
    expect(again.code).toBe(1);
    expect(again.out.at(-1)).toBe('0 passed, 1 failed');
    const fixed = await runCaptured(['smoke', '--seed', replay.seed, '--filter', replay.filter]);
    expect(fixed.out.at(-1)).toBe('1 passed, 0 failed');
  });

  it('catches a lost sorted-set update at a later read', async () => {
    const run = await runHandler(() =>
      smokeHandler({ seed: '4', filter: 'sorted' }, { targetFactory: zaddLosesScoreRedlite() }),
    );
    expect(run.code).toBe(1);
    expect(run.out.some((line) => line.startsWith('FAIL  basic_sorted_set'))).toBe(true);
  });

  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, pattern] of [
      [['smoke', '--filter', 'nothing'], /--filter: no check matches; the checks are basic_set_get/],
      [['smoke', '--seed', 'abc'], /invalid --seed "abc"/],
      [['smoke', '--report', 'x.txt'], /--report x.txt: unknown report type/],
      [['smoke', '--bogus'], /Unknown argument: bogus/],
    ] as const) {
      const run = await runCaptured([...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(pattern);
    }
  });
});
