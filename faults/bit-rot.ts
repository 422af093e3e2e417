/**
 * Bit rot: a latent sector error that flips a few bits of one platter sector. The sector is
 * chosen where it matters: inside the cells of a b-tree page other than page 1 (rows and index
 * entries; page 1 holds the header and the schema, whose loss would make every key unreadable
 * rather than a few), or inside a WAL frame that recovery would replay. SQLite keeps no page checksums, so rot in a database
 * page may surface as an SQLite error or as silently different bytes; rot in a WAL frame breaks
 * its checksum, and recovery then stops before that frame. This file is pure: it picks and
 * flips; the disk decides where the bytes live.
 */
import { FaultRng } from './FaultRng.ts';
import { SECTOR_BYTES } from './sectors.ts';
import { inspectWal, WAL_FRAME_HEADER_BYTES, WAL_HEADER_BYTES } from './wal-format.ts';

export type RotTargetFile = 'db' | 'wal';

export interface BitRotChoice {
  readonly file: RotTargetFile;
  /** Index of the rotted sector in the file. */
  readonly sector: number;
  /** Absolute bit positions flipped (byte offset * 8 + bit). */
  readonly bitOffsets: readonly number[];
  /** The SQLite page held by the rotted bytes (for the WAL: the frame's page). */
  readonly pageNumber: number;
  /** For the WAL: the index of the rotted frame, from 0. */
  readonly frameIndex: number | null;
}

interface ByteRange {
  readonly file: RotTargetFile;
  readonly start: number;
  readonly end: number;
  readonly pageBytes: number;
}

const FLIPPED_BITS_MAX = 3;

/** The database's page size and page count, read from its header as SQLite would. */
export function databaseGeometry(db: Buffer): { pageBytes: number; pageCount: number } | null {
  if (db.length < 100 || db.toString('latin1', 0, 15) !== 'SQLite format 3') return null;
  const raw = db.readUInt16BE(16);
  const pageBytes = raw === 1 ? 65536 : raw;
  if (pageBytes < 512 || (pageBytes & (pageBytes - 1)) !== 0) return null;
  const headerCountValid = db.readUInt32BE(92) === db.readUInt32BE(24) && db.readUInt32BE(28) > 0;
  const filePages = Math.floor(db.length / pageBytes);
  const pageCount = headerCountValid ? Math.min(db.readUInt32BE(28), filePages) : filePages;
  return { pageBytes, pageCount };
}

/** SQLite's b-tree page types: interior and leaf, of index and of table b-trees. */
const BTREE_PAGE_TYPES: ReadonlySet<number> = new Set([0x02, 0x05, 0x0a, 0x0d]);

/**
 * The cell content area of every b-tree page after page 1: where rows and index entries live.
 * Free pages, overflow pages and a page's unallocated middle hold nothing a read would notice,
 * so rot there would test nothing. The area runs from the offset in the page header (bytes 5-6,
 * where 0 means 65536) to the end of the page.
 */
function cellRanges(db: Buffer, pageBytes: number, pageCount: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let page = 2; page <= pageCount; page++) {
    const start = (page - 1) * pageBytes;
    if (start + 8 > db.length || !BTREE_PAGE_TYPES.has(db[start] as number)) continue;
    const contentOffset = db.readUInt16BE(start + 5) || 65536;
    if (contentOffset >= pageBytes) continue;
    ranges.push({ file: 'db', start: start + contentOffset, end: start + pageBytes, pageBytes });
  }
  return ranges;
}

function candidateRanges(db: Buffer | null, wal: Buffer | null): ByteRange[] {
  const ranges: ByteRange[] = [];
  const geometry = db === null ? null : databaseGeometry(db);
  if (db !== null && geometry !== null && geometry.pageCount >= 2) {
    const { pageBytes, pageCount } = geometry;
    const cells = cellRanges(db, pageBytes, pageCount);
    // A database whose pages hold no cells yet (all freed) still rots somewhere.
    ranges.push(
      ...(cells.length > 0
        ? cells
        : [{ file: 'db' as const, start: pageBytes, end: pageCount * pageBytes, pageBytes }]),
    );
  }
  const { header, scan } = inspectWal(wal);
  if (header !== null && scan !== null && scan.committedFrames > 0) {
    ranges.push({
      file: 'wal',
      start: WAL_HEADER_BYTES,
      end: scan.lastCommitEnd,
      pageBytes: header.pageBytes,
    });
  }
  return ranges;
}

/** Picks a sector that matters and the bits to flip; null when neither file has one. */
export function chooseBitRot(
  db: Buffer | null,
  wal: Buffer | null,
  seed: bigint,
  only: RotTargetFile | null,
): BitRotChoice | null {
  const rng = new FaultRng(seed);
  const ranges = candidateRanges(db, wal).filter((range) => only === null || range.file === only);
  if (ranges.length === 0) return null;
  // First the file (each present file equally likely), then a range of it, so that a database
  // with many pages does not crowd the WAL out.
  const files = [...new Set(ranges.map((candidate) => candidate.file))];
  const file = files[rng.int(0, files.length - 1)];
  const ofFile = ranges.filter((candidate) => candidate.file === file);
  const range = ofFile[rng.int(0, ofFile.length - 1)];
  if (range === undefined) return null;
  const firstSector = Math.floor(range.start / SECTOR_BYTES);
  const lastSector = Math.floor((range.end - 1) / SECTOR_BYTES);
  const sector = rng.int(firstSector, lastSector);
  const low = Math.max(range.start, sector * SECTOR_BYTES);
  const high = Math.min(range.end, (sector + 1) * SECTOR_BYTES);
  const bitOffsets = new Set<number>();
  const flips = rng.int(1, FLIPPED_BITS_MAX);
  for (let i = 0; i < flips; i++) bitOffsets.add(rng.int(low * 8, high * 8 - 1));
  const sorted = [...bitOffsets].sort((a, b) => a - b);
  const firstByte = Math.floor((sorted[0] as number) / 8);
  if (range.file === 'db') {
    const pageNumber = Math.floor(firstByte / range.pageBytes) + 1;
    return { file: 'db', sector, bitOffsets: sorted, pageNumber, frameIndex: null };
  }
  const frameBytes = range.pageBytes + WAL_FRAME_HEADER_BYTES;
  const frameIndex = Math.floor((firstByte - WAL_HEADER_BYTES) / frameBytes);
  const pageNumber = (wal as Buffer).readUInt32BE(WAL_HEADER_BYTES + frameIndex * frameBytes);
  return { file: 'wal', sector, bitOffsets: sorted, pageNumber, frameIndex };
}

/** Flips the chosen bits in place. */
export function flipBits(bytes: Buffer, bitOffsets: readonly number[]): void {
  for (const bit of bitOffsets) {
    const at = Math.floor(bit / 8);
    bytes[at] = (bytes[at] as number) ^ (1 << (bit % 8));
  }
}
