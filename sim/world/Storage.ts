/**
 * Storage: where a world's database files live, behind one small interface so the faults
 * subsystem can swap the real temporary folder for its simulated disk (page cache plus platter)
 * and add crashes. This implementation is a real folder on tmpfs when there is one.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultBaseDir } from '../../faults/temp-base.ts';
import { makeOwnedFolder } from '../../faults/temp-owner.ts';
import { registerTempFolder, unregisterTempFolder } from '../../faults/temp-registry.ts';
import type { TargetHooks } from './target.ts';

export interface Storage {
  /** The database path redlite should open for the current process incarnation. */
  dbPath(): string;
  /** Hooks for redlite's sync points; real files need none. */
  hooks(): TargetHooks | undefined;
  /** Deletes the world's files unless `keep`; returns the folder when it was kept. */
  dispose(keep: boolean): string | null;
  /** Catches the simulated disk up with the I/O SQLite did so far; absent for real folders. */
  step?(): unknown;
}

export type StorageFactory = (seed: string) => Storage;

/** Creates a fresh per-world folder under tmpfs (or the OS temp folder, or VOPR_TEMP_DIR). */
export function makeWorldFolder(seed: string): string {
  return makeOwnedFolder(defaultBaseDir(), 'vopr-world-', `s${seed}`);
}

export class TempFolderStorage implements Storage {
  readonly folder: string;

  constructor(seed: string) {
    this.folder = makeWorldFolder(seed);
    // Removed at process exit or Ctrl-C too, should the run never reach dispose().
    registerTempFolder(this.folder, false, () => {});
  }

  dbPath(): string {
    return join(this.folder, 'redlite.db');
  }

  hooks(): TargetHooks | undefined {
    return undefined;
  }

  dispose(keep: boolean): string | null {
    unregisterTempFolder(this.folder);
    if (keep) return this.folder;
    rmSync(this.folder, { recursive: true, force: true });
    return null;
  }
}

export const tempFolderStorage: StorageFactory = (seed) => new TempFolderStorage(seed);
