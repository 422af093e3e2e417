/**
 * Inputs that used to crash with a stack trace or pass silently: each is now one line naming
 * the problem and exit 2 (a repeated flag, an edited trace with events out of order or an
 * unknown fault, a truncated trace, a folder given as a bank or a database, a shrink budget
 * that allows no run), an internal error is one line and exit 3, and `--version` answers.
 * In process through runCli, plus real processes where a stack trace is what is guarded.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { humanLogLine, logChoice } from '../../sim/cli/human-log.ts';
import { runCli } from '../../sim/cli/main.ts';
import { runWorld } from '../../sim/run.ts';
import { capturingContext, runCaptured } from '../support/cli-capture.ts';
import { REPO_ROOT, runVopr } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(tmpdir(), 'cli-input-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const passing = join(folder, 'passing.trace.jsonl');
runWorld({ seed: 3n, scenario: 'crash', opsMax: 200, tracePath: passing });
const lines = readFileSync(passing, 'utf8').trim().split('\n');
const failing = join(folder, 'failing.trace.jsonl');
runWorld({
  seed: 3n,
  scenario: 'power-loss',
  opsMax: 1000,
  durability: 'normal',
  strictDurability: true,
  tracePath: failing,
});

function scratch(name: string, text: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${text.join('\n')}\n`);
  return path;
}

async function oneLine(args: string[], pattern: RegExp, code = 2): Promise<void> {
  const result = await runCaptured(args);
  expect(result.code, result.err.join('\n')).toBe(code);
  expect(result.err).toHaveLength(1);
  expect(result.err[0]).toMatch(pattern);
}

describe('one line and exit 2', () => {
  it('a flag given twice', async () => {
    await oneLine(
      ['--seed', '1', '--seed', '2'],
      /^vopr: invalid --seed: "1 2" \(expected one value, given once\)/,
    );
    await oneLine(['replay', passing, '--trace', 'a', '--trace', 'b'], /invalid --trace: "a b"/);
    await oneLine(['shrink', passing, '-o', 'a', '-o', 'b'], /invalid -o: "a b"/);
  });

  it('an edited trace with events out of index order', async () => {
    const swapped = [lines[0] as string, lines[2] as string, lines[1] as string, ...lines.slice(3)];
    await oneLine(
      ['replay', scratch('swapped.trace.jsonl', swapped)],
      /line 3: event index 0 does not follow 1/,
    );
  });

  it('an edited trace whose virtual time goes back', async () => {
    const first = JSON.parse(lines[1] as string);
    const second = JSON.parse(lines[2] as string);
    second.atMs = first.atMs - 5;
    const edited = [lines[0] as string, lines[1] as string, JSON.stringify(second), ...lines.slice(3)];
    await oneLine(['bisect', scratch('time.trace.jsonl', edited)], /line 3: event 1 at \d+ ms comes before/);
  });

  it('an edited trace with an unknown fault', async () => {
    const at = lines.findIndex((line) => line.includes('"kind":"fault"'));
    expect(at).toBeGreaterThan(0);
    const edited = lines.map((line, i) =>
      i === at ? line.replace(/"fault":"[^"]+"/, '"fault":"meteor-strike"') : line,
    );
    await oneLine(
      ['replay', scratch('meteor.trace.jsonl', edited)],
      new RegExp(`line ${at + 1}: bad fault event \\(known: crash, .*\\) in trace: "meteor-strike"`),
    );
  });

  it('a trace cut at a line boundary, without its outcome line', async () => {
    const cut = scratch('cut.trace.jsonl', lines.slice(0, -1));
    for (const command of ['replay', 'bisect']) {
      await oneLine([command, cut], /incomplete: no outcome line after its \d+ events/);
    }
  });

  it('a folder, or a device, where a trace or a bank is expected', async () => {
    await oneLine(['replay', folder], /cannot use trace .*: it is a folder, not a trace file/);
    await oneLine(['replay', '/dev/zero'], /cannot use trace \/dev\/zero: not a regular file/);
    await oneLine(['seeds', 'list', '--bank', folder], /cannot read .*: it is a folder, not a bank file/);
  });

  it('a shrink budget that allows no shrink run, or that is not a duration', async () => {
    await oneLine(
      ['shrink', failing, '-o', join(folder, 'none.jsonl'), '--time', '1ms'],
      /--time 1ms allowed no shrink run \(checking the original failure took .*\): give more time/,
    );
    await oneLine(
      ['shrink', failing, '-o', join(folder, 'x.jsonl'), '--time', 'soon'],
      /invalid duration "soon"/,
    );
    await oneLine(
      ['shrink', failing, '-o', join(folder, 'x.jsonl'), '--expect', 'set_get_roundtrip'],
      /--expect set_get_roundtrip: the run fails with wal_durability instead/,
    );
  });
});

describe('real processes print no stack trace', () => {
  it('vopr --seed 1 --seed 2', async () => {
    const result = await runVopr(['--seed', '1', '--seed', '2']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'vopr: invalid --seed: "1 2" (expected one value, given once) (see vopr --help)',
    );
  });

  it('npm run demo -- <a folder>', () => {
    const demo = spawnSync('npm', ['run', 'demo', '--', folder], {
      cwd: REPO_ROOT,
      input: 'PING\n',
      encoding: 'utf8',
    });
    expect(demo.status).toBe(2);
    expect(demo.stderr.trim()).toBe(
      `redlite demo: cannot open ${folder}: it is a folder; give a database file`,
    );
  });
});

describe('internal errors and the version', () => {
  it('an internal error is one line and exit 3; VOPR_DEBUG=1 adds the stack', async () => {
    for (const debug of [false, true]) {
      const { context, err } = capturingContext(1n);
      const broken = {
        ...context,
        debug,
        out: () => {
          throw new RangeError('the printer broke');
        },
      };
      expect(await runCli(['seeds', 'list'], broken)).toBe(3);
      expect(err[0]).toBe(
        `vopr: internal error: RangeError: the printer broke${debug ? '' : ' (VOPR_DEBUG=1 shows the stack)'}`,
      );
      expect(err.length > 1).toBe(debug);
    }
  });

  it('--version names the package version, commit, Node and SQLite', async () => {
    const result = await runCaptured(['--version']);
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(1);
    expect(result.out[0]).toMatch(
      /^redlite-dst \d+\.\d+\.\d+ \(([0-9a-f]{40}(-dirty)?|unknown commit)\), Node v20\.\d+\.\d+, SQLite \d+\.\d+/,
    );
  });
});

describe('shrink --json and bisect --json', () => {
  it('shrink ends with one JSON object', async () => {
    const out = join(folder, 'json-min.trace.jsonl');
    const result = await runCaptured(['shrink', failing, '-o', out, '--json']);
    expect(result.code).toBe(1);
    expect(result.out).toHaveLength(1);
    expect(JSON.parse(result.out[0] as string)).toMatchObject({
      seed: '3',
      result: 'fail',
      invariant: 'wal_durability',
      original_events: 342,
      interrupted: null,
      trace: out,
      test: null,
    });
  });

  it('bisect names the keys a power loss lost', async () => {
    const result = await runCaptured(['bisect', failing, '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.out.at(-1) as string);
    expect(json.failure.invariant).toBe('wal_durability');
    expect(json.lost_keys.length).toBeGreaterThan(0);
    const human = await runCaptured(['bisect', failing]);
    expect(human.out.join('\n')).toMatch(
      /^lost by the power loss: the last \d+ acknowledged write\(s\) before it, on key\(s\) /m,
    );
  });
});

describe('the log on stderr', () => {
  it('is NDJSON when asked or off a terminal, and human errors only on a terminal', () => {
    const err = (): void => {};
    expect(logChoice('debug', true, 'info', err, 0)).toEqual({ logLevel: 'debug' });
    expect(logChoice(undefined, false, 'info', err, 0)).toEqual({ logLevel: 'info' });
    const tty = logChoice(undefined, true, 'info', err, 0);
    expect(tty.logLevel).toBe('error');
    expect(tty.logSink).toBeDefined();
    expect(humanLogLine('{"level":50,"vtime":1500,"event":7,"invariant":"x","msg":"it broke"}\n', 1000)).toBe(
      'error at +500 ms: it broke (event=7, invariant=x)',
    );
  });

  it('a real run on a terminal writes no NDJSON; off a terminal it does', async () => {
    const args = ['--seed', '3', '--scenario', 'power-loss', '--ops', '300'];
    const tty = spawnSync('script', ['-qec', `bin/vopr ${args.join(' ')}`, '/dev/null'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/PASS {2}\d+ ops/);
    expect(tty.stdout).not.toMatch(/"msg":/);
    const piped = await runVopr(args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/^\{"level":30,"vtime":\d+,.*"msg":"world start"\}$/m);
  });
});
