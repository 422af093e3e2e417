/**
 * One file's sync: copy the sectors where the page cache differs from the platter, and only
 * those, so that a sync costs in proportion to what changed (docs/architecture.md, storage model).
 * Two shortcuts keep it cheap:
 * - a file whose size and synced stamp are unchanged was not written at all, and is skipped;
 * - in the WAL, nothing before the end of the last commit can change until the WAL restarts,
 *   which rewrites its header, so while the header is the same only the bytes from that
 *   commit on are read and compared.
 * Sectors with rot that the page cache never rewrote stay rotted: the OS writes back only
 * dirty pages, so a clean page never heals its sector.
 */
import type { Stats } from 'node:fs';
import { SimDiskError } from './errors.ts';
import { isMarkedSynced, markSyncedOpen, readRangeAt, withFile } from './file-io.ts';
import type { Platter } from './Platter.ts';
import { diffSectors, SECTOR_BYTES, type SectorRun, sectorFloor } from './sectors.ts';
import {
  parseWalHeader,
  scanWalFrames,
  WAL_HEADER_BYTES,
  type WalHeader,
  type WalScan,
} from './wal-format.ts';

export interface WalSyncState {
  readonly headerBytes: Buffer;
  readonly header: WalHeader;
  readonly scan: WalScan;
}

export interface SyncedFileState {
  readonly sizeBytes: number;
  readonly wal: WalSyncState | null;
}

/** A rotted platter sector; `cleanCache` is the page-cache sector at rot time when it was clean. */
export interface RotEntry {
  readonly cleanCache: Buffer | null;
}

export interface SyncCounters {
  syncs: number;
  filesSynced: number;
  filesSkipped: number;
  sectorsCompared: number;
  sectorsCopied: number;
  bytesCopied: number;
  rotHealed: number;
}

export function emptySyncCounters(): SyncCounters {
  return {
    syncs: 0,
    filesSynced: 0,
    filesSkipped: 0,
    sectorsCompared: 0,
    sectorsCopied: 0,
    bytesCopied: 0,
    rotHealed: 0,
  };
}

export interface FileSyncInput {
  readonly path: string;
  readonly name: string;
  readonly isWal: boolean;
  readonly stats: Stats;
  readonly platter: Platter;
  readonly previous: SyncedFileState | undefined;
  readonly rotted: Map<number, RotEntry>;
  readonly counters: SyncCounters;
  /** The unit SQLite rewrites whole (a database page); 0 when unknown or not page-aligned. */
  readonly rewriteUnitBytes: number;
  /** The file already open for reading (the disk keeps it open between syncs); else opened here. */
  readonly fd?: number;
}

/**
 * Below this many bytes from the last commit to the end of the WAL, a sync reads them in one
 * go; beyond it (a long stale tail after a WAL restart) it reads frame headers one by one.
 */
const WAL_WINDOW_BYTES_MAX = 256 * 1024;

export function syncFile(input: FileSyncInput): SyncedFileState {
  const { previous, counters } = input;
  const sizeBytes = input.stats.size;
  if (previous !== undefined && isMarkedSynced(input.stats) && previous.sizeBytes === sizeBytes) {
    counters.filesSkipped += 1;
    return previous;
  }
  const syncAndMark = (fd: number): SyncedFileState => {
    const state = syncOpenFile(input, fd, sizeBytes);
    markSyncedOpen(fd);
    return state;
  };
  return input.fd === undefined ? withFile(input.path, syncAndMark) : syncAndMark(input.fd);
}

function syncOpenFile(input: FileSyncInput, fd: number, sizeBytes: number): SyncedFileState {
  const { path, name, platter, previous, counters } = input;
  const walBefore = input.isWal ? previous?.wal : undefined;
  let startBytes = 0;
  let endBytes = sizeBytes;
  let window: Buffer | null = null;
  if (walBefore !== undefined && walBefore !== null && sizeBytes >= walBefore.scan.lastCommitEnd) {
    if (readRangeAt(fd, 0, WAL_HEADER_BYTES).equals(walBefore.headerBytes)) {
      startBytes = sectorFloor(walBefore.scan.lastCommitEnd);
      // Usually the WAL ends with this commit's frames: one read then serves both the frame
      // headers and the bytes to compare, instead of one read per frame header.
      if (sizeBytes - startBytes <= WAL_WINDOW_BYTES_MAX) window = readRangeAt(fd, startBytes, sizeBytes);
      if (window !== null && window.length !== sizeBytes - startBytes) {
        throw new SimDiskError('page-cache file shrank while being read', {
          path,
          endBytes: sizeBytes,
          got: startBytes + window.length,
        });
      }
      endBytes = walWrittenEnd(fd, walBefore, sizeBytes, window, startBytes);
    }
  }
  const cache =
    window === null ? readRangeAt(fd, startBytes, endBytes) : window.subarray(0, endBytes - startBytes);
  if (cache.length !== endBytes - startBytes) {
    throw new SimDiskError('page-cache file shrank while being read', { path, endBytes, got: cache.length });
  }
  // A view, not a copy: the comparison is done before the platter is written below.
  const diff = diffSectors(platter.view(name, startBytes, endBytes), cache, startBytes);
  healRewrittenRot(diff.runs, input.rotted, input.rewriteUnitBytes, counters);
  const chunks = diff.runs.flatMap((run) => copyableChunks(run, cache, startBytes, input.rotted, counters));
  platter.writeChunks(name, chunks, sizeBytes);
  counters.filesSynced += 1;
  counters.sectorsCompared += diff.sectorsCompared;
  for (const chunk of chunks) {
    counters.sectorsCopied += Math.ceil(chunk.bytes.length / SECTOR_BYTES);
    counters.bytesCopied += chunk.bytes.length;
  }
  for (const sector of [...input.rotted.keys()])
    if (sector * SECTOR_BYTES >= sizeBytes) input.rotted.delete(sector);
  const wal = input.isWal ? nextWalState(walBefore ?? null, cache, startBytes) : null;
  return { sizeBytes, wal };
}

/**
 * SQLite writes database pages whole, so when any sector of a page changed, the page was
 * written and every sector of it, rotted or not, goes back to the platter: the rot heals.
 */
function healRewrittenRot(
  runs: readonly SectorRun[],
  rotted: Map<number, RotEntry>,
  rewriteUnitBytes: number,
  counters: SyncCounters,
): void {
  if (rotted.size === 0 || rewriteUnitBytes < SECTOR_BYTES) return;
  const sectorsPerUnit = rewriteUnitBytes / SECTOR_BYTES;
  const rewrittenUnits = new Set<number>();
  for (const run of runs) {
    // A rotted sector differs from the cache by its rot alone; only other sectors tell a rewrite.
    for (let sector = run.firstSector; sector < run.firstSector + run.sectorCount; sector++) {
      if (!rotted.has(sector)) rewrittenUnits.add(Math.floor(sector / sectorsPerUnit));
    }
  }
  for (const sector of [...rotted.keys()]) {
    if (!rewrittenUnits.has(Math.floor(sector / sectorsPerUnit))) continue;
    rotted.delete(sector);
    counters.rotHealed += 1;
  }
}

/** Splits a changed run around rotted sectors whose page-cache bytes were never rewritten. */
function copyableChunks(
  run: SectorRun,
  cache: Buffer,
  startBytes: number,
  rotted: Map<number, RotEntry>,
  counters: SyncCounters,
): { offset: number; bytes: Buffer }[] {
  const chunks: { offset: number; bytes: Buffer }[] = [];
  let chunkStart = -1;
  const end = run.firstSector + run.sectorCount;
  const flush = (sector: number): void => {
    if (chunkStart < 0) return;
    const from = chunkStart * SECTOR_BYTES - startBytes;
    const to = Math.min(sector * SECTOR_BYTES - startBytes, cache.length);
    chunks.push({ offset: chunkStart * SECTOR_BYTES, bytes: cache.subarray(from, to) });
    chunkStart = -1;
  };
  for (let sector = run.firstSector; sector < end; sector++) {
    const rot = rotted.get(sector);
    if (rot !== undefined) {
      const at = sector * SECTOR_BYTES - startBytes;
      const now = cache.subarray(at, Math.min(at + SECTOR_BYTES, cache.length));
      if (rot.cleanCache !== null && now.equals(rot.cleanCache)) {
        flush(sector);
        continue;
      }
      rotted.delete(sector);
      counters.rotHealed += 1;
    }
    if (chunkStart < 0) chunkStart = sector;
  }
  flush(end);
  return chunks;
}

/**
 * The end of the WAL region that can have been written since the last sync. SQLite appends
 * whole frames, carrying the current salts (or zeros, see below), contiguously from the last
 * commit; frames of an older generation (other salts) after them were not touched. Reading only frame headers
 * finds that end without reading the stale rest of a long WAL.
 */
function walWrittenEnd(
  fd: number,
  before: WalSyncState,
  sizeBytes: number,
  window: Buffer | null,
  windowStart: number,
): number {
  const frameBytes = before.scan.frameBytes;
  let offset = before.scan.lastCommitEnd;
  // Bounded by the file: each step moves one whole frame forward.
  while (offset + frameBytes <= sizeBytes) {
    const head =
      window === null
        ? readRangeAt(fd, offset + 8, offset + 16)
        : window.subarray(offset + 8 - windowStart, offset + 16 - windowStart);
    const salt1 = head.readUInt32BE(0);
    const salt2 = head.readUInt32BE(4);
    const current = salt1 === before.header.salt1 && salt2 === before.header.salt2;
    // SQLite writes zero salts (and checksums) on frames of a transaction whose checksums it
    // will recompute at commit; zeros also fill never-written space. Both count as written.
    if (!current && !(salt1 === 0 && salt2 === 0)) {
      return Math.min(sizeBytes, Math.ceil(offset / SECTOR_BYTES) * SECTOR_BYTES);
    }
    offset += frameBytes;
  }
  return sizeBytes;
}

function nextWalState(before: WalSyncState | null, cache: Buffer, startBytes: number): WalSyncState | null {
  if (startBytes > 0 && before !== null) {
    const { header, scan } = before;
    const scanned = scanWalFrames(
      cache,
      startBytes,
      header,
      scan.lastCommitEnd,
      scan.checksum1,
      scan.checksum2,
    );
    return { headerBytes: before.headerBytes, header, scan: scanned };
  }
  return walStateOf(cache);
}

/** The resumable WAL state of a whole WAL file; null when its header is not valid. */
export function walStateOf(wal: Buffer | null): WalSyncState | null {
  if (wal === null) return null;
  const header = parseWalHeader(wal);
  if (header === null) return null;
  const scan = scanWalFrames(wal, 0, header, WAL_HEADER_BYTES, header.checksum1, header.checksum2);
  return { headerBytes: Buffer.from(wal.subarray(0, WAL_HEADER_BYTES)), header, scan };
}
