/**
 * A `vopr` killed with SIGKILL cannot remove its world's folder; the next vopr removes it as it
 * starts, and says so. Folders are named after their owner's pid (faults/temp-owner.ts), so a
 * folder whose owner still runs is never touched. Each run gets a private VOPR_TEMP_DIR.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeOwnedFolder, ownerPidOf, removeStaleOwnedFolders } from '../../faults/temp-owner.ts';
import { runVopr } from '../support/vopr-child.ts';

const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'killed-run-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('folders left by killed runs', () => {
  it('a run killed with SIGKILL leaves its folder; the next run removes it and says so', {
    timeout: 120_000,
  }, async () => {
    const base = mkdtempSync(join(folder, 'base-'));
    const env = { VOPR_TEMP_DIR: base };
    const owned = () => readdirSync(base).filter((name) => ownerPidOf(name) !== null);
    const killed = await runVopr(['--seed', '7', '--ops', '1000000'], {
      env,
      signal: 'SIGKILL',
      when: () => owned().length > 0,
    });
    expect(killed.signal).toBe('SIGKILL');
    const left = owned();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((name) => ownerPidOf(name) === killed.pid)).toBe(true);

    const next = await runVopr(['--seed', '7', '--ops', '20'], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(`vopr: removed ${left.length} folder(s) left by runs that were killed`);
    expect(readdirSync(base)).toEqual([]);
  });

  it('removes only owned folders whose owner is gone', () => {
    const base = mkdtempSync(join(folder, 'unit-'));
    const mine = makeOwnedFolder(base, 'redlite-dst-');
    const dead = join(base, 'vopr-world-999999999-s1-abc');
    const living = join(base, 'vopr-live-4242-redis-abc');
    const stranger = join(base, 'redlite-dst-notapid');
    const other = join(base, 'someone-else-1-abc');
    for (const path of [dead, living, stranger, other]) mkdirSync(path);
    const removed = removeStaleOwnedFolders([base], (pid) => pid === 4242);
    expect(removed).toEqual([dead]);
    expect(readdirSync(base).sort()).toEqual(
      [mine, living, stranger, other].map((path) => path.slice(base.length + 1)).sort(),
    );
    expect(ownerPidOf(mine.slice(base.length + 1))).toBe(process.pid);
  });
});
