/**
 * Observed sync points (docs/architecture.md, storage model): the simulated disk replays the
 * I/O shim's log of one step, in order, against its page-cache files and its platter.
 *
 * - A write marks its bytes dirty; a truncate sets the file's size.
 * - A successful sync copies the file's dirty bytes, as they were at that moment, onto the
 *   platter, and the platter takes the file's size then: what SQLite synced is what survives.
 *   A rotted platter sector under a synced write heals (the OS writes the whole page back).
 * - A failed sync (an injected fsync failure) copies nothing, and the dirty bytes leave the
 *   page cache too, as on Linux after a failed fsync: the file reads back the platter's bytes
 *   (zeros past its end) where SQLite's unsynced writes were.
 * - A crash inside a sync is not a failed fsync: the process dies, the kernel keeps its dirty
 *   pages, so nothing reaches the platter and nothing leaves the page cache either. The crash
 *   copy that follows keeps every byte SQLite wrote; only a power loss may drop them.
 *
 * The log arrives after the step, so the files may have changed after a sync: a later write
 * over the same bytes, or a truncate (a checkpoint syncs the WAL, then truncates it). Bytes
 * written in an earlier step are held in memory at the end of that step (a dirty page, as the
 * kernel holds it), so a sync can still copy them; a byte written and then rewritten after a
 * sync inside one step cannot be told apart and is a SimDiskError (drain more often).
 *
 * Left out: which file is which (the disk's roles), power loss, crash copies and bit rot.
 */
import { join } from 'node:path';
import { ByteRanges } from './byte-ranges.ts';
import type { RotEntry, SyncCounters } from './disk-sync.ts';
import { SimDiskError } from './errors.ts';
import { readRangeAt, statOrNull, writeAt } from './file-io.ts';
import type { Platter } from './Platter.ts';
import { SECTOR_BYTES } from './sectors.ts';
import type { IoEvent, IoFaultEvent } from './vfs/io-events.ts';

export type ObservedRole = 'db' | 'wal';
const ROLES: readonly ObservedRole[] = ['db', 'wal'];

/** Dirty bytes captured from the page cache at the end of an earlier step. */
interface HeldChunk {
  readonly offset: number;
  readonly bytes: Buffer;
}

export interface ObservedFile {
  /** Bytes written since the file's last sync (or its last failed sync). */
  readonly dirty: ByteRanges;
  /** The file's size as SQLite's calls left it. */
  sizeBytes: number;
  /** Captured dirty bytes, later chunks over earlier ones. */
  held: HeldChunk[];
}

export function emptyObservedFile(sizeBytes = 0): ObservedFile {
  return { dirty: new ByteRanges(), sizeBytes, held: [] };
}

export interface ObservedDisk {
  /** The current page-cache folder, as a real path (the shim reports real paths). */
  readonly folder: string;
  readonly platter: Platter;
  readonly files: Record<ObservedRole, ObservedFile>;
  readonly rotted: Record<ObservedRole, Map<number, RotEntry>>;
  readonly counters: SyncCounters;
  fileName(role: ObservedRole): string;
  /** The role's page-cache file, open for reading as it is now; null when it is absent. */
  readFd(role: ObservedRole): number | null;
}

/** What one step's log did to the disk. */
export interface IoStep {
  /** Successful syncs of the WAL, and of the database (in WAL mode, a checkpoint's). */
  readonly walSyncs: number;
  readonly dbSyncs: number;
  /** The WAL holds bytes written since its last sync, after the step. */
  readonly walDirty: boolean;
  /** Injected faults that fired, in order (a crash included). */
  readonly faults: readonly IoFaultEvent[];
  /** Bytes a failed sync dropped from the page cache. */
  readonly droppedBytes: number;
}

type Later = Record<ObservedRole, ByteRanges>;
/** For one sync: what later writes of the step change, and the smallest size it truncates to. */
type LaterChanges = Record<ObservedRole, { writes: ByteRanges; truncateTo: number }>;

type RoleOf = (path: string) => ObservedRole | null;

/** Which of the disk's files a path is, with both paths joined once per step, not per event. */
function roleResolver(disk: ObservedDisk): RoleOf {
  const db = join(disk.folder, disk.fileName('db'));
  const wal = join(disk.folder, disk.fileName('wal'));
  return (path) => (path === db ? 'db' : path === wal ? 'wal' : null);
}

/** For each sync, what later events of the step change in each file. */
function laterChanges(roleOf: RoleOf, events: readonly IoEvent[]): (LaterChanges | null)[] {
  const NONE = Number.MAX_SAFE_INTEGER;
  const running = {
    db: { writes: new ByteRanges(), truncateTo: NONE },
    wal: { writes: new ByteRanges(), truncateTo: NONE },
  };
  const out: (LaterChanges | null)[] = new Array(events.length).fill(null);
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i] as IoEvent;
    if (event.type === 'delete') {
      const deleted = roleOf(event.path);
      if (deleted !== null) running[deleted].truncateTo = 0;
      continue;
    }
    const role = roleOf(event.file.path);
    if (role === null) continue;
    if (event.type === 'sync' || (event.type === 'fault' && event.call === 'sync')) {
      out[i] = {
        db: { writes: running.db.writes.copy(), truncateTo: running.db.truncateTo },
        wal: { writes: running.wal.writes.copy(), truncateTo: running.wal.truncateTo },
      };
    } else if (event.type === 'write') {
      running[role].writes.add(event.offsetBytes, event.offsetBytes + event.lengthBytes);
    } else if (event.type === 'truncate') {
      running[role].truncateTo = Math.min(running[role].truncateTo, event.sizeBytes);
    }
  }
  return out;
}

function changedRanges(changes: { writes: ByteRanges; truncateTo: number }): ByteRanges {
  const all = changes.writes.copy();
  all.add(changes.truncateTo, Number.MAX_SAFE_INTEGER);
  return all;
}

/** Applies one step's events; returns what they did. */
export function applyIoEvents(disk: ObservedDisk, events: readonly IoEvent[]): IoStep {
  const roleOf = roleResolver(disk);
  const later = laterChanges(roleOf, events);
  const written: Later = { db: new ByteRanges(), wal: new ByteRanges() };
  const faults: IoFaultEvent[] = [];
  let walSyncs = 0;
  let dbSyncs = 0;
  let droppedBytes = 0;
  events.forEach((event, i) => {
    if (event.type === 'delete') {
      const role = roleOf(event.path);
      if (role === null) return;
      disk.files[role] = emptyObservedFile();
      // Only a synced directory makes the removal durable.
      if (event.syncDir && event.resultCode === 0) disk.platter.remove(disk.fileName(role));
      return;
    }
    if (event.type === 'fault') faults.push(event);
    const role = roleOf(event.file.path);
    if (role === null) return;
    const file = disk.files[role];
    switch (event.type) {
      case 'write': {
        const end = event.offsetBytes + event.lengthBytes;
        file.dirty.add(event.offsetBytes, end);
        written[role].add(event.offsetBytes, end);
        file.sizeBytes = Math.max(file.sizeBytes, end);
        return;
      }
      case 'truncate':
        if (event.resultCode !== 0) return;
        file.sizeBytes = event.sizeBytes;
        file.dirty.clip(event.sizeBytes);
        return;
      case 'sync': {
        if (event.resultCode !== 0) return;
        syncObserved(disk, role, (later[i] as LaterChanges)[role], written[role]);
        if (role === 'wal') walSyncs += 1;
        else dbSyncs += 1;
        return;
      }
      case 'fault':
        if (event.call === 'sync' && event.action !== 'crash')
          droppedBytes += dropUnsynced(disk, role, changedRanges((later[i] as LaterChanges)[role]));
        return;
      default:
        return;
    }
  });
  for (const role of ROLES) holdDirty(disk, role, written[role]);
  return { walSyncs, dbSyncs, walDirty: !disk.files.wal.dirty.isEmpty, faults, droppedBytes };
}

function pathOf(disk: ObservedDisk, role: ObservedRole): string {
  return join(disk.folder, disk.fileName(role));
}

/** The bytes of `runs` as they were at the sync: from the file, or held from an earlier step. */
function bytesAtSync(
  disk: ObservedDisk,
  role: ObservedRole,
  changedLater: ByteRanges,
  writtenThisStep: ByteRanges,
): { offset: number; bytes: Buffer }[] {
  const file = disk.files[role];
  const fromHeld = file.dirty.intersect(changedLater);
  const clash = fromHeld.intersect(writtenThisStep);
  if (!clash.isEmpty) {
    throw new SimDiskError('bytes synced and rewritten within one step: the disk must drain more often', {
      file: disk.fileName(role),
      runs: clash.list(),
    });
  }
  const chunks: { offset: number; bytes: Buffer }[] = [];
  const fromFile = file.dirty.minus(changedLater);
  if (!fromFile.isEmpty) {
    const fd = disk.readFd(role);
    if (fd === null)
      throw new SimDiskError('a file with bytes to sync is gone', { file: disk.fileName(role) });
    for (const run of fromFile.list())
      chunks.push({ offset: run.start, bytes: readRangeAt(fd, run.start, run.end) });
  }
  for (const run of fromHeld.list())
    chunks.push({ offset: run.start, bytes: heldRange(disk, role, run.start, run.end) });
  return chunks;
}

function heldRange(disk: ObservedDisk, role: ObservedRole, start: number, end: number): Buffer {
  const out = Buffer.alloc(end - start);
  const covered = new ByteRanges();
  for (const chunk of disk.files[role].held) {
    const from = Math.max(start, chunk.offset);
    const to = Math.min(end, chunk.offset + chunk.bytes.length);
    if (from >= to) continue;
    chunk.bytes.copy(out, from - start, from - chunk.offset, to - chunk.offset);
    covered.add(from, to);
  }
  const missing = new ByteRanges();
  missing.add(start, end);
  if (!missing.minus(covered).isEmpty) {
    throw new SimDiskError('a synced byte was neither in the file nor held', {
      file: disk.fileName(role),
      start,
      end,
    });
  }
  return out;
}

function syncObserved(
  disk: ObservedDisk,
  role: ObservedRole,
  later: { writes: ByteRanges; truncateTo: number },
  writtenThisStep: ByteRanges,
): void {
  const file = disk.files[role];
  const name = disk.fileName(role);
  const changedLater = changedRanges(later);
  // Bytes this step wrote, synced, then truncated away (a commit, then a checkpoint that
  // truncates the WAL, in one step) are gone from the file. The file system may persist the
  // truncate with the sync's metadata, so the platter takes the truncated size instead.
  const lost = file.dirty.intersect(writtenThisStep).minus(later.writes);
  lost.remove(0, later.truncateTo);
  if (!lost.isEmpty) {
    file.dirty.clip(later.truncateTo);
    file.sizeBytes = Math.min(file.sizeBytes, later.truncateTo);
  }
  healRotUnder(disk, role, changedLater);
  const chunks = file.dirty.isEmpty ? [] : bytesAtSync(disk, role, changedLater, writtenThisStep);
  const counters = disk.counters;
  counters.syncs += 1;
  if (chunks.length === 0 && disk.platter.size(name) === file.sizeBytes) {
    counters.filesSkipped += 1;
  } else {
    disk.platter.writeChunks(name, chunks, file.sizeBytes);
    counters.filesSynced += 1;
  }
  for (const chunk of chunks) {
    counters.bytesCopied += chunk.bytes.length;
    counters.sectorsCopied +=
      Math.ceil((chunk.offset + chunk.bytes.length) / SECTOR_BYTES) - Math.floor(chunk.offset / SECTOR_BYTES);
  }
  for (const sector of [...disk.rotted[role].keys()])
    if (sector * SECTOR_BYTES >= file.sizeBytes) disk.rotted[role].delete(sector);
  file.dirty.clear();
  file.held = [];
}

/**
 * A rotted sector that SQLite wrote to is rewritten whole when its page goes back to disk:
 * its dirty bytes grow to the whole sector, so the sync heals it. Only when the rest of the
 * sector is still as it was at the sync (not changed later in the step) can it be read back.
 */
function healRotUnder(disk: ObservedDisk, role: ObservedRole, changedLater: ByteRanges): void {
  const rotted = disk.rotted[role];
  const file = disk.files[role];
  if (rotted.size === 0 || file.dirty.isEmpty) return;
  for (const sector of [...rotted.keys()]) {
    const start = sector * SECTOR_BYTES;
    const end = Math.min(start + SECTOR_BYTES, file.sizeBytes);
    const whole = new ByteRanges();
    whole.add(start, end);
    if (whole.intersect(file.dirty).isEmpty || !whole.intersect(changedLater).isEmpty) continue;
    file.dirty.add(start, end);
    rotted.delete(sector);
    disk.counters.rotHealed += 1;
  }
}

/**
 * A failed fsync: the kernel forgets the dirty pages, so the page cache reads back the
 * platter's bytes (zeros beyond the platter's end). Bytes rewritten later in the step keep
 * their new contents. Returns how many bytes were dropped.
 */
function dropUnsynced(disk: ObservedDisk, role: ObservedRole, changedLater: ByteRanges): number {
  const file = disk.files[role];
  const drop = file.dirty.minus(changedLater);
  file.dirty.clear();
  file.held = [];
  const path = pathOf(disk, role);
  const stats = statOrNull(path);
  if (stats === null) return 0;
  const name = disk.fileName(role);
  const platterBytes = disk.platter.size(name) ?? 0;
  let dropped = 0;
  for (const run of drop.list()) {
    const end = Math.min(run.end, stats.size);
    if (end <= run.start) continue;
    const old = Buffer.alloc(end - run.start);
    const platterEnd = Math.min(end, platterBytes);
    if (platterEnd > run.start) disk.platter.readRange(name, run.start, platterEnd).copy(old, 0);
    writeAt(path, old, run.start);
    dropped += old.length;
  }
  return dropped;
}

/** At the end of a step, holds the dirty bytes it wrote, for a sync in a later step. */
function holdDirty(disk: ObservedDisk, role: ObservedRole, writtenThisStep: ByteRanges): void {
  const file = disk.files[role];
  const hold = file.dirty.intersect(writtenThisStep);
  if (hold.isEmpty) return;
  const fd = disk.readFd(role);
  if (fd === null) return;
  for (const run of hold.list()) {
    // Clipped to the file's end, where a later truncate in the step left it.
    const bytes = readRangeAt(fd, run.start, run.end);
    if (bytes.length > 0) file.held.push({ offset: run.start, bytes });
  }
}
