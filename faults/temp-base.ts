/**
 * Where simulated disks make their folders: tmpfs (/dev/shm) when the machine has a writable
 * one, because SQLite's files then live in memory and a sync is a memory copy; otherwise the
 * OS temporary folder.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const TMPFS = '/dev/shm';

export function defaultBaseDir(): string {
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
