/**
 * Sectors: the unit in which the simulated disk diffs, loses and tears bytes. 512 bytes is the
 * classic atomic write unit of a disk; SQLite's pages and WAL frames span several sectors, and
 * WAL frames (page + 24 bytes) are not even aligned to them, which is what makes sector-level
 * loss interesting. This file compares byte ranges sector by sector; it knows nothing of files.
 */
export const SECTOR_BYTES = 512;
/** Blocks compared whole before looking at their sectors, so an unchanged region costs one compare. */
const BLOCK_BYTES = 64 * 1024;

/** A run of consecutive sectors [firstSector, firstSector + sectorCount). */
export interface SectorRun {
  readonly firstSector: number;
  readonly sectorCount: number;
}

export interface SectorDiff {
  readonly runs: SectorRun[];
  readonly sectorsCompared: number;
  readonly sectorsChanged: number;
}

export function sectorCount(lengthBytes: number): number {
  return Math.ceil(lengthBytes / SECTOR_BYTES);
}

export function sectorFloor(offsetBytes: number): number {
  return Math.floor(offsetBytes / SECTOR_BYTES) * SECTOR_BYTES;
}

/**
 * Compares `next` with `prev`, both holding file bytes from offset `startBytes` (sector
 * aligned), and returns the sectors of `next` that differ. A sector past the end of `prev`
 * counts as changed; bytes of `prev` past the end of `next` are a truncation, left to the
 * caller.
 */
export function diffSectors(prev: Buffer, next: Buffer, startBytes: number): SectorDiff {
  if (startBytes % SECTOR_BYTES !== 0) throw new RangeError(`diffSectors start ${startBytes} not aligned`);
  const runs: SectorRun[] = [];
  let sectorsChanged = 0;
  let runStart = -1;
  const firstSector = startBytes / SECTOR_BYTES;
  const closeRun = (endSector: number): void => {
    if (runStart < 0) return;
    runs.push({ firstSector: runStart, sectorCount: endSector - runStart });
    sectorsChanged += endSector - runStart;
    runStart = -1;
  };
  // Buffer#compare on ranges: the same comparison as equals on two subarrays, without making them.
  for (let block = 0; block < next.length; block += BLOCK_BYTES) {
    const blockEnd = Math.min(block + BLOCK_BYTES, next.length);
    if (blockEnd <= prev.length && next.compare(prev, block, blockEnd, block, blockEnd) === 0) {
      closeRun(firstSector + block / SECTOR_BYTES);
      continue;
    }
    for (let at = block; at < blockEnd; at += SECTOR_BYTES) {
      const end = Math.min(at + SECTOR_BYTES, next.length);
      const same = end <= prev.length && next.compare(prev, at, end, at, end) === 0;
      const sector = firstSector + at / SECTOR_BYTES;
      if (same) closeRun(sector);
      else if (runStart < 0) runStart = sector;
    }
  }
  closeRun(firstSector + sectorCount(next.length));
  return { runs, sectorsCompared: sectorCount(next.length), sectorsChanged };
}
