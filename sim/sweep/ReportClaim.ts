/**
 * A sweep's claim on the report files it will write, so that two sweeps given the same
 * `--report` cannot silently overwrite each other's report: each report path gets a
 * `<path>.lock` file holding the owner's pid, made exclusively when the sweep starts and removed
 * when it ends. A second sweep asking for the same path while the owner runs is refused with
 * ReportBusyError (exit 2) before any seed runs; a lock whose owner is gone (a sweep that was
 * killed) is taken over. Leaves out `vopr merge`, which writes in one quick step.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../error-kinds.ts';
import { outputWriteError } from '../output-file.ts';
import { processAlive } from './SweepFolder.ts';

export class ReportBusyError extends InputError {
  readonly path: string;
  readonly ownerPid: number;
  constructor(path: string, ownerPid: number) {
    super(
      `--report ${path}: another sweep (pid ${ownerPid}) is writing this report; give this sweep another file name`,
    );
    this.name = 'ReportBusyError';
    this.path = path;
    this.ownerPid = ownerPid;
  }
}

function lockPath(path: string): string {
  return `${path}.lock`;
}

/** The pid in a lock file, or null when it holds none (being written, or damaged). */
function lockOwner(path: string): number | null {
  try {
    const pid = Number(readFileSync(lockPath(path), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Makes the lock file only if there is none; false when another exists. */
function createLock(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath(path), 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw outputWriteError('report lock', lockPath(path), error);
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

export class ReportClaim {
  private readonly held: string[] = [];

  /**
   * Claims every path, or none: throws ReportBusyError when a live sweep holds one. `alive` is
   * injectable for tests.
   */
  constructor(paths: readonly string[], alive: (pid: number) => boolean = processAlive) {
    try {
      for (const path of new Set(paths)) {
        if (!createLock(path)) {
          const owner = lockOwner(path);
          if (owner !== null && owner !== process.pid && alive(owner)) throw new ReportBusyError(path, owner);
          // The owner is gone: its lock is stale. Taken over by rewriting it.
          rmSync(lockPath(path), { force: true });
          if (!createLock(path)) throw new ReportBusyError(path, lockOwner(path) ?? 0);
        }
        this.held.push(path);
      }
    } catch (error) {
      this.release();
      throw error;
    }
  }

  /** Removes the lock files. Safe to call twice. */
  release(): void {
    for (const path of this.held.splice(0)) rmSync(lockPath(path), { force: true });
  }
}
