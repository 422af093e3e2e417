/**
 * SIGINT and SIGTERM sent to real bin/vopr processes: run, replay, shrink, bisect, seeds test and
 * check-history each end within a second of the signal, write what they have (the trace so far; the
 * smallest failing trace found so far), print one line saying so, exit 130 or 143, and leave
 * none of the world folders they opened. Folders are watched through /proc/<pid>/fd, so other
 * tests running on the machine do not count.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyText } from '../../sim/linearizability/index.ts';
import { runWorld } from '../../sim/run.ts';
import { loadTrace } from '../../sim/trace-tools/load-trace.ts';
import { history, wideRows } from '../sim/linearizability/histories.ts';
import { type ChildResult, remaining, runVopr } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(tmpdir(), 'cli-signals-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The signal must end the command within a second; this allows for a loaded test machine. */
const EXIT_MS_MAX = 1000;

function expectStopped(result: ChildResult, signal: 'SIGINT' | 'SIGTERM', kept: RegExp): void {
  expect(result.signal, result.stderr).toBeNull();
  expect(result.code, result.stderr).toBe(signal === 'SIGINT' ? 130 : 143);
  expect(result.exitMsAfterSignal).toBeLessThan(EXIT_MS_MAX);
  const errors = result.stderr.split('\n').filter((line) => line.startsWith('vopr:'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatch(new RegExp(`^vopr: interrupted by ${signal}; `));
  expect(errors[0]).toMatch(kept);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.folders.size).toBeGreaterThan(0);
  expect(remaining(result.folders)).toEqual([]);
}

describe('vopr run under a signal', () => {
  it('SIGINT: writes the trace so far, marked interrupted, and exits 130', async () => {
    const tracePath = join(folder, 'run.trace.jsonl');
    const result = await runVopr(
      ['--seed', '5', '--scenario', 'crash', '--ops', '30000', '--trace', tracePath, '--log-level', 'silent'],
      { signal: 'SIGINT', when: (watch) => (watch.msSinceFirstFolder ?? 0) >= 500 },
    );
    expectStopped(result, 'SIGINT', /trace so far written to /);
    expect(result.stdout).toMatch(/^INTERRUPTED {2}\d+ ops/m);
    expect(result.stdout).toMatch(/interrupted by SIGINT after \d+ of the \d+ ops asked/);
    const trace = loadTrace(tracePath);
    expect(trace.outcome).toMatchObject({ outcome: 'interrupted', complete: false, stopped_by: 'SIGINT' });
    expect(trace.events.length).toBe(trace.outcome.events);
    expect(trace.events.length).toBeLessThan(30_000);
  });

  it('SIGTERM with --json: the last line says interrupted, exit 143', async () => {
    const result = await runVopr(['--seed', '918273', '--scenario', 'kv', '--ops', '500000', '--json'], {
      signal: 'SIGTERM',
      when: (watch) => watch.folders.size >= 1,
    });
    expectStopped(result, 'SIGTERM', /stopped after \d+ ops/);
    const json = JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
    expect(json).toMatchObject({
      result: 'interrupted',
      complete: false,
      stopped_by: 'SIGTERM',
      ops_asked: 500_000,
    });
  });
});

describe('vopr replay, shrink, bisect and seeds test under a signal', () => {
  let failingTrace = '';
  beforeAll(() => {
    failingTrace = join(folder, 'failing.trace.jsonl');
    runWorld({
      seed: 2n,
      scenario: 'power-loss',
      opsMax: 1000,
      durability: 'normal',
      strictDurability: true,
      tracePath: failingTrace,
    });
  });

  it('replay --seed: SIGINT writes the events so far with --trace, exit 130', async () => {
    const tracePath = join(folder, 'replay.trace.jsonl');
    const result = await runVopr(
      ['replay', '--seed', '918275', '--scenario', 'kv', '--ops', '500000', '--trace', tracePath],
      {
        signal: 'SIGINT',
        when: (watch) => watch.folders.size >= 1,
      },
    );
    expectStopped(result, 'SIGINT', new RegExp(`the events replayed so far are in ${tracePath}`));
    expect(loadTrace(tracePath).outcome.outcome).toBe('interrupted');
  });

  it('shrink: SIGTERM writes the smallest failing trace found so far to -o, exit 143', async () => {
    const out = join(folder, 'nested', 'min.trace.jsonl');
    // The first folder is the check of the original failure; later ones are shrink runs.
    const result = await runVopr(['shrink', failingTrace, '-o', out], {
      signal: 'SIGTERM',
      when: (watch) => watch.folders.size >= 4,
    });
    expectStopped(result, 'SIGTERM', new RegExp(`the smallest failing trace found so far is in ${out}`));
    expect(result.stdout).toMatch(`smallest failing trace found so far written to ${out}`);
    const minimized = loadTrace(out);
    expect(minimized.outcome.failure?.invariant).toBe('wal_durability');
    expect(minimized.events.length).toBeLessThanOrEqual(loadTrace(failingTrace).events.length);
  });

  it('bisect: SIGINT stops it, exit 130', async () => {
    const result = await runVopr(['bisect', failingTrace], {
      signal: 'SIGINT',
      when: (watch) => watch.folders.size >= 2,
    });
    expectStopped(result, 'SIGINT', /bisect stopped before it found the diverging event/);
  });

  it('seeds test: SIGTERM stops between or inside entries, exit 143', async () => {
    const bank = join(folder, 'bank.txt');
    writeFileSync(
      bank,
      [1, 2, 3]
        .map((i) => `2026-01-0${i} seed=${918280 + i} --scenario=kv --ops=200000 -- a long entry ${i}`)
        .join('\n'),
    );
    const result = await runVopr(['seeds', 'test', '--bank', bank], {
      signal: 'SIGTERM',
      when: (watch) => watch.folders.size >= 1,
    });
    expectStopped(result, 'SIGTERM', /tested 0 of 3 entries, 0 failed/);
    expect(readFileSync(bank, 'utf8')).toMatch(/a long entry 3/);
  });
});

describe('vopr check-history under a signal', () => {
  it('SIGINT stops the search at once: no verdict, one line, exit 130', async () => {
    // A signal before the check starts ends vopr as it would without its handler (bin/vopr.ts),
    // and starting takes seconds here: 1.8 s on an idle machine, 3.5 s with a cold module cache
    // (a fresh clone), more under load. So first time how long vopr takes, here and now, to
    // start and check an empty history (this also warms the cache), then signal the long check
    // twice that long, and half a second more, after its start.
    const empty = join(folder, 'empty.history.jsonl');
    writeFileSync(empty, historyText(history([])));
    const warmStarted = performance.now();
    const warm = await runVopr(['check-history', empty]);
    const startMs = performance.now() - warmStarted;
    expect(warm.code, warm.stderr).toBe(0);
    const path = join(folder, 'wide.history.jsonl');
    // One partition of 4,000 keys under a DBSIZE: a check of several seconds (about 9 s here).
    writeFileSync(path, historyText(history(wideRows(4000))));
    const started = performance.now();
    const result = await runVopr(['check-history', path], {
      signal: 'SIGINT',
      when: () => performance.now() - started >= 2 * startMs + 500,
    });
    expect(result.signal, result.stderr).toBeNull();
    expect(result.code, result.stderr).toBe(130);
    expect(result.exitMsAfterSignal).toBeLessThan(EXIT_MS_MAX);
    expect(result.stderr.trim().split('\n')).toEqual([
      'vopr: interrupted by SIGINT; the check stopped before it gave a verdict',
    ]);
    expect(result.stdout).not.toMatch(/linearizable/);
  });
});
