/**
 * How many frames the WAL holds right now, read from the wal-index header at the start of the
 * `-shm` file: `mxFrame` is a u32 in native byte order at byte 16 of the WalIndexHdr. Reading
 * four bytes after each commit is far cheaper than any SQL, and exact: it is the very number
 * SQLite's own auto-checkpoint compares with its threshold.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

const MX_FRAME_OFFSET = 16;
const littleEndian = endianness() === 'LE';

export class WalFrameCounter {
  private readonly shmPath: string;
  private fd: number | null = null;
  private readonly buffer = Buffer.alloc(4);

  constructor(databasePath: string) {
    this.shmPath = `${databasePath}-shm`;
  }

  /** The WAL's frame count, or 0 when the -shm file is not there (yet). */
  frames(): number {
    if (this.fd === null) {
      try {
        this.fd = openSync(this.shmPath, 'r');
      } catch {
        return 0;
      }
    }
    const read = readSync(this.fd, this.buffer, 0, 4, MX_FRAME_OFFSET);
    if (read < 4) return 0;
    return littleEndian ? this.buffer.readUInt32LE(0) : this.buffer.readUInt32BE(0);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
