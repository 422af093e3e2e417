/**
 * The one temporary folder a sweep owns, on tmpfs when there is one: the batches' result
 * journals, and a folder per worker that the worker's worlds make their folders in (the worker
 * gets it in VOPR_TEMP_DIR, faults/temp-base.ts). A worker that dies without cleaning up (kill
 * -9, out of memory, killed for a hang) leaves its worlds' folders there, and the parent removes
 * that worker's folder when it hears of the exit; the sweep removes the whole folder when it
 * ends.
 *
 * A sweep that is itself killed cannot clean up, so each folder is named after its owner's
 * process id and holds an `owner.json` marker with it: a later sweep on the machine removes the
 * folders whose owner is gone, and never one whose owner still runs (a pid that was reused by
 * another process keeps its folder, which errs on the safe side). The world folders of a killed
 * `vopr run` or `shrink`, which no sweep owns, are faults/temp-owner.ts's.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { defaultBaseDir } from '../../faults/temp-base.ts';
import { processAlive } from '../../faults/temp-owner.ts';

const PREFIX = 'vopr-sweep-';
const OWNER_FILE = 'owner.json';
/** Folders a stale-folder scan looks at, at most: a bound on one scan of a crowded tmpfs. */
const SCAN_ENTRIES_MAX = 100_000;

export { processAlive };

/** The owner's pid of a sweep folder: from its marker, else from its name (made before the marker). */
function ownerPid(folder: string, name: string): number | null {
  try {
    const owner = JSON.parse(readFileSync(join(folder, OWNER_FILE), 'utf8')) as { pid?: unknown };
    if (typeof owner.pid === 'number' && Number.isSafeInteger(owner.pid)) return owner.pid;
  } catch {
    // No marker yet (or a damaged one): the name carries the pid too.
  }
  const match = /^vopr-sweep-(\d+)-/.exec(name);
  return match === null ? null : Number(match[1]);
}

/**
 * Removes the sweep folders in `base` whose owner process is gone; returns the ones removed.
 * `alive` is injectable for tests.
 */
export function removeStaleSweepFolders(
  base: string = defaultBaseDir(),
  alive: (pid: number) => boolean = processAlive,
): string[] {
  let names: string[];
  try {
    names = readdirSync(base).slice(0, SCAN_ENTRIES_MAX);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = join(base, name);
    const pid = ownerPid(folder, name);
    if (pid === null || pid === process.pid || alive(pid)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed.push(folder);
  }
  return removed;
}

export class SweepFolder {
  readonly root: string;
  readonly journalDir: string;

  /** Makes the folder under `base` (tmpfs by default), marked with this process as its owner. */
  constructor(base: string = defaultBaseDir()) {
    this.root = mkdtempSync(join(base, `${PREFIX}${process.pid}-`));
    writeFileSync(
      join(this.root, OWNER_FILE),
      `${JSON.stringify({ pid: process.pid, host: hostname(), purpose: 'vopr sweep' })}\n`,
    );
    this.journalDir = join(this.root, 'journals');
    mkdirSync(this.journalDir);
  }

  /** Makes the folder for worker `id`'s worlds and returns it. */
  workerDir(id: number): string {
    const dir = join(this.root, `worker-${id}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Removes worker `id`'s folder, with whatever its worlds left in it. */
  removeWorkerDir(id: number): void {
    rmSync(join(this.root, `worker-${id}`), { recursive: true, force: true });
  }

  /** Removes the whole folder. Safe to call twice. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
