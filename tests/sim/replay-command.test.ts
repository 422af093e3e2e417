/**
 * The replay command: every word survives a real POSIX shell, and the command parses back
 * through vopr's own option parser into the world it was printed for.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { withWorldOptions, worldOptionsFrom } from '../../sim/cli/world-options.ts';
import { worldOf } from '../../sim/config/flag-options.ts';
import type { WorldOptions } from '../../sim/config/world-flags.ts';
import { replayCommand, shellWord } from '../../sim/replay-command.ts';
import type { RunOptions } from '../../sim/run-types.ts';

/** The words `sh` makes of `line`, split the way a terminal would split a pasted command. */
function shellWords(line: string): string[] {
  const run = spawnSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  return run.stdout.split('\0').slice(0, -1);
}

/** Parses the words after `bin/vopr run` as `vopr run` does. */
function parsedRun(words: string[]): RunOptions {
  expect(words.slice(0, 2)).toEqual(['bin/vopr', 'run']);
  const flags = withWorldOptions(yargs(words.slice(2)))
    .strict()
    .exitProcess(false)
    .fail((message: string | null, error: Error | undefined) => {
      throw error ?? new Error(message ?? 'parse failed');
    })
    .parseSync();
  return worldOptionsFrom(flags, () => 0n).options;
}

describe('shellWord', () => {
  it.each([
    'plain',
    'crash,io-error',
    '',
    'two words',
    "it's",
    "'",
    '$HOME',
    '`date`',
    'a\\b',
    'tab\there',
    'line\nbreak',
    '"quoted"',
    '*',
    '--',
  ])('survives sh: %j', (text) => {
    expect(shellWords(shellWord(text))).toEqual([text]);
  });

  it('leaves safe words bare', () => {
    expect(shellWord('--faults')).toBe('--faults');
    expect(shellWord('crash,power-loss')).toBe('crash,power-loss');
    expect(shellWord('a b')).toBe("'a b'");
  });
});

describe('replayCommand', () => {
  const worlds: WorldOptions[] = [
    {},
    { scenario: 'kv', opsMax: 300 },
    { scenario: 'power-loss', opsMax: 1000, clients: 4, durability: 'normal', strictDurability: true },
    { scenario: 'crash', faults: 'crash,io-error', durability: 'full' },
    { faults: 'none', clients: 16, opsMax: 1 },
  ];

  it.each(worlds.map((world) => [JSON.stringify(world), world]))(
    'parses back into the world it was printed for: %s',
    (_name, world) => {
      const line = replayCommand(12345678901234567890n, world);
      const options = parsedRun(shellWords(line));
      expect(options.seed).toBe(12345678901234567890n);
      expect(worldOf(options)).toEqual(world);
    },
  );

  it('prints flags in table order, switches bare', () => {
    expect(
      replayCommand('7', { strictDurability: true, faults: 'crash', opsMax: 20, scenario: 'crash' }),
    ).toBe('bin/vopr run --seed 7 --scenario crash --ops 20 --faults crash --strict-durability');
  });

  it('quotes what a shell would split, so the line pastes as it prints', () => {
    const line = replayCommand('1', { scenario: "odd name's" });
    expect(line).toBe("bin/vopr run --seed 1 --scenario 'odd name'\\''s'");
    expect(shellWords(line)).toEqual(['bin/vopr', 'run', '--seed', '1', '--scenario', "odd name's"]);
  });
});
