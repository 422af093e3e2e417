/**
 * Cleanup: a simulated disk leaves no temporary folder behind, after destroy(), after an error
 * thrown in the middle of a world, and when the process ends by exit, SIGINT or SIGTERM; with
 * keepFiles the folder stays and its location is printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { liveTempFolders, SimDisk } from '../../faults/index.ts';
import { RawWorld, tempFoldersIn } from '../support/faults-support.ts';

const base = mkdtempSync(join(tmpdir(), 'faults-cleanup-'));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const diskModule = fileURLToPath(new URL('../../faults/SimDisk.ts', import.meta.url));

afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Runs a child that makes a disk, prints its root, then ends as `ending` says. */
function runChild(ending: 'exit' | 'SIGINT' | 'SIGTERM' | 'throw', keepFiles: boolean) {
  const script = join(base, `child-${ending}-${keepFiles}.ts`);
  writeFileSync(
    script,
    [
      `import { SimDisk } from ${JSON.stringify(diskModule)};`,
      `const disk = new SimDisk({ baseDir: ${JSON.stringify(base)}, keepFiles: ${keepFiles} });`,
      `disk.crash();`,
      `console.log(disk.root);`,
      `if (${JSON.stringify(ending)} === 'exit') process.exit(0);`,
      `if (${JSON.stringify(ending)} === 'throw') throw new Error('world failed');`,
      `setInterval(() => {}, 1000);`,
    ].join('\n'),
  );
  return new Promise<{ root: string; code: number | null; signal: string | null; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += String(chunk);
      });
      child.stdout.on('data', (chunk) => {
        stdout += String(chunk);
        if (stdout.includes('\n') && ending.startsWith('SIG')) child.kill(ending as NodeJS.Signals);
      });
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ root: stdout.trim(), code, signal, stderr }));
    },
  );
}

describe('cleanup', () => {
  it('destroy() removes every generation folder the disk made', () => {
    const world = new RawWorld('full', { baseDir: base });
    for (let i = 0; i < 5; i++) world.commit();
    world.reopen(world.disk.crash().dbPath);
    world.reopen(world.disk.powerLoss(1n).dbPath);
    expect(tempFoldersIn(base)).toHaveLength(1);
    expect(liveTempFolders()).toContain(world.disk.root);
    world.destroy();
    world.destroy();
    expect(tempFoldersIn(base)).toEqual([]);
    expect(liveTempFolders()).not.toContain(world.disk.root);
    expect(() => world.disk.sync()).toThrow(/after destroy/);
  });

  it('leaves nothing after an error thrown in the middle of a world', () => {
    const failingWorld = (): void => {
      const world = new RawWorld('normal', { baseDir: base });
      try {
        world.commit();
        world.db.prepare('INSERT INTO no_such_table VALUES (1)').run();
      } finally {
        world.destroy();
      }
    };
    expect(failingWorld).toThrow(/no such table/);
    expect(tempFoldersIn(base)).toEqual([]);
  });

  it.each(['exit', 'SIGINT', 'SIGTERM', 'throw'] as const)(
    'removes live folders when the process ends by %s',
    async (ending) => {
      const result = await runChild(ending, false);
      expect(result.root.startsWith(base)).toBe(true);
      expect(existsSync(result.root)).toBe(false);
      if (ending.startsWith('SIG')) expect(result.signal).toBe(ending);
      if (ending === 'throw') expect(result.code).not.toBe(0);
    },
  );

  it('keeps the files and prints where they are with keepFiles', async () => {
    const result = await runChild('SIGINT', true);
    expect(existsSync(result.root)).toBe(true);
    expect(result.stderr).toContain(`simulated disk files kept in ${result.root}`);
    rmSync(result.root, { recursive: true, force: true });
  });

  it('rejects a file name that could escape the folder', () => {
    expect(() => new SimDisk({ baseDir: base, dbFileName: '../x.db' })).toThrow(/dbFileName/);
    expect(tempFoldersIn(base)).toEqual([]);
  });
});
