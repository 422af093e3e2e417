/**
 * The README's walk-through, "From a failing seed to a regression test", works as written on a
 * fresh clone: every command in its `sh` blocks runs verbatim, in order, in a temporary copy of
 * the repository's tracked files (node_modules and build/ linked, no network), and each exits
 * with the code its comment gives and prints the text after `prints:` (`N` stands for a
 * number). A command without that comment fails the test, so none is skipped. The copy is
 * removed afterwards.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/vopr-child.ts';

const SECTION = '## From a failing seed to a regression test';
const COMMAND_MS_MAX = 240_000;

interface Step {
  command: string;
  exitCode: number;
  prints: RegExp | null;
}

/** The walk-through's commands, from the `sh` blocks of its section of README.md. */
function walkthroughSteps(readme: string): Step[] {
  const start = readme.indexOf(SECTION);
  expect(start, `README.md has no section "${SECTION}"`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + SECTION.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const steps: Step[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const raw of (block[1] ?? '').split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const match = /^(.*?)\s+# exit (\d+)(?:; prints: (.*))?$/.exec(line);
      expect(match, `walk-through command without "# exit N": ${line}`).not.toBeNull();
      const [, command, code, prints] = match as RegExpExecArray;
      const pattern =
        prints === undefined
          ? null
          : new RegExp(prints.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\bN\b/g, '\\d+'));
      steps.push({ command: command as string, exitCode: Number(code), prints: pattern });
    }
  }
  return steps;
}

/** A fresh-clone stand-in: the tracked files, with node_modules (and build/, if built) linked. */
function freshCopy(): string {
  const copy = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && existsSync(join(REPO_ROOT, path)));
  for (const path of tracked) {
    mkdirSync(dirname(join(copy, path)), { recursive: true });
    cpSync(join(REPO_ROOT, path), join(copy, path));
  }
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(copy, 'node_modules'));
  if (existsSync(join(REPO_ROOT, 'build'))) symlinkSync(join(REPO_ROOT, 'build'), join(copy, 'build'));
  return copy;
}

/** The environment of a shell on a developer machine: none of this test runner's variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(VITEST|TINYPOOL|VOPR_)/.test(name) && name !== 'NODE_ENV') env[name] = value;
  }
  return env;
}

describe('the README walk-through', () => {
  const steps = walkthroughSteps(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));
  let copy = '';
  afterAll(() => {
    if (copy !== '') rmSync(copy, { recursive: true, force: true });
    expect(copy === '' || !existsSync(copy)).toBe(true);
  });

  it('has the steps from a failing run to a banked seed', () => {
    const commands = steps.map((step) => step.command.split(' ').slice(0, 2).join(' '));
    expect(commands).toEqual(
      expect.arrayContaining([
        'bin/vopr run',
        'bin/vopr replay',
        'bin/vopr shrink',
        'bin/vopr bisect',
        'npx vitest',
        'bin/vopr seeds',
      ]),
    );
  });

  it(
    'runs verbatim on a fresh copy of the repository',
    () => {
      copy = freshCopy();
      for (const step of steps) {
        const result = spawnSync('bash', ['-c', step.command], {
          cwd: copy,
          env: cleanEnv(),
          encoding: 'utf8',
          timeout: COMMAND_MS_MAX,
        });
        const output = `${result.stdout}\n${result.stderr}`;
        expect(result.status, `${step.command}\n${output}`).toBe(step.exitCode);
        if (step.prints !== null) expect(output, step.command).toMatch(step.prints);
        expect(output, step.command).not.toMatch(/internal error|\n\s+at .*\.ts:\d+/);
      }
      expect(readFileSync(join(copy, 'tests/seed-bank.txt'), 'utf8')).toMatch(
        / expect=wal_durability -- SADD then/,
      );
    },
    steps.length * COMMAND_MS_MAX,
  );
});
