/**
 * One world-flag table drives every command alike: the same bad value gives the same one-line
 * error and exit 2 from run, replay, shrink, sweep and seeds add; the same good flags become
 * the same world whether `vopr run`, `vopr sweep`, a seed-bank line or a printed replay command
 * carries them; and a bank entry made from a trace keeps every world flag, --faults included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { rawOptions, withSweepOptions } from '../../sim/cli/commands/sweep.ts';
import { withWorldOptions, worldOptionsFrom } from '../../sim/cli/world-options.ts';
import { worldOf } from '../../sim/config/flag-options.ts';
import type { WorldOptions } from '../../sim/config/world-flags.ts';
import { replayCommand } from '../../sim/replay-command.ts';
import { configFor } from '../../sim/run.ts';
import { sweepOptionsFrom } from '../../sim/sweep/options.ts';
import { loadTrace } from '../../sim/trace-tools/load-trace.ts';
import { entries, formatEntry, parseBank, parseEntry } from '../../sim/trace-tools/seed-bank.ts';
import { entryFlags, entryRunOptions, entryWorld } from '../../sim/trace-tools/seed-bank-flags.ts';
import { runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'world-flags-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Each command that takes world flags, as a prefix its flags follow; none gets far enough to run a world. */
const COMMANDS: Record<string, string[]> = {
  run: ['run', '--seed', '1'],
  replay: ['replay', '--seed', '1'],
  shrink: ['shrink', '--seed', '1', '-o', join(folder, 'never.jsonl')],
  sweep: ['sweep', '--seeds', '2', '--workers', '1', '--trace-dir', join(folder, 'never')],
  'seeds add': [
    'seeds',
    'add',
    '--seed',
    '1',
    '--description',
    'never added',
    '--bank',
    join(folder, 'never.txt'),
  ],
};

const BAD: [string[], string][] = [
  [['--clients', '0'], 'invalid --clients: 0 (expected an integer from 1 to 16)'],
  [['--clients=17'], 'invalid --clients: 17 (expected an integer from 1 to 16)'],
  [['--clients', 'four'], 'invalid --clients: "four" (expected an integer from 1 to 16)'],
  [['--ops', '0'], 'invalid --ops: 0 (expected an integer from 1 to 10000000)'],
  [['--ops', '20000000'], 'invalid --ops: 20000000 (expected an integer from 1 to 10000000)'],
  [['--durability', 'fast'], 'invalid --durability: "fast" (expected normal or full)'],
  [['--strict-durability=yes'], 'invalid --strict-durability: "yes" (expected the bare flag, true or false)'],
  [['--strict-durability=1'], 'invalid --strict-durability: 1 (expected the bare flag, true or false)'],
  [['--faults', 'meteor'], 'invalid --faults: "meteor" (expected none, all, or a comma list of '],
  [['--scenario', 'nope'], 'invalid --scenario: "nope" (expected one of kv, '],
  [
    ['--target', 'memcached'],
    'invalid --target: "memcached" (expected direct, server, resp://HOST:PORT, redis or redlite-server)',
  ],
];

describe('a bad world flag reads the same from every command', () => {
  for (const [flags, message] of BAD) {
    it(`${flags.join(' ')}: exit 2 and one line, identical everywhere`, async () => {
      const lines: string[] = [];
      for (const [name, prefix] of Object.entries(COMMANDS)) {
        const result = await runCaptured([...prefix, ...flags]);
        expect(result.code, name).toBe(2);
        expect(result.err, name).toHaveLength(1);
        expect(result.out, name).toEqual([]);
        lines.push(result.err[0] as string);
      }
      expect(lines[0]).toContain(`vopr: ${message}`);
      expect(new Set(lines).size).toBe(1);
    });
  }

  it('a live --target: the commands that share world flags across seeds refuse it, replay and shrink cannot run it', async () => {
    for (const name of ['sweep', 'seeds add']) {
      const result = await runCaptured([...(COMMANDS[name] as string[]), '--target', 'redis']);
      expect(result.code, name).toBe(2);
      expect(result.err, name).toHaveLength(1);
      expect(result.err[0], name).toContain(
        'vopr: invalid --target: "redis" (expected direct or server; a live target runs one seed: vopr --seed N --target redis)',
      );
    }
    for (const name of ['replay', 'shrink']) {
      const result = await runCaptured([
        ...(COMMANDS[name] as string[]),
        '--target',
        'resp://127.0.0.1:6399',
      ]);
      expect(result.code, name).toBe(2);
      expect(result.err[0], name).toContain(`${name} cannot do`);
    }
  });

  it('the sweep options path itself uses the same bounds as the run path', () => {
    expect(() => sweepOptionsFrom({ clients: 17 }, {})).toThrow(
      'invalid --clients: 17 (expected an integer from 1 to 16)',
    );
    expect(() => worldOptionsFrom({ clients: 17 }, () => 1n)).toThrow(
      'invalid --clients: 17 (expected an integer from 1 to 16)',
    );
  });
});

describe('good world flags become one world, whoever carries them', () => {
  const args = [
    '--scenario',
    'power-loss',
    '--ops',
    '300',
    '--clients',
    '3',
    '--durability',
    'normal',
    '--faults',
    'crash, power-loss',
    '--strict-durability',
  ];
  const expected: WorldOptions = {
    scenario: 'power-loss',
    opsMax: 300,
    clients: 3,
    durability: 'normal',
    faults: 'crash,power-loss',
    strictDurability: true,
  };

  function parse<T>(build: (y: ReturnType<typeof yargs>) => unknown, words: string[]): T {
    const parser = build(yargs(words)) as ReturnType<typeof yargs>;
    return parser.strict().exitProcess(false).parseSync() as T;
  }

  it('run, sweep, the seed bank and the replay command agree', () => {
    const run = worldOptionsFrom(
      parse((y) => withWorldOptions(y), ['--seed', '9', ...args]),
      () => 0n,
    ).options;
    expect(worldOf(run)).toEqual(expected);

    const sweep = sweepOptionsFrom(rawOptions(parse((y) => withSweepOptions(y), args)), {});
    expect(sweep.world).toEqual(expected);

    const line = formatEntry({
      date: '2025-01-01',
      seed: 9n,
      flags: entryFlags(expected),
      description: 'all flags',
    });
    expect(line).toBe(
      '2025-01-01 seed=9 --scenario=power-loss --ops=300 --clients=3 --durability=normal --faults=crash,power-loss --strict-durability=true -- all flags',
    );
    expect(entryWorld(parseEntry(line))).toEqual(expected);

    const replay = replayCommand(9n, expected);
    const words = replay.split(' ').slice(2);
    expect(
      worldOf(
        worldOptionsFrom(
          parse((y) => withWorldOptions(y), words),
          () => 0n,
        ).options,
      ),
    ).toEqual(expected);
  });

  it('a bank line with a bad or unknown flag names the seed', () => {
    expect(() => entryWorld(parseEntry('2025-01-01 seed=4 --clients=99 -- too many'))).toThrow(
      'seed bank: seed 4: invalid --clients: 99 (expected an integer from 1 to 16)',
    );
    expect(() => entryWorld(parseEntry('2025-01-01 seed=4 --strict-durability=yes -- not a switch'))).toThrow(
      /seed 4: invalid --strict-durability: "yes"/,
    );
    expect(() => entryWorld(parseEntry('2025-01-01 seed=4 --ops=5 --ops=6 -- twice'))).toThrow(
      'seed bank: seed 4: --ops given twice',
    );
  });
});

describe('seeds add --trace keeps every world flag', () => {
  it('round-trips --faults and --strict-durability from the trace header', async () => {
    const trace = join(folder, 'faulty.trace.jsonl');
    const run = await runCaptured([
      '--seed',
      '6',
      '--scenario',
      'power-loss',
      '--faults',
      'crash',
      '--strict-durability',
      '--ops',
      '40',
      '--trace',
      trace,
      '--log-level',
      'silent',
      '--json',
    ]);
    expect(run.code).toBeLessThan(2);
    const bank = join(folder, 'bank.txt');
    const added = await runCaptured([
      'seeds',
      'add',
      '--bank',
      bank,
      '--trace',
      trace,
      '--description',
      'crash faults only',
      '--date',
      '2025-02-03',
    ]);
    expect(added.code).toBe(0);
    expect(added.out[0]).toMatch(
      /^added: 2025-02-03 seed=6 --scenario=power-loss --ops=40 --clients=\d+ --durability=(normal|full) --faults=crash --strict-durability=true trace=faulty\.trace\.jsonl -- crash faults only$/,
    );
    const [entry] = entries(parseBank(readFileSync(bank, 'utf8')));
    expect(configFor(entryRunOptions(entry!))).toEqual(loadTrace(trace).header.config);
  });
});
