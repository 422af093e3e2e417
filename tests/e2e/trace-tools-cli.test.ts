/**
 * The trace tools' commands through the real CLI entry (`runCli`), in process: bad input is one
 * line and exit 2 (malformed trace, future version, missing file, bad bank), replay's exit code
 * follows the run, and `seeds add | list | remove | test` edit and run a scratch bank.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorld } from '../../sim/run.ts';
import { parseEntry } from '../../sim/trace-tools/seed-bank.ts';
import { entryRunOptions } from '../../sim/trace-tools/seed-bank-flags.ts';
import { testEntry } from '../../sim/trace-tools/seed-bank-run.ts';
import { defaultTargetFactory } from '../../sim/world/defaults.ts';
import type { TargetFactory } from '../../sim/world/target.ts';
import { type CliRun, runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'trace-tools-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function vopr(...args: string[]): Promise<CliRun> {
  return runCaptured(args);
}

const tracePath = join(folder, 'good.trace.jsonl');
const run = runWorld({ seed: 31n, scenario: 'hashes', opsMax: 60, tracePath, logLevel: 'silent' });
const goodLines = readFileSync(tracePath, 'utf8').trim().split('\n');

function scratch(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('bad input is one line and exit 2', () => {
  const futureHeader = { ...JSON.parse(goodLines[0] as string), version: 99 };
  const cases: [string, string, RegExp][] = [
    ['a missing file', join(folder, 'nope.trace.jsonl'), /no such file/],
    [
      'malformed JSON',
      scratch('bad-json.trace.jsonl', [goodLines[0] as string, '{"index": 0,']),
      /line 2: not JSON/,
    ],
    [
      'a future version',
      scratch('future.trace.jsonl', [JSON.stringify(futureHeader), ...goodLines.slice(1)]),
      /version 99/,
    ],
    [
      'a bad event',
      scratch('bad-event.trace.jsonl', [goodLines[0] as string, '{"index":0,"atMs":1,"kind":"teleport"}']),
      /line 2/,
    ],
    ['not a trace at all', scratch('other.jsonl', ['{"hello":"world"}']), /not a redlite-dst-trace file/],
  ];
  for (const command of ['replay', 'shrink', 'bisect']) {
    it.each(cases)(`${command} refuses %s`, async (_what, path, message) => {
      const extra = command === 'shrink' ? ['-o', join(folder, 'min.jsonl')] : [];
      const result = await vopr(command, path, ...extra);
      expect(result.code).toBe(2);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(message);
      expect(result.err[0]).toContain(path);
    });
  }

  it('refuses a tampered event (the trace hash no longer matches)', async () => {
    const tampered = goodLines.map((line, i) => (i === 1 ? line.replace(/"atMs":(\d+)/, '"atMs":$1') : line));
    const edited = JSON.parse(tampered[1] as string);
    edited.client = (edited.client ?? 0) + 1;
    tampered[1] = JSON.stringify(edited);
    const result = await vopr('replay', scratch('tampered.trace.jsonl', tampered));
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/trace hash/);
  });

  it('rejects usage mistakes', async () => {
    expect((await vopr('replay')).code).toBe(2);
    expect((await vopr('replay', tracePath, '--seed', '3')).err[0]).toMatch(/fixes its own world/);
    expect((await vopr('shrink', tracePath)).err[0]).toMatch(/-o <min-trace>/);
    expect((await vopr('shrink', tracePath, '-o', join(folder, 'm.jsonl'), '--runs', '0')).err[0]).toMatch(
      /--runs: 0/,
    );
    expect((await vopr('bisect')).code).toBe(2);
    expect((await vopr('seeds')).code).toBe(2);
  });
});

describe('replay, shrink and bisect on a passing trace', () => {
  it('replay reproduces and exits 0', async () => {
    const result = await vopr('replay', tracePath);
    expect(result.code).toBe(0);
    expect(result.out.at(-1)).toBe(`reproduced: passed, trace hash ${run.result.trace_hash}`);
  });

  it('replay --seed re-runs the seed with its flags', async () => {
    const result = await vopr('replay', '--seed', '31', '--scenario', 'hashes', '--ops', '60', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out.at(-1) as string).trace_hash).toBe(run.result.trace_hash);
  });

  it('shrink and bisect have nothing to do and exit 0', async () => {
    const shrink = await vopr('shrink', tracePath, '-o', join(folder, 'min.jsonl'));
    expect(shrink.code).toBe(0);
    expect(shrink.out[0]).toMatch(/nothing to shrink/);
    const bisect = await vopr('bisect', tracePath);
    expect(bisect.code).toBe(0);
    expect(bisect.out[0]).toMatch(/nothing to bisect/);
  });
});

describe('vopr seeds', () => {
  const bank = join(folder, 'bank.txt');

  it('adds, lists, tests and removes entries', async () => {
    const added = await vopr(
      'seeds',
      'add',
      '--bank',
      bank,
      '--seed',
      '5',
      '--scenario',
      'kv',
      '--ops',
      '50',
      '--description',
      'plain strings',
      '--date',
      '2025-01-02',
    );
    expect(added.code).toBe(0);
    expect(added.out[0]).toBe('added: 2025-01-02 seed=5 --scenario=kv --ops=50 -- plain strings');
    const fromTrace = await vopr(
      'seeds',
      'add',
      '--bank',
      bank,
      '--trace',
      tracePath,
      '--description',
      'hash fields',
      '--date',
      '2025-01-03',
    );
    expect(fromTrace.code).toBe(0);
    expect(fromTrace.out[0]).toMatch(
      /^added: 2025-01-03 seed=31 --scenario=hashes --ops=60 .* trace=good\.trace\.jsonl -- hash fields$/,
    );
    const listed = await vopr('seeds', 'list', '--bank', bank);
    expect(listed.out.filter((line) => /^\s+\d+\. /.test(line))).toHaveLength(2);
    expect(readFileSync(bank, 'utf8')).toMatch(/^# The regression seed bank/);

    const tested = await vopr('seeds', 'test', '--bank', bank);
    expect(tested.code).toBe(0);
    expect(tested.out.at(-1)).toBe('2/2 bank entries pass');

    const duplicate = await vopr(
      'seeds',
      'add',
      '--bank',
      bank,
      '--seed',
      '5',
      '--scenario',
      'kv',
      '--ops',
      '50',
      '--description',
      'again',
    );
    expect(duplicate.code).toBe(2);
    expect(duplicate.err[0]).toMatch(/already banked/);
    const removed = await vopr('seeds', 'remove', '--bank', bank, '--seed', '5');
    expect(removed.code).toBe(0);
    expect((await vopr('seeds', 'remove', '--bank', bank, '--seed', '5')).err[0]).toMatch(
      /no entry for seed 5/,
    );
  });

  it('judges a failing entry as failed', () => {
    const entry = parseEntry('2025-01-01 seed=31 --scenario=hashes --ops=60 -- hash fields');
    const broken: TargetFactory = (path, options) => {
      const inner = defaultTargetFactory(path, options);
      return {
        exec: (argv) =>
          String(argv[0]).toUpperCase() === 'HSET' ? { type: 'integer', value: 0 } : inner.exec(argv),
        expireCycle: (limit) => inner.expireCycle(limit),
        close: () => inner.close(),
      };
    };
    const verdict = testEntry(entry, { ...entryRunOptions(entry), targetFactory: broken }, bank);
    expect(verdict.passed).toBe(false);
    expect(verdict.lines[0]).toMatch(
      /^seed 31: FAIL reply_matches_model at event \d+: .*; replay: bin\/vopr run --seed 31/,
    );
    expect(testEntry(entry, entryRunOptions(entry), bank).passed).toBe(true);
  });

  it('refuses a bank with an unknown flag or a malformed line', async () => {
    const badFlag = scratch('bad-flag-bank.txt', ['2025-01-01 seed=1 --warp=9 -- a flag run does not know']);
    const result = await vopr('seeds', 'test', '--bank', badFlag);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/unknown flag --warp/);
    const malformed = scratch('malformed-bank.txt', ['# header', '2025-01-01 seed=x -- bad seed']);
    expect((await vopr('seeds', 'list', '--bank', malformed)).err[0]).toMatch(
      /seed bank line 2: invalid seed/,
    );
  });
});
