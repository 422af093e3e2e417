/**
 * What the I/O shim reports: one typed event per SQLite call it saw on a recorded file, in
 * call order, each with a sequence number that only grows. The events say what was written
 * where and what was synced; the bytes themselves stay in the real files.
 *
 * Left out: the armed-fault specification (io-faults.ts) and the wire codes (wire-format.ts).
 */

/** How SQLite opened a file, or (for a delete) what its name says it is. */
export type IoFileKind = 'db' | 'wal' | 'journal' | 'super-journal' | 'temp' | 'shm' | 'other';

/** The calls a fault can replace. */
export type IoCall = 'read' | 'write' | 'truncate' | 'sync';

export type IoFaultAction = 'eio' | 'short-write' | 'enospc' | 'torn-read' | 'crash';

export const IO_FILE_KINDS: readonly IoFileKind[] = [
  'db',
  'wal',
  'journal',
  'super-journal',
  'temp',
  'shm',
  'other',
];
export const IO_CALLS: readonly IoCall[] = ['read', 'write', 'truncate', 'sync'];

/** An open file: its id is unique in the process and never reused. */
export interface IoFile {
  readonly id: number;
  readonly path: string;
  readonly kind: IoFileKind;
}

interface EventBase {
  /** Grows by one per logged event, across the whole process. */
  readonly seq: number;
}

/** Introduces a file: when it opens under a recorded folder, or at its first logged call. */
export interface IoFileEvent extends EventBase {
  readonly type: 'file';
  readonly file: IoFile;
  /** SQLite's open flags (SQLITE_OPEN_*). */
  readonly openFlags: number;
}

export interface IoCloseEvent extends EventBase {
  readonly type: 'close';
  readonly file: IoFile;
}

/** Only when the folder records reads (off by default: reads are many and change nothing). */
export interface IoReadEvent extends EventBase {
  readonly type: 'read';
  readonly file: IoFile;
  readonly offsetBytes: number;
  readonly lengthBytes: number;
  readonly resultCode: number;
}

export interface IoWriteEvent extends EventBase {
  readonly type: 'write';
  readonly file: IoFile;
  readonly offsetBytes: number;
  readonly lengthBytes: number;
  readonly resultCode: number;
}

export interface IoTruncateEvent extends EventBase {
  readonly type: 'truncate';
  readonly file: IoFile;
  readonly sizeBytes: number;
  readonly resultCode: number;
}

export interface IoSyncEvent extends EventBase {
  readonly type: 'sync';
  readonly file: IoFile;
  /** SQLITE_SYNC_FULL rather than NORMAL (both are one fsync on Linux). */
  readonly full: boolean;
  /** SQLITE_SYNC_DATAONLY: the file's size did not change since its last sync. */
  readonly dataOnly: boolean;
  readonly resultCode: number;
}

/** A deleted path: it need not be open, so it carries its own path and kind. */
export interface IoDeleteEvent extends EventBase {
  readonly type: 'delete';
  readonly path: string;
  readonly kind: IoFileKind;
  readonly syncDir: boolean;
  readonly resultCode: number;
}

/**
 * An injected fault, logged in place of the call it replaced (after the write of whatever
 * part of a write landed). For a failed sync nothing was synced: the simulator drops the
 * file's unsynced bytes, as Linux does after a failed fsync.
 */
export interface IoFaultEvent extends EventBase {
  readonly type: 'fault';
  readonly file: IoFile;
  readonly call: IoCall;
  readonly action: IoFaultAction;
  /** The call's offset; for a truncate, the size it asked for; 0 for a sync. */
  readonly offsetBytes: number;
  /** The call's length; 0 for a truncate or a sync. */
  readonly lengthBytes: number;
  /** How many bytes of a faulted write reached the file, from its start. */
  readonly landedBytes: number;
  /** The bytes a torn read damaged, in file offsets; null for other faults. */
  readonly damage: { readonly offsetBytes: number; readonly lengthBytes: number } | null;
  /** The SQLite result code the call returned, by name, e.g. SQLITE_IOERR_FSYNC. */
  readonly code: string;
  /** For a crash: how many open files it froze. */
  readonly frozenFiles: number;
}

export type IoEvent =
  | IoFileEvent
  | IoCloseEvent
  | IoReadEvent
  | IoWriteEvent
  | IoTruncateEvent
  | IoSyncEvent
  | IoDeleteEvent
  | IoFaultEvent;

/** Where a crash fired: the fault event of the call that never (or only partly) happened. */
export type IoCrashReport = IoFaultEvent & { readonly action: 'crash' };
