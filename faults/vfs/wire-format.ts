/**
 * The numbers the C shim and this binding share (faults/vfs/shim.h): the protocol version,
 * the log's layout, and the codes for event types, file kinds, fault actions and options.
 * Both sides change together; the protocol version catches a library built from older C.
 *
 * Left out: decoding (decode-io-log.ts) and the public names of these codes (io-events.ts).
 */
import type { IoCall, IoFaultAction, IoFileKind } from './io-events.ts';

export const SHIM_PROTOCOL_VERSION = 1;
export const LOG_MAGIC = 0x4c545344;
export const LOG_HEADER_BYTES = 16;
export const RECORD_BYTES = 72;

/** Byte offsets inside one record. */
export const FIELD = {
  type: 0,
  kind: 1,
  action: 2,
  call: 3,
  fileId: 4,
  seqLow: 8,
  seqHigh: 12,
  offset: 16,
  length: 24,
  landed: 32,
  damageOffset: 40,
  damageLength: 48,
  code: 52,
  flags: 56,
  frozenFiles: 60,
  pathBytes: 64,
} as const;

export const EVENT_TYPE = {
  file: 1,
  close: 2,
  read: 3,
  write: 4,
  truncate: 5,
  sync: 6,
  delete: 7,
  fault: 8,
} as const;

/** A fault's call kind is the number of the event it would have been. */
export const CALL_CODE: Readonly<Record<IoCall, number>> = {
  read: EVENT_TYPE.read,
  write: EVENT_TYPE.write,
  truncate: EVENT_TYPE.truncate,
  sync: EVENT_TYPE.sync,
};

export const FILE_KIND_CODE: Readonly<Record<IoFileKind, number>> = {
  other: 0,
  db: 1,
  wal: 2,
  journal: 3,
  'super-journal': 4,
  temp: 5,
  shm: 6,
};

export const ACTION_CODE: Readonly<Record<IoFaultAction, number>> = {
  eio: 1,
  'short-write': 2,
  enospc: 3,
  'torn-read': 4,
  crash: 5,
};

export const FAULT_OPTION = {
  shortWriteEnospc: 1,
  tornFlip: 2,
  crashWritePrefix: 4,
} as const;

export const RECORD_FLAG = {
  on: 1,
  reads: 2,
} as const;

/** SQLite's sync flags (sqlite3.h). */
export const SQLITE_SYNC_FULL = 0x03;
export const SQLITE_SYNC_DATAONLY = 0x10;

/** The result codes the shim returns for faults, by name (sqlite3.h). */
export const RESULT_CODE_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'SQLITE_OK'],
  [13, 'SQLITE_FULL'],
  [10, 'SQLITE_IOERR'],
  [266, 'SQLITE_IOERR_READ'],
  [522, 'SQLITE_IOERR_SHORT_READ'],
  [778, 'SQLITE_IOERR_WRITE'],
  [1034, 'SQLITE_IOERR_FSYNC'],
  [1546, 'SQLITE_IOERR_TRUNCATE'],
]);

/** Inverts one of the code tables above, for decoding. */
export function invert<K extends string>(table: Readonly<Record<K, number>>): ReadonlyMap<number, K> {
  return new Map(Object.entries(table).map(([name, code]) => [code as number, name as K]));
}
