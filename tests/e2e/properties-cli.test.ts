/**
 * `vopr properties`: the eight properties hold on redlite; a planted bug is caught with a
 * shrunk counterexample and a replay line (`--seed S --path P`) that reproduces exactly that
 * counterexample; bad input is refused with one line and exit 2.
 */
import { describe, expect, it } from 'vitest';
import { propertiesHandler } from '../../sim/cli/commands/properties.ts';
import {
  dropEveryNthWriteRedlite,
  incrOffByOneRedlite,
  zaddLosesScoreRedlite,
} from '../../sim/planted-bugs/broken-redlite.ts';
import { PROPERTY_NAMES } from '../../sim/properties/catalogue.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { runCaptured } from '../support/cli-capture.ts';

interface Replay {
  filter: string;
  seed: string;
  path: string;
}

function replayOf(out: readonly string[]): Replay {
  const line = out.find((text) => text.startsWith('  replay: ')) ?? '';
  const match = /^ {2}replay: bin\/vopr properties --filter (\w+) --seed (\d+) --path ([\d:]+)$/.exec(line);
  if (match === null) throw new Error(`no replay line in:\n${out.join('\n')}`);
  return { filter: match[1] as string, seed: match[2] as string, path: match[3] as string };
}

/** The counterexample's step lines, as printed under a failure. */
function counterexample(out: readonly string[]): string[] {
  return out.filter((line) => /^ {4}(>>| {2}) +\d+ {2}/.test(line));
}

describe('vopr properties', () => {
  it('holds all eight properties on redlite, reporting the seeds passed for each', async () => {
    const run = await runCaptured(['properties', '--seeds', '25', '--seed', '5']);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    for (const name of PROPERTY_NAMES) {
      expect(run.out.some((line) => line.startsWith(`PASS  ${name}  25 seeds passed`))).toBe(true);
    }
    expect(run.out.at(-1)).toBe('8 passed, 0 failed');
  });

  it('chooses properties with --filter, and ends --json with one object', async () => {
    const run = await runCaptured(['properties', '--filter', 'monotonic', '--seeds', '10', '--json'], 77n);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe('seed 77');
    const report = lastJson(run);
    expect((report.checks as { name: string }[]).map((check) => check.name)).toEqual([
      'incr_monotonic',
      'ttl_monotonic_decrease',
    ]);
    expect(report.options).toMatchObject({ runs: 10, path: null });
  });

  it('catches a planted INCR bug, shrinks it to one step, and replays it from seed and path', async () => {
    const bug = { targetFactory: incrOffByOneRedlite() };
    const run = await runHandler(() => propertiesHandler({ seed: '7', filter: 'incr' }, bug));
    expect(run.code).toBe(1);
    expect(run.out).toContain(
      '  incr_monotonic broken at step 0: INCR k7 moved the counter from 0 to 2 (by 2), not by 1',
    );
    expect(counterexample(run.out)).toEqual(['    >>  0  INCR k7']);
    expect(run.out).toContain('    actual:   (integer) 2');
    const replay = replayOf(run.out);
    expect(replay).toMatchObject({ filter: 'incr_monotonic', seed: '7' });
    const again = await runHandler(() => propertiesHandler(replay, bug));
    expect(again.code).toBe(1);
    expect(counterexample(again.out)).toEqual(counterexample(run.out));
    expect(again.out.at(-1)).toBe('0 passed, 1 failed');
    const onRedlite = await runCaptured([
      'properties',
      '--filter',
      replay.filter,
      '--seed',
      replay.seed,
      '--path',
      replay.path,
    ]);
    expect(onRedlite.code).toBe(0);
    expect(onRedlite.out.at(-1)).toBe('1 passed, 0 failed');
  });

  it('catches a lost sorted-set update with a counterexample that writes twice and reads', async () => {
    const run = await runHandler(() =>
      propertiesHandler({ seed: '7', filter: 'sorted' }, { targetFactory: zaddLosesScoreRedlite() }),
    );
    expect(run.code).toBe(1);
    const steps = counterexample(run.out);
    expect(steps.filter((line) => line.includes('ZADD')).length).toBeGreaterThanOrEqual(2);
    expect(steps.at(-1)).toMatch(/^ {4}>> +\d+ {2}Z(RANGE|RANGEBYSCORE|SCORE) /);
  });

  it('catches writes lost across a crash in crash_recovery_consistent', async () => {
    const run = await runHandler(() =>
      propertiesHandler(
        { seed: '7', filter: 'crash', seeds: 300 },
        { targetFactory: dropEveryNthWriteRedlite(5) },
      ),
    );
    expect(run.code).toBe(1);
    expect(
      run.out.some((line) => /^ {2}crash_recovery_consistent broken at step \d+: after the crash/.test(line)),
    ).toBe(true);
  });

  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, pattern] of [
      [['--seed', '4294967296'], /--seed: expected an integer from 0 to 2\^32-1/],
      [['--seeds', '0'], /--seeds: expected a whole number from 1/],
      [['--filter', 'incr', '--path', '1:2'], /--path: a path replays a --seed; give both/],
      [['--filter', 'incr', '--seed', '1', '--path', 'x'], /--path: expected a fast-check path/],
      [
        ['--seed', '1', '--path', '1:2'],
        /--path: a path replays one property; --filter chose set_get_roundtrip/,
      ],
      [['--filter', 'nope'], /--filter: no check matches/],
    ] as const) {
      const run = await runCaptured(['properties', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(pattern);
    }
  });
});
