/**
 * Temporary folders named after the process that made them, `<prefix><pid>-<random>`, so that a
 * later vopr can tell a folder whose owner was killed (kill -9, the out-of-memory killer) from
 * one still in use, and remove it. Exit hooks (temp-registry.ts) remove a folder when its owner
 * ends any other way; nothing can run in a process killed with SIGKILL.
 *
 * A folder is stale when the pid in its name is not a live process. A pid reused by an unrelated
 * process keeps its folder until that process ends, which errs on the safe side. Processes in
 * another pid namespace that share the temporary folder are out of scope: their pids mean
 * nothing here. Sweep folders carry an owner marker instead (sim/sweep/SweepFolder.ts).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultBaseDir } from './temp-base.ts';

/** The prefixes of the folders vopr makes for worlds, fuzz targets and live servers. */
export const OWNED_PREFIXES = ['redlite-dst-', 'vopr-world-', 'vopr-fuzz-', 'vopr-live-'] as const;
export type OwnedPrefix = (typeof OWNED_PREFIXES)[number];

/** Entries one scan looks at, at most: a bound on the work in a crowded temporary folder. */
const SCAN_ENTRIES_MAX = 100_000;

/** Whether process `pid` is alive; a process of another user counts as alive. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Makes `<base>/<prefix><pid>-<label->XXXXXX` and returns its path. */
export function makeOwnedFolder(base: string, prefix: OwnedPrefix, label = ''): string {
  return mkdtempSync(join(base, `${prefix}${process.pid}-${label === '' ? '' : `${label}-`}`));
}

/** The owner's pid, from a folder's name; null for a name this module did not make. */
export function ownerPidOf(name: string): number | null {
  for (const prefix of OWNED_PREFIXES) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)-/.exec(name.slice(prefix.length));
    return match === null ? null : Number(match[1]);
  }
  return null;
}

/**
 * Removes the owned folders whose owner is gone, in `bases` (the world folder's base and the OS
 * temporary folder by default); returns the ones removed. `alive` is injectable for tests.
 */
export function removeStaleOwnedFolders(
  bases: readonly string[] = [defaultBaseDir(), tmpdir()],
  alive: (pid: number) => boolean = processAlive,
): string[] {
  const removed: string[] = [];
  for (const base of new Set(bases)) {
    let names: string[];
    try {
      names = readdirSync(base).slice(0, SCAN_ENTRIES_MAX);
    } catch {
      continue;
    }
    for (const name of names) {
      const pid = ownerPidOf(name);
      if (pid === null || pid === process.pid || alive(pid)) continue;
      const folder = join(base, name);
      rmSync(folder, { recursive: true, force: true });
      removed.push(folder);
    }
  }
  return removed;
}
