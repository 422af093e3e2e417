/**
 * The deployment files (deploy/) drive the sweep through the CLI only. Every `bin/vopr sweep`
 * and `bin/vopr merge` command in them must parse with the real flag definitions (strict: an
 * unknown or misspelt flag fails), the Kubernetes job must be an Indexed Job whose shard total
 * matches its completions, and the workflow's matrix must match its SHARDS.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { sweepArgvProblem } from '../support/sweep-argv.ts';

const DEPLOY = fileURLToPath(new URL('../../deploy/', import.meta.url));
const FILES = ['kubernetes/nightly-sweep.yaml', 'kubernetes/merge.yaml', 'github/nightly-sweep.yml'];

/** The `bin/vopr ...` commands in a file, continuation lines joined, shell values filled in. */
function voprCommands(text: string): string[][] {
  const joined = text.replace(/\\\n\s*/g, ' ').replace(/\$\{\{[^}]*\}\}/g, '1');
  const commands: string[][] = [];
  for (const match of joined.matchAll(/bin\/vopr ([^\n|&;]+)/g)) {
    const filled = (match[1] as string).replace(/\$\([^)]*\)/g, '1').replace(/\$\{?[A-Za-z_]+\}?/g, '1');
    const words = [...filled.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
    commands.push(words);
  }
  return commands;
}

describe('deploy files', () => {
  it('use only vopr sweep, merge and seeds add, with flags the CLI knows', async () => {
    let checked = 0;
    for (const file of FILES) {
      const commands = voprCommands(readFileSync(`${DEPLOY}${file}`, 'utf8'));
      expect(commands.length, file).toBeGreaterThan(0);
      for (const argv of commands) {
        if (argv[0] === 'seeds') {
          expect(argv.slice(0, 2)).toEqual(['seeds', 'add']);
          expect(argv.filter((w) => w.startsWith('--'))).toEqual(['--seed', '--scenario', '--description']);
          continue;
        }
        expect(['sweep', 'merge'], `${file}: ${argv.join(' ')}`).toContain(argv[0]);
        expect(await sweepArgvProblem(argv), `${file}: ${argv.join(' ')}`).toBeNull();
        checked++;
      }
    }
    expect(checked).toBe(4);
    expect(await sweepArgvProblem(['sweep', '--tiem', '1h'])).toMatch(/Unknown argument/);
  });

  it('shard the same way in Kubernetes and in CI', () => {
    const [, cron] = parseAllDocuments(readFileSync(`${DEPLOY}kubernetes/nightly-sweep.yaml`, 'utf8')).map(
      (d) => d.toJS(),
    );
    const job = cron.spec.jobTemplate.spec;
    expect(job.completionMode).toBe('Indexed');
    expect(job.parallelism).toBe(job.completions);
    const container = job.template.spec.containers[0];
    const shards = container.env.find((e: { name: string }) => e.name === 'VOPR_SHARDS');
    expect(Number(shards.value)).toBe(job.completions);
    const workflow = parse(readFileSync(`${DEPLOY}github/nightly-sweep.yml`, 'utf8'));
    expect(workflow.jobs.sweep.strategy.matrix.shard).toEqual(
      Array.from({ length: workflow.env.SHARDS }, (_, i) => i),
    );
    expect(workflow.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
  });
});
