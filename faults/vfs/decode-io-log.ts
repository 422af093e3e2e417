/**
 * Decodes the shim's log (the layout is in faults/vfs/shim.h) into typed events. A file's id is
 * introduced once by a `file` record, so the decoder keeps a table of the files it has met,
 * which lives as long as the binding that drains the log. A closed file leaves the table.
 *
 * Left out: draining itself (IoShim.ts). A log that does not parse is a broken assumption and
 * throws; a log that dropped events throws too, since replaying it would mislead.
 */
import type { IoCall, IoEvent, IoFaultAction, IoFile, IoFileKind } from './io-events.ts';
import { IoLogFormatError, IoLogOverflowError } from './shim-errors.ts';
import {
  ACTION_CODE,
  CALL_CODE,
  EVENT_TYPE,
  FIELD,
  FILE_KIND_CODE,
  invert,
  LOG_HEADER_BYTES,
  LOG_MAGIC,
  RECORD_BYTES,
  RESULT_CODE_NAMES,
  SHIM_PROTOCOL_VERSION,
  SQLITE_SYNC_DATAONLY,
  SQLITE_SYNC_FULL,
} from './wire-format.ts';

const KINDS = invert(FILE_KIND_CODE);
const CALLS = invert(CALL_CODE);
const ACTIONS = invert(ACTION_CODE);

/** The files a decoder has met, by id. */
export type IoFileTable = Map<number, IoFile>;

function readInt64(blob: Buffer, at: number): number {
  return blob.readUInt32LE(at) + blob.readInt32LE(at + 4) * 2 ** 32;
}

function lookup<V>(table: ReadonlyMap<number, V>, code: number, what: string, at: number): V {
  const value = table.get(code);
  if (value === undefined) throw new IoLogFormatError(`unknown ${what} ${code}`, at);
  return value;
}

export function decodeIoLog(blob: Buffer, files: IoFileTable): IoEvent[] {
  if (blob.length < LOG_HEADER_BYTES || blob.readUInt32LE(0) !== LOG_MAGIC) {
    throw new IoLogFormatError('no log header', 0);
  }
  const version = blob.readUInt32LE(4);
  if (version !== SHIM_PROTOCOL_VERSION) {
    throw new IoLogFormatError(`protocol ${version}, expected ${SHIM_PROTOCOL_VERSION}`, 4);
  }
  const dropped = blob.readUInt32LE(8);
  if (dropped > 0) throw new IoLogOverflowError(dropped);
  const count = blob.readUInt32LE(12);
  const events: IoEvent[] = [];
  let at = LOG_HEADER_BYTES;
  for (let index = 0; index < count; index++) {
    if (at + RECORD_BYTES > blob.length) throw new IoLogFormatError(`record ${index} is cut short`, at);
    const pathBytes = blob.readUInt32LE(at + FIELD.pathBytes);
    const end = at + RECORD_BYTES + pathBytes;
    if (end > blob.length) throw new IoLogFormatError(`record ${index}'s path is cut short`, at);
    events.push(decodeRecord(blob, at, blob.toString('utf8', at + RECORD_BYTES, end), files));
    at = end;
  }
  if (at !== blob.length) throw new IoLogFormatError(`${blob.length - at} bytes after the last record`, at);
  return events;
}

function decodeRecord(blob: Buffer, at: number, path: string, files: IoFileTable): IoEvent {
  const type = blob[at + FIELD.type] as number;
  const kind = lookup(KINDS, blob[at + FIELD.kind] as number, 'file kind', at);
  const seq = blob.readUInt32LE(at + FIELD.seqLow) + blob.readUInt32LE(at + FIELD.seqHigh) * 2 ** 32;
  const offsetBytes = readInt64(blob, at + FIELD.offset);
  const lengthBytes = readInt64(blob, at + FIELD.length);
  const resultCode = blob.readInt32LE(at + FIELD.code);
  const flags = blob.readInt32LE(at + FIELD.flags);
  if (type === EVENT_TYPE.file) {
    const file: IoFile = { id: blob.readUInt32LE(at + FIELD.fileId), path, kind };
    files.set(file.id, file);
    return { type: 'file', seq, file, openFlags: flags };
  }
  if (type === EVENT_TYPE.delete) {
    return { type: 'delete', seq, path, kind: kind as IoFileKind, syncDir: flags !== 0, resultCode };
  }
  const file = files.get(blob.readUInt32LE(at + FIELD.fileId));
  if (file === undefined) throw new IoLogFormatError('an event names a file never introduced', at);
  switch (type) {
    case EVENT_TYPE.close:
      files.delete(file.id);
      return { type: 'close', seq, file };
    case EVENT_TYPE.read:
      return { type: 'read', seq, file, offsetBytes, lengthBytes, resultCode };
    case EVENT_TYPE.write:
      return { type: 'write', seq, file, offsetBytes, lengthBytes, resultCode };
    case EVENT_TYPE.truncate:
      return { type: 'truncate', seq, file, sizeBytes: offsetBytes, resultCode };
    case EVENT_TYPE.sync:
      return {
        type: 'sync',
        seq,
        file,
        full: (flags & 0x0f) === SQLITE_SYNC_FULL,
        dataOnly: (flags & SQLITE_SYNC_DATAONLY) !== 0,
        resultCode,
      };
    case EVENT_TYPE.fault:
      return decodeFault(blob, at, seq, file, offsetBytes, lengthBytes, resultCode);
    default:
      throw new IoLogFormatError(`unknown event type ${type}`, at);
  }
}

function decodeFault(
  blob: Buffer,
  at: number,
  seq: number,
  file: IoFile,
  offsetBytes: number,
  lengthBytes: number,
  resultCode: number,
): IoEvent {
  const call: IoCall = lookup(CALLS, blob[at + FIELD.call] as number, 'call', at);
  const action: IoFaultAction = lookup(ACTIONS, blob[at + FIELD.action] as number, 'fault action', at);
  const damageLength = blob.readInt32LE(at + FIELD.damageLength);
  return {
    type: 'fault',
    seq,
    file,
    call,
    action,
    offsetBytes,
    lengthBytes,
    landedBytes: readInt64(blob, at + FIELD.landed),
    damage:
      action === 'torn-read' && damageLength > 0
        ? { offsetBytes: readInt64(blob, at + FIELD.damageOffset), lengthBytes: damageLength }
        : null,
    code: RESULT_CODE_NAMES.get(resultCode) ?? `SQLITE_${resultCode}`,
    frozenFiles: blob.readUInt32LE(at + FIELD.frozenFiles),
  };
}
