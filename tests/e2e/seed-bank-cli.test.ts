/**
 * The seed bank's guards through the CLI, in process: a missing or empty bank is an input error
 * (it would test nothing), descriptions are capped, a bad line is named by number while the
 * good entries still list, traces stay inside the bank's folder, flags beside --trace must
 * match it, and `expect=` entries pass only while the finding reproduces with exactly that
 * invariant. Format details are in tests/sim/trace-tools/seed-bank-format.test.ts.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runWorld } from '../../sim/run.ts';
import { runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'seed-bank-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function bank(name: string, lines: string[]): string {
  const path = join(folder, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const seed2 = join(folder, 'seed-bank', 'seed2.trace.jsonl');
mkdirSync(join(folder, 'seed-bank'));
runWorld({ seed: 2n, scenario: 'kv', opsMax: 40, tracePath: seed2 });

describe('a bank that would test nothing is an error', () => {
  it('a mistyped --bank: exit 2 for test and list', async () => {
    for (const command of ['test', 'list']) {
      const result = await runCaptured(['seeds', command, '--bank', join(folder, 'bnak.txt')]);
      expect(result.code).toBe(2);
      expect(result.err[0]).toMatch(/no seed bank at .*bnak\.txt/);
    }
  });

  it('an empty bank: 0 entries, exit 2', async () => {
    const result = await runCaptured(['seeds', 'test', '--bank', bank('empty.txt', ['# nothing yet'])]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toMatch(/0 entries in .*empty\.txt: nothing to test/);
  });
});

describe('seeds add guards', () => {
  const path = join(folder, 'add.txt');

  it('caps the description at 200 characters on one line', async () => {
    for (const [description, message] of [
      ['x'.repeat(2000), /at most 200 characters \(this one has 2000\)/],
      ['two\nlines', /a description is one line/],
    ] as const) {
      const result = await runCaptured([
        'seeds',
        'add',
        '--bank',
        path,
        '--seed',
        '1',
        '--description',
        description,
      ]);
      expect(result.code).toBe(2);
      expect(result.err[0]).toMatch(message);
    }
  });

  it('refuses --seed or flags that do not match the trace', async () => {
    const seed = await runCaptured([
      'seeds',
      'add',
      '--bank',
      path,
      '--seed',
      '9',
      '--trace',
      seed2,
      '--description',
      'x',
    ]);
    expect(seed.code).toBe(2);
    expect(seed.err[0]).toMatch(/--seed 9 does not match the trace .*, which is of seed 2/);
    const ops = await runCaptured([
      'seeds',
      'add',
      '--bank',
      path,
      '--ops',
      '41',
      '--trace',
      seed2,
      '--description',
      'x',
    ]);
    expect(ops.code).toBe(2);
    expect(ops.err[0]).toMatch(/--ops=41 does not match the trace .*, whose world has --ops=40/);
  });

  it('refuses a trace outside the bank folder, and an unknown --expect', async () => {
    const outside = await runCaptured([
      'seeds',
      'add',
      '--bank',
      join(folder, 'nested', 'bank.txt'),
      '--trace',
      seed2,
      '--description',
      'x',
    ]);
    expect(outside.code).toBe(2);
    expect(outside.err[0]).toMatch(/lies outside the bank's folder/);
    const expect_ = await runCaptured([
      'seeds',
      'add',
      '--bank',
      path,
      '--seed',
      '1',
      '--expect',
      'nope',
      '--description',
      'x',
    ]);
    expect(expect_.code).toBe(2);
    expect(expect_.err[0]).toMatch(/invalid --expect: "nope" \(expected one of .*wal_durability/);
  });

  it('takes the seed and the world from a trace in the bank folder', async () => {
    const result = await runCaptured([
      'seeds',
      'add',
      '--bank',
      path,
      '--trace',
      seed2,
      '--description',
      'kv',
      '--date',
      '2026-01-01',
    ]);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(
      /^added: 2026-01-01 seed=2 --scenario=kv --ops=40 .*trace=seed-bank\/seed2\.trace\.jsonl -- kv$/,
    );
  });
});

describe('bad lines', () => {
  it('a trace path out of the bank folder is refused, naming the line', async () => {
    const path = bank('escape.txt', [
      '# header',
      '2026-01-01 seed=1 --ops=10 trace=../../../../etc/passwd -- escape',
    ]);
    for (const command of ['test', 'list']) {
      const result = await runCaptured(['seeds', command, '--bank', path]);
      expect(result.code).toBe(2);
      expect(result.err.at(-1)).toMatch(
        /seed bank line 2: trace \.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd lies outside the bank's folder/,
      );
    }
  });

  it('list shows the good entries and names each bad line; test refuses the bank', async () => {
    const path = bank('mixed.txt', [
      '2026-01-01 seed=1 --ops=10 -- fine',
      `2026-01-01 seed=2 --ops=10 -- ${'y'.repeat(2100)}`,
      '2026-01-01 seed=3 --ops=ten -- bad value',
      '2026-01-01 seed=4 --ops=10 -- also fine',
    ]);
    const listed = await runCaptured(['seeds', 'list', '--bank', path]);
    expect(listed.code).toBe(2);
    expect(listed.out.filter((line) => /^\s+\d+\. /.test(line))).toHaveLength(3);
    expect(listed.err).toEqual(['vopr: seed bank line 2: longer than 2000 characters']);
    const tested = await runCaptured(['seeds', 'test', '--bank', path]);
    expect(tested.code).toBe(2);
    expect(tested.err[0]).toMatch(/seed bank line 2: longer than 2000 characters/);
    const withoutLong = bank('value.txt', [
      '2026-01-01 seed=1 --ops=10 -- fine',
      '2026-01-01 seed=3 --ops=ten -- bad value',
    ]);
    const value = await runCaptured(['seeds', 'test', '--bank', withoutLong]);
    expect(value.code).toBe(2);
    expect(value.err[0]).toMatch(/seed bank line 2: seed 3: invalid --ops: "ten"/);
  });
});

describe('expect= entries: demonstrated findings', () => {
  const finding = '--scenario=power-loss --ops=300 --durability=normal --strict-durability=true';

  it('pass while the finding reproduces with exactly that invariant', async () => {
    const path = bank('finding.txt', [
      `2026-01-01 seed=6 ${finding} expect=wal_durability -- normal mode loses writes`,
    ]);
    const result = await runCaptured(['seeds', 'test', '--bank', path]);
    expect(result.code, result.out.join('\n')).toBe(0);
    expect(result.out.join('\n')).toMatch(/seed 6: finding reproduces \(wal_durability at event \d+\)/);
  });

  it('fail once the finding stops reproducing (it was fixed: update the entry)', async () => {
    const path = bank('fixed.txt', [`2026-01-01 seed=1 ${finding} expect=wal_durability -- no longer fails`]);
    const result = await runCaptured(['seeds', 'test', '--bank', path]);
    expect(result.code).toBe(1);
    expect(result.out.join('\n')).toMatch(
      /seed 1: FIXED\? expected the wal_durability finding, but it passed/,
    );
  });

  it('fail on another invariant than the one expected', async () => {
    const path = bank('other.txt', [
      `2026-01-01 seed=6 ${finding} expect=crash_recovery_consistent -- wrong invariant`,
    ]);
    const result = await runCaptured(['seeds', 'test', '--bank', path]);
    expect(result.code).toBe(1);
    expect(result.out.join('\n')).toMatch(
      /seed 6: FAIL expected crash_recovery_consistent, got wal_durability/,
    );
  });

  it('seeds add --expect banks the finding with its trace', async () => {
    const trace = join(folder, 'seed-bank', 'seed6.trace.jsonl');
    runWorld({
      seed: 6n,
      scenario: 'power-loss',
      opsMax: 300,
      durability: 'normal',
      strictDurability: true,
      tracePath: trace,
    });
    const path = join(folder, 'added-finding.txt');
    const result = await runCaptured([
      'seeds',
      'add',
      '--bank',
      path,
      '--trace',
      trace,
      '--expect',
      'wal_durability',
      '--description',
      'synchronous=normal loses acknowledged writes on power loss',
    ]);
    expect(result.code, result.err.join('\n')).toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(
      /seed=6 .*trace=seed-bank\/seed6\.trace\.jsonl expect=wal_durability -- /,
    );
    // The seed and its trace fail at the same event (which event depends on the generator).
    const [bySeed, byTrace] = result.out.slice(1);
    const at = /^ {2}seed 6: finding reproduces \(wal_durability at (event \d+)\)$/.exec(bySeed ?? '')?.[1];
    expect(at, bySeed).toBeDefined();
    expect(byTrace).toBe(`  trace seed-bank/seed6.trace.jsonl: finding reproduces (wal_durability at ${at})`);
    expect(result.out).toHaveLength(3);
    copyFileSync(path, join(folder, 'copy.txt'));
    expect((await runCaptured(['seeds', 'test', '--bank', join(folder, 'copy.txt')])).code).toBe(0);
  });
});
