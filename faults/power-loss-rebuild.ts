/**
 * The byte-level heart of a power loss: given one file's platter bytes (durable) and page-cache
 * bytes (what the OS had), decide what the disk holds after the cut. Each sector where the two
 * differ was written since the last sync, and its fate is drawn from the event's randomness:
 * - dropped: the platter keeps the old bytes;
 * - kept: the new bytes reached the platter;
 * - torn: a prefix of the new bytes reached it and the old bytes remain after it;
 * - misdirected: the new bytes landed on another sector of the same file, and the intended
 *   sector keeps its old bytes.
 *
 * The file length is chosen consistently with those fates: a grown file keeps its old length
 * unless some appended sector survived (or, less often, the size update alone reached the
 * disk, leaving zeros, as on file systems that journal metadata ahead of data). A shrunk file
 * is either truncated or not. Bytes never written inside the new length read as zeros.
 *
 * It is a pure function of its inputs and the seed, which is what makes a rebuild replayable.
 */
import { FaultRng } from './FaultRng.ts';
import { diffSectors, SECTOR_BYTES, sectorCount } from './sectors.ts';

export interface SectorFateRates {
  /** Probability that an unsynced sector reaches the platter at all. */
  readonly keepProbability: number;
  /** Probability that a sector which reaches the platter arrives torn. */
  readonly tornProbability: number;
  /** Probability that a sector which reaches the platter lands at the wrong offset. */
  readonly misdirectedProbability: number;
}

export interface FileRebuildCounts {
  readonly sectorsUnsynced: number;
  readonly sectorsKept: number;
  readonly sectorsTorn: number;
  readonly sectorsDropped: number;
  readonly sectorsMisdirected: number;
}

export interface FileRebuild extends FileRebuildCounts {
  /** The rebuilt bytes, or null when the file does not exist after the cut. */
  readonly bytes: Buffer | null;
}

type Fate = 'dropped' | 'kept' | 'torn' | 'misdirected';

interface SectorDecision {
  readonly sector: number;
  fate: Fate;
  readonly splitBytes: number;
}

const EMPTY = Buffer.alloc(0);
/** How often the size update of a grown file lands when none of its new sectors did. */
const BARE_EXTENSION_PROBABILITY = 0.25;
/** How often a grown file whose new sectors partly landed gets its full new length. */
const FULL_EXTENSION_PROBABILITY = 0.5;
/** How often a shrink (truncation) since the last sync reached the disk. */
const TRUNCATION_PROBABILITY = 0.5;

export function rebuildFile(
  platter: Buffer | null,
  cache: Buffer | null,
  seed: bigint,
  rates: SectorFateRates,
): FileRebuild {
  const old = platter ?? EMPTY;
  const next = cache ?? EMPTY;
  const rng = new FaultRng(seed);
  const decisions = diffSectors(old, next, 0).runs.flatMap((run) =>
    Array.from({ length: run.sectorCount }, (_, i) => decide(run.firstSector + i, rng, rates)),
  );
  const lengthBytes = chooseLength(old.length, next.length, decisions, rng);
  for (const decision of decisions) {
    if (decision.fate !== 'dropped' && decision.sector * SECTOR_BYTES >= lengthBytes)
      decision.fate = 'dropped';
  }
  const out = Buffer.alloc(lengthBytes);
  old.copy(out, 0, 0, Math.min(old.length, lengthBytes));
  const misdirected: SectorDecision[] = [];
  for (const decision of decisions) {
    const start = decision.sector * SECTOR_BYTES;
    const end = Math.min(start + SECTOR_BYTES, next.length, lengthBytes);
    if (decision.fate === 'kept') next.copy(out, start, start, end);
    else if (decision.fate === 'torn')
      next.copy(out, start, start, Math.min(end, start + decision.splitBytes));
    else if (decision.fate === 'misdirected') misdirected.push(decision);
  }
  applyMisdirected(out, next, misdirected, new FaultRng(rng.childSeed(1)));
  const count = (fate: Fate): number => decisions.filter((decision) => decision.fate === fate).length;
  const exists = lengthBytes > 0 || (platter !== null && cache !== null);
  return {
    bytes: exists ? out : null,
    sectorsUnsynced: decisions.length,
    sectorsKept: count('kept'),
    sectorsTorn: count('torn'),
    sectorsDropped: count('dropped'),
    sectorsMisdirected: count('misdirected'),
  };
}

/** Four draws per sector whatever the outcome, so one sector's fate never shifts another's. */
function decide(sector: number, rng: FaultRng, rates: SectorFateRates): SectorDecision {
  const keep = rng.chance(rates.keepProbability);
  const torn = rng.chance(rates.tornProbability);
  const misdirect = rng.chance(rates.misdirectedProbability);
  const splitBytes = rng.int(1, SECTOR_BYTES - 1);
  let fate: Fate = 'dropped';
  if (keep) fate = misdirect ? 'misdirected' : torn ? 'torn' : 'kept';
  return { sector, fate, splitBytes };
}

function chooseLength(
  oldBytes: number,
  newBytes: number,
  decisions: SectorDecision[],
  rng: FaultRng,
): number {
  if (newBytes < oldBytes) return rng.chance(TRUNCATION_PROBABILITY) ? newBytes : oldBytes;
  let lastLandedEnd = oldBytes;
  for (const decision of decisions) {
    if (decision.fate !== 'kept' && decision.fate !== 'torn') continue;
    const end = Math.min((decision.sector + 1) * SECTOR_BYTES, newBytes);
    if (end > lastLandedEnd) lastLandedEnd = end;
  }
  if (lastLandedEnd > oldBytes) return rng.chance(FULL_EXTENSION_PROBABILITY) ? newBytes : lastLandedEnd;
  return rng.chance(BARE_EXTENSION_PROBABILITY) ? newBytes : oldBytes;
}

/** Writes each misdirected sector's new bytes over another sector of the rebuilt file. */
function applyMisdirected(out: Buffer, next: Buffer, decisions: SectorDecision[], rng: FaultRng): void {
  const sectors = sectorCount(out.length);
  for (const decision of decisions) {
    if (sectors < 2) {
      decision.fate = 'dropped';
      continue;
    }
    let target = rng.int(0, sectors - 2);
    if (target >= decision.sector) target += 1;
    const source = decision.sector * SECTOR_BYTES;
    const bytes = next.subarray(source, Math.min(source + SECTOR_BYTES, next.length));
    bytes.copy(out, target * SECTOR_BYTES, 0, Math.min(bytes.length, out.length - target * SECTOR_BYTES));
  }
}
