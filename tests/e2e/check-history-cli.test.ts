/**
 * `vopr check-history` through the real CLI entry, in process: the exit code follows the
 * verdict (0 linearizable, 1 not, 4 undecided), bad input is one line and exit 2, `--json`
 * ends with the report as one object, `--export-edn` writes the EDN form, and the budget flags
 * (`--budget-ms`, `--steps-max`, `--states-max`, `--cache-mb`) reach the checker.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_UNDECIDED } from '../../sim/cli/commands/check-history.ts';
import { historyText, simulateHistory } from '../../sim/linearizability/index.ts';
import { history } from '../sim/linearizability/histories.ts';
import { type CliRun, runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'check-history-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function vopr(...args: string[]): Promise<CliRun> {
  return runCaptured(args);
}

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const LINEARIZABLE = file(
  'good.history.jsonl',
  historyText(
    history([
      [0, 0, 10, 'SET x 1', '+OK'],
      [1, 2, 5, 'GET x', 'nil'],
      [1, 11, 12, 'GET x', '$1'],
    ]),
  ),
);

const STALE = file(
  'stale.history.jsonl',
  historyText(
    history([
      [0, 0, 1, 'SET x 1', '+OK'],
      [0, 2, 3, 'SET x 2', '+OK'],
      [1, 4, 5, 'GET x', '$1'],
    ]),
  ),
);

/** `writes` concurrent SETs of x, then a read of a value none of them wrote: hard to refute. */
function writesThenStaleRead(name: string, writes: number): string {
  const sets = Array.from({ length: writes }, (_, i) => [i, 0, 10, `SET x v${i}`, '+OK'] as const);
  return file(name, historyText(history([...sets, [writes, 11, 12, 'GET x', '$never'] as const])));
}

// Ten writes take thousands of steps to refute; twelve keep more than a MiB of states cached.
const HARD = writesThenStaleRead('hard.history.jsonl', 10);
const WIDE = writesThenStaleRead('wide.history.jsonl', 12);

describe('vopr check-history', () => {
  it('exits 0 and says so for a linearizable history', async () => {
    const run = await vopr('check-history', LINEARIZABLE);
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/^linearizable: 3 operations in 1 partition/);
    expect(run.out.at(-1)).toMatch(/^checked in \d+ ms of wall time$/);
  });

  it('exits 1 and prints the failure report for a stale read', async () => {
    const run = await vopr('check-history', STALE);
    expect(run.code).toBe(1);
    const text = run.out.join('\n');
    expect(text).toContain('NOT linearizable');
    expect(text).toContain('longest linearizable prefix: 2 of 3 operations');
    expect(text).toContain('#2 (p1, 4..5 ms) GET x, which replied "1" could not be placed');
    expect(text).toContain('time line');
  });

  it('exits 4 (undecided), naming the limit, when the budget runs out', async () => {
    expect(EXIT_UNDECIDED).toBe(4);
    const run = await vopr('check-history', HARD, '--steps-max', '50');
    expect(run.code).toBe(EXIT_UNDECIDED);
    expect(run.out[0]).toMatch(/^UNKNOWN \(could not decide\)/);
    expect(run.out.join('\n')).toContain('stepsMax');
    expect((await vopr('check-history', HARD)).code).toBe(1);
  });

  it('takes the cache limits from --states-max and --cache-mb, each named when it runs out', async () => {
    const states = await vopr('check-history', WIDE, '--states-max', '5');
    expect(states.code).toBe(EXIT_UNDECIDED);
    expect(states.out.join('\n')).toContain('statesMax spent (5 states)');
    const cache = await vopr('check-history', WIDE, '--cache-mb', '1');
    expect(cache.code).toBe(EXIT_UNDECIDED);
    expect(cache.out.join('\n')).toContain('cacheBytesMax spent (1048576 bytes');
    // Room enough, the same history is refuted.
    expect((await vopr('check-history', WIDE, '--cache-mb', '64')).code).toBe(1);
  });

  it('ends with one JSON object under --json', async () => {
    const run = await vopr('check-history', STALE, '--json');
    expect(run.code).toBe(1);
    const json = JSON.parse(run.out.at(-1) as string);
    expect(json).toMatchObject({ verdict: 'not-linearizable', ops: 3, partitions: 1 });
    expect(json.failure.blocked).toBe(2);
    expect(typeof json.wall_ms).toBe('number');
  });

  it('writes the EDN export with --export-edn', async () => {
    const out = join(folder, 'good.edn');
    const run = await vopr('check-history', LINEARIZABLE, '--export-edn', out);
    expect(run.code).toBe(0);
    expect(run.out[0]).toBe(`EDN (rw-register model, 3 operations, 0 left out) written to ${out}`);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      '{:type :invoke, :f :txn, :value [[:w "x" 1]], :process 0, :time 0, :index 0}',
    );
  });

  it('checks a simulated history of concurrent clients', async () => {
    const simulated = simulateHistory({
      seed: 5n,
      clients: 6,
      opsMax: 300,
      draw: (rng) => (rng.chance(0.5) ? ['INCR', `n${rng.int(0, 2)}`] : ['GET', `n${rng.int(0, 2)}`]),
      latencyMsMax: 4,
      thinkMsMax: 2,
      crashRate: 0.01,
      startMs: 0,
    });
    const run = await vopr('check-history', file('sim.history.jsonl', historyText(simulated)), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out.at(-1) as string).partitions).toBe(3);
  });
});

describe('bad input is one line and exit 2', () => {
  const good = readFileSync(STALE, 'utf8').split('\n');
  const cases: [string, string[], RegExp][] = [
    ['a missing file', [join(folder, 'nope.jsonl')], /nope\.jsonl: no such file/],
    ['malformed JSON', [file('bad.jsonl', `${good[0]}\n{"id":`)], /history line 2: not valid JSON/],
    [
      'a future version',
      [file('future.jsonl', '{"format":"redlite-dst-history","version":9,"clock":"wall"}\n')],
      /version 9 is not supported/,
    ],
    [
      'an operation returning before its invoke',
      [
        file(
          'backwards.jsonl',
          `${good[0]}\n${(good[1] as string).replace('"returnMs":1', '"returnMs":-1')}`,
        ),
      ],
      /history line 2: .*returnMs/,
    ],
    ['a bad budget', [STALE, '--budget-ms', '0'], /invalid --budget-ms: 0/],
    ['a bad step limit', [STALE, '--steps-max', '-5'], /invalid --steps-max: -5/],
    ['a fractional states limit', [STALE, '--states-max', '2.5'], /invalid --states-max: 2\.5/],
    ['a states limit past its bound', [STALE, '--states-max', '100000001'], /\[1, 100000000\]/],
    ['a cache of no MiB', [STALE, '--cache-mb', '0'], /invalid --cache-mb: 0 \(expected an integer in \[1, /],
    ['a cache past its bound', [STALE, '--cache-mb', '9000000000'], /invalid --cache-mb: 9000000000/],
    ['another format', [STALE, '--format', 'edn'], /unsupported --format edn/],
    [
      'an unknown EDN model',
      [STALE, '--export-edn', join(folder, 'x.edn'), '--edn-model', 'queue'],
      /unknown --edn-model queue/,
    ],
    [
      'a history the EDN model cannot express',
      [
        file(
          'del.jsonl',
          historyText(
            history([
              [0, 0, 1, 'DEL x', ':0'],
              [0, 2, 3, 'SET x 1', '+OK'],
            ]),
          ),
        ),
        '--export-edn',
        join(folder, 'del.edn'),
        '--edn-model',
        'rw-register',
      ],
      /cannot export op #0 to the rw-register model: DEL/,
    ],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const run = await vopr('check-history', ...args);
      expect(run.code).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
    });
  }
});
