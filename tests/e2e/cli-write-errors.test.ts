/**
 * Write errors lose nothing: outputs into missing folders create them; an output that cannot be
 * written (a full device, a file where a folder is expected, a path under /proc, a read-only
 * folder when not root) prints the report first, then one line naming the write, and exits 3;
 * stdout closed by `head` ends quietly with the run's own exit code. Through real bin/vopr
 * processes, since a stack trace or a hang is what these guard against.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureParentFolder, OutputWriteError } from '../../sim/output-file.ts';
import { runWorld } from '../../sim/run.ts';
import { loadTrace } from '../../sim/trace-tools/load-trace.ts';
import { REPO_ROOT, runVopr } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(tmpdir(), 'cli-write-errors-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const FINDING = [
  '--seed',
  '2',
  '--scenario',
  'power-loss',
  '--ops',
  '1000',
  '--durability',
  'normal',
  '--strict-durability',
];
const aFile = join(folder, 'a-file');
writeFileSync(aFile, 'not a folder\n');

/** Targets no one can write to, each with the reason the error line must give. */
const UNWRITABLE: [string, string, RegExp][] = [
  ['a full device', '/dev/full', /no space left on the device \(ENOSPC\)/],
  ['a path under a file', join(aFile, 'x.trace.jsonl'), / is a file, not a folder \(ENOTDIR\)/],
  ['a path under /proc', '/proc/nope/x.json', /no such folder \(ENOENT\)/],
];

function lastErrorLine(stderr: string): string {
  return (
    stderr
      .trim()
      .split('\n')
      .filter((line) => line.startsWith('vopr:'))
      .at(-1) ?? ''
  );
}

function expectOneLine(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/internal error/);
}

describe('--trace', () => {
  it('creates missing folders', async () => {
    const path = join(folder, 'deep', 'er', 'run.trace.jsonl');
    const result = await runVopr(['--seed', '3', '--ops', '100', '--trace', path, '--log-level', 'silent']);
    expect(result.code, result.stderr).toBe(0);
    expect(loadTrace(path).outcome.outcome).toBe('pass');
  });

  it.each(UNWRITABLE)(
    'onto %s: the failure report first, then one line, exit 3',
    async (_what, path, reason) => {
      const result = await runVopr([...FINDING, '--trace', path, '--log-level', 'silent'], {
        timeoutMs: 30_000,
      });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stdout).toMatch(/invariant wal_durability broken at event 1118/);
      expect(result.stdout).toMatch(/^replay: bin\/vopr run --seed 2/m);
      expect(result.stdout).toMatch(/^FAIL {2}/m);
      expect(result.stdout).not.toMatch(/trace written to/);
      expect(lastErrorLine(result.stderr)).toMatch(new RegExp(`^vopr: cannot write trace ${path}: `));
      expect(lastErrorLine(result.stderr)).toMatch(reason);
      expectOneLine(result.stderr);
    },
  );

  it('into a read-only folder (skipped as root, where permissions do not stop writes)', async () => {
    if (process.getuid?.() === 0) return;
    const readOnly = join(folder, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const result = await runVopr(['--seed', '3', '--ops', '50', '--trace', join(readOnly, 't.jsonl')]);
    chmodSync(readOnly, 0o755);
    expect(result.code).toBe(3);
    expect(lastErrorLine(result.stderr)).toMatch(/permission denied \(EACCES\)/);
  });
});

describe('shrink -o and --emit-test', () => {
  const failing = join(folder, 'failing.trace.jsonl');
  runWorld({
    seed: 3n,
    scenario: 'power-loss',
    opsMax: 1000,
    durability: 'normal',
    strictDurability: true,
    tracePath: failing,
  });

  it('create missing folders for both', async () => {
    const out = join(folder, 'min', 'one', 'min.trace.jsonl');
    const test = join(folder, 'tests', 'regressions', 'wal.test.ts');
    const result = await runVopr([
      'shrink',
      failing,
      '-o',
      out,
      '--emit-test',
      test,
      '--expect',
      'wal_durability',
    ]);
    expect(result.code, result.stderr).toBe(1);
    expect(loadTrace(out).outcome.failure?.invariant).toBe('wal_durability');
    expect(readFileSync(test, 'utf8')).toMatch(/toBe\('wal_durability'\)/);
  });

  it.each(UNWRITABLE)(
    '-o onto %s: the shrink report first, then one line, exit 3',
    async (_what, path, reason) => {
      const result = await runVopr(['shrink', failing, '-o', path], { timeoutMs: 60_000 });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stdout).toMatch(/^shrunk 342 events to \d+ in \d+ runs/m);
      expect(result.stdout).toMatch(/invariant wal_durability broken/);
      expect(lastErrorLine(result.stderr)).toMatch(new RegExp(`^vopr: cannot write trace ${path}: `));
      expect(lastErrorLine(result.stderr)).toMatch(reason);
      expectOneLine(result.stderr);
    },
  );

  it('--emit-test onto a full device: the trace is still written, exit 3', async () => {
    const out = join(folder, 'written-anyway.trace.jsonl');
    const result = await runVopr(['shrink', failing, '-o', out, '--emit-test', '/dev/full']);
    expect(result.code).toBe(3);
    expect(existsSync(out)).toBe(true);
    expect(lastErrorLine(result.stderr)).toBe(
      'vopr: cannot write test /dev/full: no space left on the device (ENOSPC)',
    );
  });
});

describe('seeds add --bank', () => {
  it.each([
    ['a full device', '/dev/full', /cannot read \/dev\/full: not a regular file/, 2],
    [
      'a path under a file',
      join(aFile, 'bank.txt'),
      /cannot write seed bank .* is a file, not a folder \(ENOTDIR\)/,
      3,
    ],
    [
      'a path under /proc',
      '/proc/nope/bank.txt',
      /cannot write seed bank \/proc\/nope\/bank\.txt: no such folder/,
      3,
    ],
  ])('onto %s: one line, never a stack trace', async (_what, bank, message, code) => {
    const result = await runVopr(
      ['seeds', 'add', '--seed', '1', '--ops', '20', '--description', 'a seed', '--bank', bank],
      { timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(code);
    expect(lastErrorLine(result.stderr)).toMatch(message);
    expectOneLine(result.stderr);
  });
});

describe('stdout closed early', () => {
  it.each([
    ['a run', 'bin/vopr --seed 1 --ops 2000 --log-level silent', 0],
    ['a failing run', `bin/vopr ${FINDING.join(' ')} --log-level silent`, 1],
    ['help', 'bin/vopr --help', 0],
  ])('%s piped to head ends quietly with its own exit code', (_what, command, code) => {
    const script = `${command} 2> "$ERR" | head -1 > /dev/null; echo "\${PIPESTATUS[0]}"`;
    const err = join(folder, `epipe-${code}.err`);
    const result = spawnSync('bash', ['-c', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, ERR: err },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stdout.trim()).toBe(String(code));
    expect(readFileSync(err, 'utf8')).toBe('');
  });
});

describe('stdout that cannot be written', () => {
  it('onto a full device: one line, exit 3', () => {
    const result = spawnSync('bash', ['-c', 'bin/vopr --seed 1 --ops 50 --log-level silent > /dev/full'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(3);
    expect(result.stderr.trim()).toBe('vopr: cannot write to stdout: ENOSPC');
  });
});

describe('ensureParentFolder', () => {
  it('ends at once on a path under /proc, where a recursive mkdir loops forever', () => {
    const start = performance.now();
    expect(() => ensureParentFolder('/proc/nope/deeper/x.json', 'report')).toThrow(OutputWriteError);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
