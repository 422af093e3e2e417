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
  const sums = new Checksum(buf, bigEndian, s1, s2);
  sums.add(start, end);
  return [sums.s1, sums.s2];
}

/**
 * A running WAL checksum over one buffer. Scanning a WAL adds two ranges per frame, so the
 * little-endian fast path reads words through one Uint32Array view of the buffer, made once,
 * rather than a view and a result pair per range.
 */
class Checksum {
  s1: number;
  s2: number;
  private readonly buf: Buffer;
  private readonly bigEndian: boolean;
  /** The buffer as native words, when they are the checksum's words: little-endian and aligned. */
  private readonly words: Uint32Array | null;

  constructor(buf: Buffer, bigEndian: boolean, s1: number, s2: number) {
    this.buf = buf;
    this.bigEndian = bigEndian;
    this.s1 = s1;
    this.s2 = s2;
    const aligned = !bigEndian && NATIVE_LITTLE_ENDIAN && buf.byteOffset % 4 === 0;
    this.words = aligned ? new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2) : null;
  }

  /** Adds buf[start, end), a multiple of 8 bytes. */
  add(start: number, end: number): void {
    let a = this.s1;
    let b = this.s2;
    const words = this.words;
    if (words !== null && start % 4 === 0) {
      for (let i = start >>> 2, last = end >>> 2; i < last; i += 2) {
        a = (a + (words[i] as number) + b) >>> 0;
        b = (b + (words[i + 1] as number) + a) >>> 0;
      }
    } else {
      const buf = this.buf;
      for (let offset = start; offset < end; offset += 8) {
        const x = this.bigEndian ? buf.readUInt32BE(offset) : buf.readUInt32LE(offset);
        const y = this.bigEndian ? buf.readUInt32BE(offset + 4) : buf.readUInt32LE(offset + 4);
        a = (a + x + b) >>> 0;
        b = (b + y + a) >>> 0;
      }
    }
    this.s1 = a;
    this.s2 = b;
  }
}

const NATIVE_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

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
  let commit1 = s1;
  let commit2 = s2;
  const running = new Checksum(buf, header.bigEndianChecksum, s1, s2);
  // Bounded by the buffer: every iteration consumes one whole frame.
  for (let offset = from; offset + frameBytes <= bufOffset + buf.length; offset += frameBytes) {
    const at = offset - bufOffset;
    const pageNumber = buf.readUInt32BE(at);
    const commitPages = buf.readUInt32BE(at + 4);
    if (pageNumber === 0) break;
    if (buf.readUInt32BE(at + 8) !== header.salt1 || buf.readUInt32BE(at + 12) !== header.salt2) break;
    running.add(at, at + 8);
    running.add(at + 24, at + frameBytes);
    if (running.s1 !== buf.readUInt32BE(at + 16) || running.s2 !== buf.readUInt32BE(at + 20)) break;
    if (commitPages !== 0) {
      lastCommitEnd = offset + frameBytes;
      committedFrames = (lastCommitEnd - WAL_HEADER_BYTES) / frameBytes;
      commit1 = running.s1;
      commit2 = running.s2;
    }
  }
  const tailMatchesSalts = saltsMatchAt(buf, lastCommitEnd - bufOffset, header, frameBytes);
  return {
    frameBytes,
    committedFrames,
    lastCommitEnd,
    checksum1: commit1,
    checksum2: commit2,
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
