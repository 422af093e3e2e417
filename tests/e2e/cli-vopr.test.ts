import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../../sim/trace/trace-file.ts';
import { type CliRun, runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'cli-vopr-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function cli(args: string[], drawn = 5n): Promise<CliRun> {
  return runCaptured(args, drawn);
}

function vopr(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('bin/vopr', args, { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('vopr bad input: one clear line, exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['a non-numeric seed', ['--seed', 'abc'], /invalid --seed "abc"/],
    ['a negative seed', ['--seed', '-1', '--ops', '5'], /seed/],
    ['a seed above 2^64-1', ['--seed', '18446744073709551616'], /invalid --seed .*larger than 2\^64-1/],
    [
      'an unknown scenario',
      ['--seed', '1', '--scenario', 'nope'],
      /invalid --scenario: "nope" \(expected one of kv, /,
    ],
    ['an unknown flag', ['--seed', '1', '--bogus'], /Unknown argument: bogus/],
    ['a stray word', ['run', '--seed', '1', 'extra'], /Unknown argument: extra/],
    ['negative ops', ['--seed', '1', '--ops', '-5'], /invalid --ops: -5 \(expected an integer from 1/],
    ['zero clients', ['--seed', '1', '--clients', '0'], /invalid --clients: 0/],
    ['a bad durability', ['--seed', '1', '--durability', 'sometimes'], /invalid --durability: "sometimes"/],
    ['a bad log level', ['--seed', '1', '--log-level', 'loud'], /invalid --log-level: "loud"/],
  ];
  for (const [what, args, pattern] of cases) {
    it(`rejects ${what}`, async () => {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expect(result.err).toHaveLength(1);
      expect(result.err[0]).toMatch(pattern);
      expect(result.out).toEqual([]);
    });
  }
});

describe('vopr run', () => {
  it('prints the config first and a summary last, and exits 0 on a pass', async () => {
    const result = await cli(['--seed', '42', '--ops', '120', '--log-level', 'silent']);
    expect(result.code).toBe(0);
    expect(result.out[0]).toMatch(/^seed 42 {2}scenario \w+ {2}ops 120/);
    expect(result.out.at(-1)).toMatch(
      /^PASS {2}120 ops, \d+ events {2}virtual .* wall .*real time.* trace [0-9a-f]{16}$/,
    );
  });

  it('draws and prints a seed when none is given', async () => {
    const result = await cli(['--ops', '30', '--json'], 123456789n);
    expect(result.out[0]).toBe('seed 123456789');
    expect(JSON.parse(result.out.at(-1) as string).seed).toBe('123456789');
  });

  it('accepts hex seeds as the same world as their decimal form', async () => {
    const hex = await cli(['run', '--seed', '0x2a', '--ops', '40', '--json']);
    const decimal = await cli(['--seed', '42', '--ops', '40', '--json']);
    expect(JSON.parse(hex.out.at(-1) as string).trace_hash).toBe(
      JSON.parse(decimal.out.at(-1) as string).trace_hash,
    );
  });

  it('passes --check-determinism and writes a readable trace', async () => {
    const path = join(folder, 'cli.trace.jsonl');
    const result = await cli([
      '--seed',
      '9',
      '--ops',
      '80',
      '--check-determinism',
      '--trace',
      path,
      '--json',
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out.at(-1) as string);
    expect(parseTrace(readFileSync(path, 'utf8')).outcome?.trace_hash).toBe(json.trace_hash);
  });
});

describe('bin/vopr as a process', () => {
  it('ends --json output with one JSON object carrying the result fields', () => {
    const run = vopr(['--seed', '42', '--ops', '100', '--json']);
    expect(run.status).toBe(0);
    const last = JSON.parse(run.stdout.trim().split('\n').at(-1) as string);
    for (const field of [
      'seed',
      'scenario',
      'result',
      'ops',
      'virtual_ms',
      'wall_ms',
      'trace_hash',
      'events',
      'failure',
    ]) {
      expect(last).toHaveProperty(field);
    }
    expect(last).toMatchObject({ seed: '42', result: 'pass', ops: 100, failure: null });
    expect(last.replay).toBe(`bin/vopr run --seed 42 --scenario ${last.scenario} --ops 100`);
  });

  it('prints help for the default command and for run, exit 0', () => {
    for (const args of [['--help'], ['run', '--help']]) {
      const run = vopr(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('--seed');
      expect(run.stdout).toContain('--check-determinism');
    }
  });

  it('exits 2 with one line on stderr for a bad seed', () => {
    const run = vopr(['--seed', 'abc']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });
});
