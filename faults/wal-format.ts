/**
 * SQLite's WAL file format, read the way SQLite's own recovery reads it (walIndexRecover): a
 * 32-byte header, then frames of a 24-byte header plus one page. A frame is valid when its
 * salts match the header and its cumulative checksum matches; recovery keeps every frame up
 * to the last valid commit frame before the first invalid one. The disk uses this to know
 * which part of a WAL can still change (everything after the last commit) and to name the
 * recovery path a rebuilt WAL will take. It does not look at the wal-index (-shm) at all.
 */
export const WAL_HEADER_BYTES = 32;
export const WAL_FRAME_HEADER_BYTES = 24;
const WAL_MAGIC = 0x377f0682;
const WAL_VERSION = 3007000;

export interface WalHeader {
  /** The magic's low bit: checksums read words big-endian when set. */
  readonly bigEndianChecksum: boolean;
  readonly pageBytes: number;
  readonly checkpointSequence: number;
  readonly salt1: number;
  readonly salt2: number;
  readonly checksum1: number;
  readonly checksum2: number;
}

/** Where a scan of frames stopped, and the running checksum at the last commit frame. */
export interface WalScan {
  readonly frameBytes: number;
  /** Frames that recovery would keep: the last valid commit frame and all before it. */
  readonly committedFrames: number;
  /** Byte offset just past the last kept commit frame (32 when there is none). */
  readonly lastCommitEnd: number;
  /** The cumulative checksum at lastCommitEnd, to resume a scan there. */
  readonly checksum1: number;
  readonly checksum2: number;
  /** Whether the bytes right after the last commit belong to this WAL generation (salts match). */
  readonly tailMatchesSalts: boolean;
}

/**
 * - absent: no WAL, or an empty one;
 * - bad_header: SQLite ignores the whole WAL;
 * - no_valid_frame: a valid header but no valid commit frame;
 * - torn_tail: after the last commit come bytes of this WAL generation that recovery drops
 *   (a partial frame, never-written zeros, a frame failing its checksum, or valid frames
 *   never committed);
 * - stale_tail: after the last commit comes a whole frame of an older generation;
 * - clean_end: the file ends exactly at the last valid commit frame.
 */
export type WalRecoveryPath =
  | 'absent'
  | 'bad_header'
  | 'no_valid_frame'
  | 'torn_tail'
  | 'stale_tail'
  | 'clean_end';

export interface WalInspection {
  readonly path: WalRecoveryPath;
  readonly lengthBytes: number;
  readonly header: WalHeader | null;
  readonly scan: WalScan | null;
}

/** Reads a WAL header; null when SQLite would reject it and treat the WAL as empty. */
export function parseWalHeader(buf: Buffer): WalHeader | null {
  if (buf.length < WAL_HEADER_BYTES) return null;
  const magic = buf.readUInt32BE(0);
  if ((magic & 0xfffffffe) !== WAL_MAGIC) return null;
  if (buf.readUInt32BE(4) !== WAL_VERSION) return null;
  const pageBytes = buf.readUInt32BE(8);
  if (pageBytes < 512 || pageBytes > 65536 || (pageBytes & (pageBytes - 1)) !== 0) return null;
  const bigEndianChecksum = (magic & 1) === 1;
  const [sum1, sum2] = walChecksum(buf, 0, 24, bigEndianChecksum, 0, 0);
  const checksum1 = buf.readUInt32BE(24);
  const checksum2 = buf.readUInt32BE(28);
  if (sum1 !== checksum1 || sum2 !== checksum2) return null;
  return {
    bigEndianChecksum,
    pageBytes,
    checkpointSequence: buf.readUInt32BE(12),
    salt1: buf.readUInt32BE(16),
    salt2: buf.readUInt32BE(20),
    checksum1,
    checksum2,
  };
}

/**
 * SQLite's WAL checksum over buf[start, end) (a multiple of 8 bytes), continuing from
 * (s1, s2). Words are read in the byte order the magic names.
 */
export function walChecksum(
  buf: Buffer,
  start: number,
  end: number,
  bigEndian: boolean,
  s1: number,
  s2: number,
): [number, number] {
  let a = s1;
  let b = s2;
  const absolute = buf.byteOffset + start;
  if (!bigEndian && absolute % 4 === 0) {
    const words = new Uint32Array(buf.buffer, absolute, (end - start) / 4);
    for (let i = 0; i < words.length; i += 2) {
      a = (a + (words[i] as number) + b) >>> 0;
      b = (b + (words[i + 1] as number) + a) >>> 0;
    }
    return [a, b];
  }
  for (let offset = start; offset < end; offset += 8) {
    const x = bigEndian ? buf.readUInt32BE(offset) : buf.readUInt32LE(offset);
    const y = bigEndian ? buf.readUInt32BE(offset + 4) : buf.readUInt32LE(offset + 4);
    a = (a + x + b) >>> 0;
    b = (b + y + a) >>> 0;
  }
  return [a, b];
}

/**
 * Scans frames of `buf` (the WAL bytes from file offset `bufOffset`) starting at file offset
 * `from`, which must be a frame boundary with running checksum (s1, s2). Stops at the first
 * invalid or partial frame, exactly as recovery does, and returns the last commit reached.
 */
export function scanWalFrames(
  buf: Buffer,
  bufOffset: number,
  header: WalHeader,
  from: number,
  s1: number,
  s2: number,
): WalScan {
  const frameBytes = WAL_FRAME_HEADER_BYTES + header.pageBytes;
  let committedFrames = (from - WAL_HEADER_BYTES) / frameBytes;
  let lastCommitEnd = from;
  let commit = { s1, s2 };
  let running: [number, number] = [s1, s2];
  // Bounded by the buffer: every iteration consumes one whole frame.
  for (let offset = from; offset + frameBytes <= bufOffset + buf.length; offset += frameBytes) {
    const at = offset - bufOffset;
    const pageNumber = buf.readUInt32BE(at);
    const commitPages = buf.readUInt32BE(at + 4);
    if (pageNumber === 0) break;
    if (buf.readUInt32BE(at + 8) !== header.salt1 || buf.readUInt32BE(at + 12) !== header.salt2) break;
    running = walChecksum(buf, at, at + 8, header.bigEndianChecksum, running[0], running[1]);
    running = walChecksum(buf, at + 24, at + frameBytes, header.bigEndianChecksum, running[0], running[1]);
    if (running[0] !== buf.readUInt32BE(at + 16) || running[1] !== buf.readUInt32BE(at + 20)) break;
    if (commitPages !== 0) {
      lastCommitEnd = offset + frameBytes;
      committedFrames = (lastCommitEnd - WAL_HEADER_BYTES) / frameBytes;
      commit = { s1: running[0], s2: running[1] };
    }
  }
  const tailMatchesSalts = saltsMatchAt(buf, lastCommitEnd - bufOffset, header, frameBytes);
  return {
    frameBytes,
    committedFrames,
    lastCommitEnd,
    checksum1: commit.s1,
    checksum2: commit.s2,
    tailMatchesSalts,
  };
}

/**
 * Whether the frame starting at `at` looks like a damaged frame of this generation rather than
 * a whole frame of an older one: a partial frame, zero salts (never-written bytes) and this
 * header's salts all count as this generation.
 */
function saltsMatchAt(buf: Buffer, at: number, header: WalHeader, frameBytes: number): boolean {
  if (at >= buf.length) return false;
  if (at + frameBytes > buf.length) return true;
  const salt1 = buf.readUInt32BE(at + 8);
  const salt2 = buf.readUInt32BE(at + 12);
  if (salt1 === 0 && salt2 === 0) return true;
  return salt1 === header.salt1 && salt2 === header.salt2;
}

/** Names the recovery path SQLite will take on these WAL bytes (null: no WAL file). */
export function inspectWal(wal: Buffer | null): WalInspection {
  if (wal === null || wal.length === 0) {
    return { path: 'absent', lengthBytes: wal?.length ?? 0, header: null, scan: null };
  }
  const header = parseWalHeader(wal);
  if (header === null) return { path: 'bad_header', lengthBytes: wal.length, header, scan: null };
  const scan = scanWalFrames(wal, 0, header, WAL_HEADER_BYTES, header.checksum1, header.checksum2);
  let path: WalRecoveryPath;
  if (scan.committedFrames === 0) path = 'no_valid_frame';
  else if (scan.lastCommitEnd < wal.length) path = scan.tailMatchesSalts ? 'torn_tail' : 'stale_tail';
  else path = 'clean_end';
  return { path, lengthBytes: wal.length, header, scan };
}
