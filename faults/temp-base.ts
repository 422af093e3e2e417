/**
 * Where simulated disks make their folders: tmpfs (/dev/shm) when the machine has a writable
 * one, because SQLite's files then live in memory and a sync is a memory copy; otherwise the
 * OS temporary folder. A sweep worker is told its own folder in VOPR_TEMP_DIR instead, so the
 * sweep can remove whatever a worker it lost left behind (sim/sweep/SweepFolder.ts).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const TMPFS = '/dev/shm';
/** The environment variable naming a folder to use instead of tmpfs or the OS temporary folder. */
export const TEMP_DIR_ENV = 'VOPR_TEMP_DIR';

export function defaultBaseDir(): string {
  const chosen = process.env[TEMP_DIR_ENV];
  if (chosen !== undefined && chosen !== '') return chosen;
  try {
    if (statSync(TMPFS).isDirectory()) {
      accessSync(TMPFS, constants.W_OK);
      return TMPFS;
    }
  } catch {
    // No usable tmpfs: fall through to the OS temporary folder.
  }
  return tmpdir();
}
