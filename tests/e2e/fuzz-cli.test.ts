/**
 * `vopr fuzz`: coverage guidance finds a planted bug that blind mutation would not, within a
 * bounded number of executions and at the same execution for the same seed; a crash and a
 * hang are saved as files that `--replay` reruns; the real targets run clean, keep their
 * corpus across runs, and bad input is refused with exit 2.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fuzzHandler } from '../../sim/cli/commands/fuzz.ts';
import type { TargetEntry } from '../../sim/fuzz/targets/catalogue.ts';
import { lastJson, runHandler } from '../sim/suite/run-handler.ts';
import { type CliRun, runCaptured } from '../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'fuzz-cli-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function planted(name: string, file: string): TargetEntry {
  return { name, module: fileURLToPath(new URL(`../sim/fuzz/${file}`, import.meta.url)), description: name };
}

const HANG_TIMEOUT = '1500ms';

const PLANTED = {
  targets: [planted('planted', 'planted-target.ts'), planted('hanging', 'hanging-target.ts')],
};
/** Coverage feedback finds the planted bug in tens of thousands of runs; blind mutation would need millions. */
const PLANTED_RUNS_MAX = 200_000;

interface Figures {
  execs: number;
  corpus_size: number;
  corpus_added: number;
}

function figures(run: CliRun): Figures {
  return ((lastJson(run).checks as { figures: Figures }[])[0] as { figures: Figures }).figures;
}

function dir(name: string): string {
  return join(folder, name);
}

describe('vopr fuzz on planted targets', () => {
  it('finds a bug three coverage steps deep, at the same run for the same seed, and replays it', async () => {
    const flags = {
      target: 'planted',
      seed: '1',
      runs: PLANTED_RUNS_MAX,
      time: '2m',
      corpus: dir('planted-corpus'),
      'crash-dir': dir('planted-crashes'),
    };
    const run = await runHandler(() => fuzzHandler(flags, PLANTED));
    expect(run.code).toBe(1);
    expect(run.out).toContain('  crash: PlantedBug: planted: the input starts with BUG');
    expect(run.out.some((line) => /^ {4}input \(\d+ bytes\): "BUG/.test(line))).toBe(true);
    const saved = readdirSync(dir('planted-crashes'));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^crash-planted-[0-9a-f]{16}$/);
    const file = join(dir('planted-crashes'), saved[0] as string);
    expect(run.out).toContain(`  replay: bin/vopr fuzz --replay ${file}`);
    const first = figures(
      await runHandler(() => fuzzHandler({ ...flags, corpus: dir('c2'), json: true }, PLANTED)),
    );
    const second = figures(
      await runHandler(() => fuzzHandler({ ...flags, corpus: dir('c3'), json: true }, PLANTED)),
    );
    expect(first.execs).toBeLessThan(PLANTED_RUNS_MAX);
    expect(second.execs).toBe(first.execs);
    const replay = await runHandler(() => fuzzHandler({ replay: file }, PLANTED));
    expect(replay.code).toBe(1);
    expect(
      replay.out.some(
        (line) => line.startsWith('FAIL  planted crash-planted-') && line.includes('still crashes'),
      ),
    ).toBe(true);
    expect(replay.out.at(-1)).toBe('0 passed, 1 failed');
  });

  it('terminates an input that never returns, confirms it, saves it as a hang and replays it', async () => {
    const run = await runHandler(() =>
      fuzzHandler(
        {
          target: 'hanging',
          seed: '1',
          time: '30s',
          // Long enough that a loaded two-core machine stalling an ordinary input does not pass
          // for a hang twice (detection and confirmation) and get saved in its place.
          'hang-timeout': HANG_TIMEOUT,
          corpus: dir('h-corpus'),
          'crash-dir': dir('h-crashes'),
        },
        PLANTED,
      ),
    );
    expect(run.code).toBe(1);
    expect(run.out).toContain(`  hang: one input ran past ${HANG_TIMEOUT.replace('ms', ' ms')}, twice`);
    const saved = readdirSync(dir('h-crashes'));
    expect(saved[0]).toMatch(/^hang-hanging-[0-9a-f]{16}$/);
    const replay = await runHandler(() =>
      fuzzHandler(
        { replay: join(dir('h-crashes'), saved[0] as string), 'hang-timeout': HANG_TIMEOUT },
        PLANTED,
      ),
    );
    expect(replay.code).toBe(1);
    expect(replay.out.some((line) => line.includes('still hangs'))).toBe(true);
  });
});

describe('vopr fuzz on the real targets', () => {
  it('runs seed-bank clean and starts the next run from the corpus it kept', async () => {
    const args = ['fuzz', '--target', 'seed-bank', '--runs', '3000', '--seed', '4', '--json'];
    const paths = ['--corpus', dir('sb-corpus'), '--crash-dir', dir('sb-crashes')];
    const first = await runCaptured([...args, ...paths]);
    expect(first.code).toBe(0);
    const kept = readdirSync(join(dir('sb-corpus'), 'seed-bank'));
    expect(kept.length).toBe(figures(first).corpus_size);
    expect(figures(first).corpus_added).toBe(kept.length);
    const second = await runCaptured([...args, ...paths]);
    expect(second.code).toBe(0);
    expect(figures(second).corpus_size).toBe(kept.length + figures(second).corpus_added);
    expect(existsSync(dir('sb-crashes'))).toBe(false);
  });

  it('runs redlite-exec, trace-reader and resp clean for a bounded number of executions', async () => {
    for (const target of ['redlite-exec', 'trace-reader', 'resp']) {
      const run = await runCaptured([
        'fuzz',
        '--target',
        target,
        '--runs',
        '300',
        '--seed',
        '2',
        '--corpus',
        dir(`${target}-corpus`),
        '--crash-dir',
        dir(`${target}-crashes`),
      ]);
      expect(run.out.filter((line) => line.startsWith('FAIL') || line.startsWith('  '))).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.out.at(-1)).toBe('1 passed, 0 failed');
    }
  });

  it('refuses bad input with one line and exit 2', async () => {
    for (const [args, pattern] of [
      [
        ['--target', 'resp3'],
        /--target: expected one of resp, redlite-exec, trace-reader, seed-bank \(got "resp3"\)/,
      ],
      [['--time', 'forever'], /--time: invalid duration "forever"/],
      [['--replay', join(folder, 'some-input.bin')], /--replay: the file name names no target; add --target/],
      [['--batch', '0'], /--batch: expected a whole number from 1/],
    ] as const) {
      const run = await runCaptured(['fuzz', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(pattern);
    }
  });
});
