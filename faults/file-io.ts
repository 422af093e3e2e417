/**
 * Small synchronous helpers over the page-cache folder. The page cache is a real folder, so
 * these are plain node:fs calls; they exist to keep "file absent" a value (null) rather than
 * an exception, and to read a byte range without reading the whole file.
 */
import {
  closeSync,
  futimesSync,
  openSync,
  readFileSync,
  readSync,
  type Stats,
  statSync,
  utimesSync,
  writeSync,
} from 'node:fs';

/**
 * The modification time the disk stamps on a page-cache file once its bytes are on the
 * platter. Any later write by SQLite sets the real (non-zero) time, so a file still stamped
 * with this is known unchanged without reading it, whatever the timestamp granularity.
 */
export const SYNCED_MTIME_MS = 0;

/**
 * A file's stats, or null when it is absent. Plain numbers, not bigints: building fourteen
 * bigints per stat was a visible share of every sync, and sizes, inode numbers and the synced
 * stamp (exactly zero) are all exact as doubles.
 */
export function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Bytes [start, end) of a file, clipped to its length. */
export function readRange(path: string, start: number, end: number): Buffer {
  return withFile(path, (fd) => readRangeAt(fd, start, end));
}

/** Runs `use` with the file open for reading, and closes it whatever happens. */
export function withFile<T>(path: string, use: (fd: number) => T): T {
  const fd = openSync(path, 'r');
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Bytes [start, end) of an open file, clipped to its length. */
export function readRangeAt(fd: number, start: number, end: number): Buffer {
  if (end <= start) return Buffer.alloc(0);
  const out = Buffer.allocUnsafe(end - start);
  let filled = 0;
  // Bounded: each read returns at least one byte or ends the loop at end of file.
  while (filled < out.length) {
    const got = readSync(fd, out, filled, out.length - filled, start + filled);
    if (got === 0) break;
    filled += got;
  }
  return out.subarray(0, filled);
}

/** Writes `bytes` at `offset` of an existing file. */
export function writeAt(path: string, bytes: Buffer, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** Stamps a file as equal to the platter (see SYNCED_MTIME_MS). */
export function markSynced(path: string): void {
  utimesSync(path, 0, 0);
}

/** As markSynced, through a file already open (no path lookup). */
export function markSyncedOpen(fd: number): void {
  futimesSync(fd, 0, 0);
}

export function isMarkedSynced(stats: Stats): boolean {
  return stats.mtimeMs === SYNCED_MTIME_MS;
}
