/**
 * SimDisk: the simulated disk of one world (docs/architecture.md, storage model). SQLite's files live in
 * a real temporary folder that plays the OS page cache; an in-memory store, the platter, holds
 * the durable bytes. With `observeIo`, the I/O shim records every write, truncate, sync and
 * delete SQLite makes under the disk's folder, and `drainIo()` replays them after each step
 * (observed-sync.ts): a sync point is exactly what SQLite synced. Without it, `sync()` is a
 * flush of everything, for tests that drive raw SQLite. On a fault the world calls `crash()`
 * or `powerLoss()` and reopens the store at the returned path. Each of those freezes the old
 * files (through the shim) and moves to a fresh folder (a new "generation"), so an abandoned
 * connection can never touch the files of its successor.
 *
 * Left out: -shm is never durable and the platter never holds it; a rollback journal is not
 * tracked (the store runs in WAL mode); directory entries are not modelled apart from file
 * lengths.
 */

import { createHash, type Hash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  rmSync,
  type Stats,
  writeFileSync,
} from 'node:fs';
import { join, relative, sep } from 'node:path';
import {
  type BitRotChoice,
  chooseBitRot,
  databaseGeometry,
  flipBits,
  type RotTargetFile,
} from './bit-rot.ts';
import {
  emptySyncCounters,
  type RotEntry,
  type SyncCounters,
  type SyncedFileState,
  syncFile,
  walStateOf,
} from './disk-sync.ts';
import { FaultOptionError, SimDiskError } from './errors.ts';
import { isMarkedSynced, markSynced, readOrNull, readRange, statOrNull, writeAt } from './file-io.ts';
import { routeFolder, takeEvents, unrouteFolder } from './io-log-router.ts';
import {
  applyIoEvents,
  emptyObservedFile,
  type IoStep,
  type ObservedDisk,
  type ObservedFile,
} from './observed-sync.ts';
import { Platter } from './Platter.ts';
import { type PowerLossOptions, type PowerLossPlan, planPowerLoss } from './power-loss.ts';
import { probe } from './probe.ts';
import { SECTOR_BYTES } from './sectors.ts';
import { defaultBaseDir } from './temp-base.ts';
import { makeOwnedFolder } from './temp-owner.ts';
import { isRegisteredTempFolder, registerTempFolder, unregisterTempFolder } from './temp-registry.ts';
import type { IoShim } from './vfs/IoShim.ts';
import type { IoEvent } from './vfs/io-events.ts';

export interface SimDiskOptions {
  /** Where to make the temporary folder; default /dev/shm when it exists, else the OS tmpdir. */
  readonly baseDir?: string;
  /** The database's file name inside the folder. Default `redlite.db`. */
  readonly dbFileName?: string;
  /** Keep the folders at the end and print where they are, for post-mortems. */
  readonly keepFiles?: boolean;
  /** After every sync, compare whole files with the platter and throw on any difference. */
  readonly verifySyncs?: boolean;
  /** Where messages go (only the kept-files notice). Default: standard error. */
  readonly print?: (message: string) => void;
  /**
   * Record SQLite's I/O under the disk's folders through the shim (loaded if it is not yet;
   * only connections opened afterwards go through it), so that `drainIo()` finds the sync
   * points SQLite really made.
   */
  readonly observeIo?: boolean;
  /**
   * Keep a digest of every I/O event drained (`ioLogDigest`), for tests that compare two runs.
   * Off by default: formatting and hashing each event was a tenth of every step, and nothing
   * in a run reads the digest.
   */
  readonly digestIo?: boolean;
}

export type SyncStats = Readonly<SyncCounters>;

export interface CrashReport {
  readonly dbPath: string;
  readonly filesCopied: readonly string[];
}

export interface PowerLossReport extends Omit<PowerLossPlan, 'db' | 'wal'> {
  readonly dbPath: string;
  readonly shmDropped: boolean;
  readonly dbBytes: number | null;
  readonly walBytes: number | null;
}

export interface BitRotOptions {
  /** Rot only this file; default either, seeded. */
  readonly file?: RotTargetFile;
  /** Also put the rotted bytes in the page cache, as if the OS had evicted that clean page. */
  readonly evict?: boolean;
}

export interface BitRotReport extends BitRotChoice {
  readonly fileName: string;
  readonly offsetBytes: number;
  /** Whether the rot is visible in the page cache now (evicted), not only after a power loss. */
  readonly surfaced: boolean;
}

type Role = 'db' | 'wal';
const ROLES: readonly Role[] = ['db', 'wal'];

/** A module function, not an arrow made at every step (docs/architecture.md, Closures on hot paths). */
function isDelete(event: { readonly type: string }): boolean {
  return event.type === 'delete';
}

export class SimDisk {
  readonly root: string;
  readonly dbFileName: string;
  private readonly options: SimDiskOptions;
  private readonly platter = new Platter();
  private readonly synced = new Map<Role, SyncedFileState>();
  private readonly rotted: Record<Role, Map<number, RotEntry>> = { db: new Map(), wal: new Map() };
  private readonly counters: SyncCounters = emptySyncCounters();
  private generation = 0;
  /** The digest of the drained events; null unless the disk was made with `digestIo`. */
  private readonly ioLog: Hash | null;
  private ioEvents = 0;
  /**
   * The page-cache files a sync reads, kept open between syncs (opening and closing them was a
   * tenth of a sync), by role, with the inode they were opened on: a file that was replaced
   * gets a new inode and is reopened. Closed whenever the disk leaves a folder.
   */
  private readonly openFiles = new Map<Role, { fd: number; ino: number }>();
  private folderPath: string;
  /** `folderPath` under the real root, as the shim reports paths: kept beside it, not rebuilt per step. */
  private realFolderPath: string;
  private destroyed = false;
  private readonly shim: IoShim | null;
  private readonly realRoot: string;
  private readonly observed: Record<Role, ObservedFile> = {
    db: emptyObservedFile(),
    wal: emptyObservedFile(),
  };
  /** `ObservedDisk`'s callbacks, made once per disk, not at every step with I/O. */
  private readonly fileNameOf = (role: Role): string => this.fileName(role);
  private readonly readFdOf = (role: Role): number | null => this.readFd(role);

  constructor(options: SimDiskOptions = {}) {
    this.options = options;
    this.dbFileName = options.dbFileName ?? 'redlite.db';
    if (!/^[A-Za-z0-9._-]+$/.test(this.dbFileName)) {
      throw new FaultOptionError('dbFileName', this.dbFileName, 'a plain file name');
    }
    this.root = makeOwnedFolder(options.baseDir ?? defaultBaseDir(), 'redlite-dst-');
    registerTempFolder(this.root, options.keepFiles === true, this.printer());
    this.folderPath = this.makeGenerationFolder();
    this.realRoot = realpathSync(this.root);
    this.realFolderPath = this.realPathOf(this.folderPath);
    this.shim = options.observeIo === true ? routeFolder(this.root) : null;
    this.ioLog = options.digestIo === true ? createHash('sha256') : null;
  }

  /** Whether the disk reads SQLite's real I/O (the `observeIo` option). */
  get observing(): boolean {
    return this.shim !== null;
  }

  /** The shim that observes this disk, for arming I/O faults; null when not observing. */
  get ioShim(): IoShim | null {
    return this.shim;
  }

  /**
   * Replays the I/O SQLite made since the last call (observed-sync.ts): syncs reach the platter,
   * failed syncs drop dirty bytes from the page cache. Returns what the step did.
   */
  drainIo(): IoStep {
    this.assertLive();
    if (this.shim === null) throw new SimDiskError('drainIo() needs a disk made with observeIo', {});
    const events = takeEvents(this.root);
    // Most steps find no I/O (a read-only command, the step after a commit's): replaying
    // nothing changes nothing, so the step is answered without touching the files.
    if (events.length === 0) return this.quietStep();
    // A signal's cleanup removed the folders (temp-registry.ts): the run is ending, and there
    // are no files left to replay the events on. A live disk's folder stays registered until
    // such a cleanup, so only then is it looked up.
    if (!isRegisteredTempFolder(this.root) && statOrNull(this.root) === null)
      return { walSyncs: 0, dbSyncs: 0, walDirty: false, faults: [], droppedBytes: 0 };
    if (this.ioLog !== null) for (const event of events) this.ioLog.update(ioEventLine(event, this.realRoot));
    this.ioEvents += events.length;
    const view: ObservedDisk = {
      folder: this.realFolderPath,
      platter: this.platter,
      files: this.observed,
      rotted: this.rotted,
      counters: this.counters,
      fileName: this.fileNameOf,
      readFd: this.readFdOf,
    };
    // SQLite replaces a file only by deleting it first: then the file kept open for reading
    // may be the old one, so it is opened again.
    if (events.some(isDelete)) this.closeFiles();
    const healedBefore = this.counters.rotHealed;
    const step = applyIoEvents(view, events);
    if (this.counters.rotHealed > healedBefore) probe('recovery.bit_rot_healed');
    if (step.walSyncs + step.dbSyncs > 0) this.synced.clear();
    return step;
  }

  /** What `applyIoEvents` answers for a step without events, built without replaying any. */
  private quietStep(): IoStep {
    return {
      walSyncs: 0,
      dbSyncs: 0,
      walDirty: !this.observed.wal.dirty.isEmpty,
      faults: [],
      droppedBytes: 0,
    };
  }

  /**
   * A digest of every I/O event drained so far, with paths relative to the disk (its
   * temporary folder's name is random): same seed, same digest.
   */
  get ioLogDigest(): { events: number; sha256: string } {
    if (this.ioLog === null) throw new SimDiskError('ioLogDigest needs a disk made with digestIo', {});
    return { events: this.ioEvents, sha256: this.ioLog.copy().digest('hex') };
  }

  /** Bytes SQLite wrote to the WAL since its last sync. */
  get walUnsyncedBytes(): number {
    return this.observed.wal.dirty.sizeBytes;
  }

  /** The folder SQLite's files live in right now (it changes at every crash and power loss). */
  get folder(): string {
    return this.folderPath;
  }

  get dbPath(): string {
    return join(this.folderPath, this.dbFileName);
  }

  /** Cumulative sync statistics since the disk was made. */
  get syncStats(): SyncStats {
    return { ...this.counters };
  }

  fileName(role: Role): string {
    return role === 'db' ? this.dbFileName : `${this.dbFileName}-wal`;
  }

  /** The durable bytes of the database or the WAL, for checks; null when absent. */
  platterBytes(role: Role): Buffer | null {
    return this.platter.read(this.fileName(role));
  }

  /** A sync point: puts every changed sector of the database and WAL on the platter. */
  sync(): SyncStats {
    this.assertLive();
    const before = { ...this.counters };
    this.counters.syncs += 1;
    for (const role of ROLES) this.syncRole(role);
    for (const role of ROLES) {
      this.observed[role].dirty.clear();
      this.observed[role].held = [];
    }
    if (this.counters.rotHealed > before.rotHealed) probe('recovery.bit_rot_healed');
    if (this.options.verifySyncs === true) this.verifyPlatter();
    const delta = emptySyncCounters();
    for (const key of Object.keys(delta) as (keyof SyncCounters)[])
      delta[key] = this.counters[key] - before[key];
    return delta;
  }

  /**
   * A process crash: the page cache survives as it is. Copies every file, -shm included (it
   * lives in the page cache too), into a fresh folder and returns the path to reopen.
   */
  crash(): CrashReport {
    this.assertLive();
    probe('fault.crash');
    const from = this.folderPath;
    this.freezeFolder(from);
    const to = this.makeGenerationFolder();
    const filesCopied = readdirSync(from).sort();
    for (const name of filesCopied) {
      const source = join(from, name);
      const stats = statOrNull(source);
      if (stats === null || !stats.isFile()) continue;
      copyFileSync(source, join(to, name));
      if (isMarkedSynced(stats)) markSynced(join(to, name));
    }
    this.leaveFolder(from, to);
    return { dbPath: this.dbPath, filesCopied };
  }

  /** A power loss: rebuilds a fresh folder from the platter and a seeded share of unsynced sectors. */
  powerLoss(seed: bigint, options: PowerLossOptions = {}): PowerLossReport {
    this.assertLive();
    const from = this.folderPath;
    this.freezeFolder(from);
    const read = (role: Role) => ({
      platter: this.platter.read(this.fileName(role)),
      cache: this.withCleanRotMasked(role, readOrNull(join(from, this.fileName(role)))),
    });
    const plan = planPowerLoss(read('db'), read('wal'), seed, {
      ...options,
      inferWalHeaderSync: options.inferWalHeaderSync ?? this.shim === null,
    });
    const shmDropped = statOrNull(join(from, `${this.dbFileName}-shm`)) !== null;
    const to = this.makeGenerationFolder();
    this.synced.clear();
    for (const role of ROLES) {
      const bytes = plan[role].bytes;
      const name = this.fileName(role);
      this.rotted[role].clear();
      if (bytes === null) {
        this.platter.remove(name);
        this.observed[role] = emptyObservedFile();
        continue;
      }
      // What reached the platter is durable now, and the page cache starts out equal to it.
      this.platter.write(name, bytes);
      writeFileSync(join(to, name), bytes);
      markSynced(join(to, name));
      this.observed[role] = emptyObservedFile(bytes.length);
      this.synced.set(role, { sizeBytes: bytes.length, wal: role === 'wal' ? walStateOf(bytes) : null });
    }
    this.leaveFolder(from, to);
    for (const name of plan.probes) probe(name);
    if (shmDropped) probe('recovery.shm_dropped');
    const { db, wal, ...rest } = plan;
    return {
      ...rest,
      dbPath: this.dbPath,
      shmDropped,
      dbBytes: db.bytes?.length ?? null,
      walBytes: wal.bytes?.length ?? null,
    };
  }

  /** Bit rot: flips bits in one platter sector that matters; null when there is none yet. */
  bitRot(seed: bigint, options: BitRotOptions = {}): BitRotReport | null {
    this.assertLive();
    const db = this.platter.read(this.fileName('db'));
    const wal = this.platter.read(this.fileName('wal'));
    const choice = chooseBitRot(db, wal, seed, options.file ?? null);
    if (choice === null) return null;
    const name = this.fileName(choice.file);
    const bytes = (choice.file === 'db' ? db : wal) as Buffer;
    const offsetBytes = choice.sector * SECTOR_BYTES;
    const end = Math.min(offsetBytes + SECTOR_BYTES, bytes.length);
    const before = Buffer.from(bytes.subarray(offsetBytes, end));
    flipBits(bytes, choice.bitOffsets);
    const rottedSector = bytes.subarray(offsetBytes, end);
    this.platter.writeChunks(name, [{ offset: offsetBytes, bytes: rottedSector }], bytes.length);
    const cachePath = join(this.folderPath, name);
    const cacheSector = statOrNull(cachePath) === null ? null : readRange(cachePath, offsetBytes, end);
    const clean = cacheSector?.equals(before) === true;
    const surfaced = clean && options.evict === true;
    if (surfaced) {
      writeAt(cachePath, rottedSector, offsetBytes);
    } else {
      this.rotted[choice.file].set(choice.sector, { cleanCache: clean ? before : null });
    }
    probe('fault.bit_rot');
    return { ...choice, fileName: name, offsetBytes, surfaced };
  }

  /** Removes every folder this disk made (unless keepFiles). Safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.closeFiles();
    // A signal's cleanup may have removed the folder already (temp-registry.ts); its files
    // are gone then, and the shim cannot look the folder up to freeze or forget it.
    if (this.shim !== null && statOrNull(this.root) !== null) this.shim.freeze(this.root);
    if (this.shim !== null) unrouteFolder(this.root, statOrNull(this.root) !== null);
    unregisterTempFolder(this.root);
    if (this.options.keepFiles === true) this.printer()(`simulated disk files kept in ${this.root}`);
    else rmSync(this.root, { recursive: true, force: true });
  }

  private syncRole(role: Role): void {
    const name = this.fileName(role);
    const path = join(this.folderPath, name);
    const stats = statOrNull(path);
    if (stats === null) {
      this.closeFile(role);
      this.platter.remove(name);
      this.synced.delete(role);
      this.rotted[role].clear();
      return;
    }
    const state = syncFile({
      fd: this.openFile(role, path, stats),
      path,
      name,
      isWal: role === 'wal',
      stats,
      platter: this.platter,
      previous: this.synced.get(role),
      rotted: this.rotted[role],
      counters: this.counters,
      rewriteUnitBytes: role === 'db' ? this.dbPageBytes(path) : 0,
    });
    this.synced.set(role, state);
  }

  /**
   * The page cache as a power loss sees it: a rotted sector whose cached page is still clean
   * is not dirty, so the cut does not write it; the platter's rotted bytes are what remain.
   */
  private withCleanRotMasked(role: Role, cache: Buffer | null): Buffer | null {
    const rotted = this.rotted[role];
    if (cache === null || rotted.size === 0) return cache;
    const platter = this.platter.read(this.fileName(role));
    if (platter === null) return cache;
    const unitBytes = role === 'db' ? (databaseGeometry(cache)?.pageBytes ?? SECTOR_BYTES) : SECTOR_BYTES;
    const masked = Buffer.from(cache);
    for (const [sector, rot] of rotted) {
      const start = sector * SECTOR_BYTES;
      const end = Math.min(start + SECTOR_BYTES, cache.length, platter.length);
      if (rot.cleanCache === null || !cache.subarray(start, end).equals(rot.cleanCache)) continue;
      // A page SQLite rewrote since the sync is dirty as a whole, rotted sector included.
      const unitStart = Math.floor(start / unitBytes) * unitBytes;
      const unitEnd = Math.min(unitStart + unitBytes, cache.length);
      const others = [
        [unitStart, start],
        [end, unitEnd],
      ] as const;
      if (others.some(([from, to]) => !cache.subarray(from, to).equals(platter.subarray(from, to)))) continue;
      platter.copy(masked, start, start, end);
    }
    return masked;
  }

  /** The database's page size from its header, when rot makes it matter; else 0. */
  private dbPageBytes(path: string): number {
    if (this.rotted.db.size === 0) return 0;
    return databaseGeometry(readRange(path, 0, 100))?.pageBytes ?? 0;
  }

  private verifyPlatter(): void {
    for (const role of ROLES) {
      const name = this.fileName(role);
      const cache = readOrNull(join(this.folderPath, name));
      const platter = this.platter.read(name);
      if (cache === null || platter === null) {
        if (cache !== platter) throw new SimDiskError('sync left a file on one side only', { name });
        continue;
      }
      if (cache.length !== platter.length) {
        throw new SimDiskError('sync left lengths apart', {
          name,
          cache: cache.length,
          platter: platter.length,
        });
      }
      for (let at = 0; at < cache.length; at += SECTOR_BYTES) {
        const end = Math.min(at + SECTOR_BYTES, cache.length);
        if (cache.subarray(at, end).equals(platter.subarray(at, end))) continue;
        if (this.rotted[role].has(at / SECTOR_BYTES)) continue;
        throw new SimDiskError('sync missed a changed sector', { name, sector: at / SECTOR_BYTES });
      }
    }
  }

  /**
   * The process that held the files is gone: the shim freezes every file it has open under the
   * folder, so nothing the abandoned connection does later (even its close when collected)
   * reaches them; then the I/O it made up to that moment is replayed.
   */
  private freezeFolder(folder: string): void {
    if (this.shim === null) return;
    this.shim.freeze(folder);
    this.drainIo();
  }

  /** A folder this disk made under its root, as a real path (generation folders are plain folders). */
  private realPathOf(folder: string): string {
    return join(this.realRoot, relative(this.root, folder));
  }

  private makeGenerationFolder(): string {
    const folder = join(this.root, `g${this.generation}`);
    this.generation += 1;
    mkdirSync(folder);
    return folder;
  }

  /** The role's page-cache file open for reading, reopened when it is not the same inode. */
  private openFile(role: Role, path: string, stats: Stats): number {
    const open = this.openFiles.get(role);
    if (open !== undefined && open.ino === stats.ino) return open.fd;
    this.closeFile(role);
    const fd = openSync(path, 'r');
    this.openFiles.set(role, { fd, ino: stats.ino });
    return fd;
  }

  /**
   * The role's page-cache file open for reading, kept open between steps like `openFile`'s
   * (an open and a close were a fifth of a step); null when it is absent. Without a stat per
   * use: a file is replaced only when SQLite deletes it (drainIo closes the kept files then)
   * or when the disk moves to a new folder (leaveFolder closes them).
   */
  private readFd(role: Role): number | null {
    const open = this.openFiles.get(role);
    if (open !== undefined) return open.fd;
    let fd: number;
    try {
      fd = openSync(join(this.folderPath, this.fileName(role)), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    this.openFiles.set(role, { fd, ino: fstatSync(fd).ino });
    return fd;
  }

  private closeFile(role: Role): void {
    const open = this.openFiles.get(role);
    if (open === undefined) return;
    this.openFiles.delete(role);
    closeSync(open.fd);
  }

  private closeFiles(): void {
    for (const role of ROLES) this.closeFile(role);
  }

  private leaveFolder(from: string, to: string): void {
    this.closeFiles();
    this.folderPath = to;
    this.realFolderPath = this.realPathOf(to);
    if (this.options.keepFiles !== true) rmSync(from, { recursive: true, force: true });
  }

  private assertLive(): void {
    if (this.destroyed) throw new SimDiskError('simulated disk used after destroy()', { root: this.root });
  }

  private printer(): (message: string) => void {
    return this.options.print ?? ((message) => process.stderr.write(`${message}\n`));
  }
}

/**
 * The fields of an event that one seed repeats exactly: all but its process-wide sequence
 * number, its file's id and its absolute path (the folder's name is random). Built as a plain
 * object, fields in their order, so JSON.stringify needs no replacer: a replacer call per field
 * made the digest a tenth of every step.
 */
function digestFields(event: IoEvent): object {
  if (event.type === 'delete') {
    const { seq: _seq, path: _path, ...rest } = event;
    return rest;
  }
  const { seq: _seq, ...rest } = event;
  return { ...rest, file: { kind: event.file.kind } };
}

/** `path` relative to `root`: a slice when it is plainly inside it, else path.relative. */
function relativeTo(root: string, path: string): string {
  const plain =
    path.length > root.length + 1 &&
    path.startsWith(root) &&
    path[root.length] === sep &&
    !path.includes(`${sep}.`) &&
    !path.includes(`${sep}${sep}`) &&
    !path.endsWith(sep);
  return plain ? path.slice(root.length + 1) : relative(root, path);
}

/** One event as a line of the I/O digest: its digest fields, then its path relative to the disk. */
function ioEventLine(event: IoEvent, root: string): string {
  return `${JSON.stringify(digestFields(event))} ${relativeTo(root, event.type === 'delete' ? event.path : event.file.path)}\n`;
}
