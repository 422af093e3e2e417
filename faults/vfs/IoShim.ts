/**
 * IoShim: the binding to the SQLite I/O shim (docs/architecture.md, storage model). Loading it
 * registers the shim as SQLite's default VFS for the whole process, so every connection opened
 * afterwards (redlite's included) goes through it; a connection opened before keeps its VFS.
 * There is one per process: `load()` returns the same binding every time.
 *
 * The simulator records a world's folder, runs a step, then drains the log: typed events that
 * say what SQLite wrote, truncated, synced and deleted, in order. It arms faults for the next
 * matching call, and after a crash asks where it fired, copies the frozen files and reopens
 * elsewhere.
 *
 * The control calls are SQL functions on a private in-memory connection that loaded the shim;
 * nothing else can call them. Nothing here reads a clock or draws a random number: every
 * choice the shim makes comes from a seed the caller passes.
 *
 * Left out: what a sync means for the platter and what a crash copies; those belong to the
 * simulated disk, which reads this log.
 */
import { realpathSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import Database from 'better-sqlite3';
import { FaultOptionError } from '../errors.ts';
import { decodeIoLog, type IoFileTable } from './decode-io-log.ts';
import type { IoCrashReport, IoEvent } from './io-events.ts';
import { armArguments, FAULTS_ARMED_MAX, type IoFault } from './io-faults.ts';
import { ShimLoadError } from './shim-errors.ts';
import { ensureShimLibrary } from './shim-library.ts';
import { RECORD_FLAG, SHIM_PROTOCOL_VERSION } from './wire-format.ts';

export interface RecordingOptions {
  /** Also log every read (off by default: reads are many, and change nothing on disk). */
  readonly reads?: boolean;
}

/**
 * The binding lives on the global object, not in this module: the VFS is process-wide, and a
 * second copy of this module (a test runner may load one per file) must share the one file
 * table that matches the shim's record of which files it has introduced.
 */
const INSTANCE_KEY = Symbol.for('redlite-dst.IoShim');

type Statement = Database.Statement<unknown[], unknown>;

/** Bound on remembered real folder paths; a world uses one per crash or power loss. */
const REAL_FOLDERS_MAX = 256;
type ControlCall =
  | 'record'
  | 'unrecord'
  | 'drain'
  | 'arm'
  | 'pending'
  | 'disarm'
  | 'freeze'
  | 'crash'
  | 'clearCrash'
  | 'reset';

export class IoShim {
  readonly libraryPath: string;
  private readonly db: Database.Database;
  private readonly files: IoFileTable = new Map();
  private readonly sql: Readonly<Record<ControlCall, Statement>>;
  /**
   * Real paths of the folders faults were armed in, by the path given. Resolving one walks
   * every component of the path, several times the cost of arming; a fault is armed before
   * most commands of a faulty world, always in the same few folders. A folder's real path
   * changes only if a component of it is swapped for a symlink, which nothing here does. It is
   * checked to be a folder at its first arm only: one removed since holds no file a fault
   * could match, so a fault armed there fires nowhere, as it would in any folder without files.
   */
  private readonly realFolders = new Map<string, string>();

  /** Loads the shim once per process (building it first if its sources are newer). */
  static load(): IoShim {
    const holder = globalThis as { [INSTANCE_KEY]?: IoShim };
    holder[INSTANCE_KEY] ??= new IoShim(ensureShimLibrary());
    return holder[INSTANCE_KEY];
  }

  /** Whether this process has loaded the shim (so connections opened now go through it). */
  static isLoaded(): boolean {
    return (globalThis as { [INSTANCE_KEY]?: IoShim })[INSTANCE_KEY] !== undefined;
  }

  private constructor(libraryPath: string) {
    this.libraryPath = libraryPath;
    this.db = new Database(':memory:');
    try {
      this.db.loadExtension(libraryPath);
    } catch (error) {
      this.db.close();
      throw new ShimLoadError(libraryPath, (error as Error).message);
    }
    const version = this.db.prepare('SELECT dst_io_version()').pluck().get();
    if (version !== SHIM_PROTOCOL_VERSION) {
      throw new ShimLoadError(
        libraryPath,
        `it speaks protocol ${version}, this binding ${SHIM_PROTOCOL_VERSION}`,
      );
    }
    const prepare = (sql: string): Statement => this.db.prepare(sql).pluck();
    this.sql = {
      record: prepare('SELECT dst_io_record(?, ?)'),
      unrecord: prepare('SELECT dst_io_unrecord(?)'),
      drain: prepare('SELECT dst_io_drain()'),
      arm: prepare('SELECT dst_io_arm(?, ?, ?, ?, ?, ?, ?)'),
      pending: prepare('SELECT dst_io_pending()'),
      disarm: prepare('SELECT dst_io_disarm()'),
      freeze: prepare('SELECT dst_io_freeze(?)'),
      crash: prepare('SELECT dst_io_crash()'),
      clearCrash: prepare('SELECT dst_io_clear_crash()'),
      reset: prepare('SELECT dst_io_reset()'),
    };
  }

  /** Logs every write, truncate, sync, delete, open and close on files under `folder`. */
  startRecording(folder: string, options: RecordingOptions = {}): void {
    const flags = RECORD_FLAG.on | (options.reads === true ? RECORD_FLAG.reads : 0);
    this.sql.record.get(folderPrefix(folder), flags);
  }

  stopRecording(folder: string): void {
    this.sql.unrecord.get(folderPrefix(folder));
  }

  /** The events since the last drain, oldest first; the log is then empty. */
  drain(): IoEvent[] {
    return decodeIoLog(this.sql.drain.get() as Buffer, this.files);
  }

  /** Arms a fault for the next matching call (after `skip` of them). */
  arm(fault: IoFault): void {
    const pending = this.pendingFaults();
    if (pending >= FAULTS_ARMED_MAX) {
      throw new FaultOptionError('armed faults', pending + 1, `at most ${FAULTS_ARMED_MAX} at once`);
    }
    const args = armArguments(fault);
    this.sql.arm.get(
      this.armFolderPrefix(fault.folder),
      args.kindMask,
      args.call,
      args.skip,
      args.action,
      args.seed,
      args.options,
    );
  }

  /** As folderPrefix, with the real path looked up once per folder (see realFolders). */
  private armFolderPrefix(folder: string): string {
    const known = this.realFolders.get(folder);
    if (known !== undefined) return known;
    if (this.realFolders.size >= REAL_FOLDERS_MAX) this.realFolders.clear();
    const prefix = folderPrefix(folder);
    this.realFolders.set(folder, prefix);
    return prefix;
  }

  /** Faults armed that have not fired yet. */
  pendingFaults(): number {
    return this.sql.pending.get() as number;
  }

  /** Drops every armed fault; returns how many there were. */
  disarmAll(): number {
    return this.sql.disarm.get() as number;
  }

  /**
   * A crash between two calls: freezes every file open under `folder`, so the connections
   * that hold them can never change them again (not even when they are closed or collected).
   * Returns how many files it froze.
   */
  freeze(folder: string): number {
    return this.sql.freeze.get(folderPrefix(folder)) as number;
  }

  /** Where the latest armed crash fired since the last reset, or null when none did. */
  crashState(): IoCrashReport | null {
    const record = this.sql.crash.get() as Buffer | null;
    if (record === null) return null;
    const event = decodeIoLog(record, new Map())[1];
    if (event?.type !== 'fault' || event.action !== 'crash') {
      throw new ShimLoadError(this.libraryPath, 'its crash record holds no crash');
    }
    return event as IoCrashReport;
  }

  /**
   * Forgets the latest crash, once the simulator has copied the frozen files and restarted;
   * recording and the armed faults go on. The frozen files stay frozen.
   */
  clearCrash(): void {
    this.sql.clearCrash.get();
  }

  /** Forgets the log, the recorded folders, the armed faults and the crash. Frozen files stay frozen. */
  reset(): void {
    this.sql.reset.get();
    this.files.clear();
  }
}

/** A folder as the shim compares it: its real path with a trailing separator. */
function folderPrefix(folder: string): string {
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    throw new FaultOptionError('folder', folder, 'an existing folder');
  }
  if (!statSync(real).isDirectory()) throw new FaultOptionError('folder', folder, 'a folder');
  return real.endsWith(sep) ? real : `${real}${sep}`;
}
