/**
 * Disk full and slow disk, the two faults that need no bytes moved:
 * - disk full lowers SQLite's max_page_count to (about) the pages in use, so the next write
 *   that needs a new page fails with SQLITE_FULL from SQLite itself; the world raises the
 *   limit again later (redlite's setMaxPageCount(null));
 * - slow disk is virtual latency: a seeded number of extra milliseconds the world adds to an
 *   op's completion time, which reorders what clients see without touching any byte.
 */
import { FaultOptionError } from './errors.ts';
import { FaultRng } from './FaultRng.ts';
import { probe } from './probe.ts';

/** Free pages left before SQLITE_FULL, at most; a little headroom lets a few writes pass first. */
export const DISK_FULL_HEADROOM_PAGES_MAX = 4;

/**
 * The max_page_count to set for a disk-full fault: the current page count plus a seeded
 * headroom of 0 to DISK_FULL_HEADROOM_PAGES_MAX pages. SQLite never sets it below the pages
 * in use, so the limit is always honoured as given.
 */
export function diskFullPageLimit(currentPages: number, seed: bigint): number {
  if (!Number.isSafeInteger(currentPages) || currentPages < 1) {
    throw new FaultOptionError('currentPages', currentPages, 'an integer >= 1');
  }
  probe('fault.disk_full');
  return currentPages + new FaultRng(seed).int(0, DISK_FULL_HEADROOM_PAGES_MAX);
}

/** Records that space came back after a disk-full fault (call it when lifting the limit). */
export function diskSpaceRestored(): void {
  probe('recovery.disk_space_restored');
}

/** A seeded extra latency in [1, latencyMsMax] milliseconds for one op on a slow disk. */
export function slowDiskLatencyMs(seed: bigint, latencyMsMax: number): number {
  if (!Number.isSafeInteger(latencyMsMax) || latencyMsMax < 1) {
    throw new FaultOptionError('latencyMsMax', latencyMsMax, 'an integer >= 1');
  }
  probe('fault.slow_disk');
  return new FaultRng(seed).int(1, latencyMsMax);
}
