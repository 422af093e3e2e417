/**
 * Platter: the durable medium of one simulated disk, an in-memory store holding what would
 * survive a power cut. Files are flat names (the database and its WAL); the platter never
 * holds -shm, which is shared memory. Only the disk writes here: at sync points, when a
 * rebuild makes the surviving bytes durable, and when bit rot flips a sector.
 *
 * Each file is one growable buffer (its capacity doubles, so appending WAL frames costs no
 * copy of the whole file) and a length. It used to be a memfs volume; a sync opened, read,
 * wrote and closed files on it several times over, and that churn was a fifth of every sync.
 */

interface PlatterFile {
  /** The bytes, with spare capacity beyond `lengthBytes` (whose contents mean nothing). */
  bytes: Buffer;
  lengthBytes: number;
}

/** A new file's first capacity, so that small files do not grow byte by byte. */
const CAPACITY_MIN_BYTES = 64 * 1024;
const EMPTY = Buffer.alloc(0);

export class Platter {
  private readonly files = new Map<string, PlatterFile>();

  /** The file's length, or null when the platter has no such file. */
  size(name: string): number | null {
    return this.files.get(name)?.lengthBytes ?? null;
  }

  /** A copy of the whole file, or null when absent. */
  read(name: string): Buffer | null {
    const file = this.files.get(name);
    if (file === undefined) return null;
    return Buffer.from(file.bytes.subarray(0, file.lengthBytes));
  }

  /** A copy of bytes [start, end) clipped to the file; empty when the file is absent or shorter. */
  readRange(name: string, start: number, end: number): Buffer {
    return Buffer.from(this.view(name, start, end));
  }

  /**
   * Bytes [start, end) clipped to the file, without a copy, for a sync's comparison, which
   * reads them before writing anything. The view is only good until the next write.
   */
  view(name: string, start: number, end: number): Buffer {
    const file = this.files.get(name);
    if (file === undefined || start >= file.lengthBytes) return EMPTY;
    return file.bytes.subarray(start, Math.min(end, file.lengthBytes));
  }

  /**
   * Writes `chunks` (each at its file offset) and sets the length to `lengthBytes`. Bytes
   * between the old end and a write further on read as zeros, as in a sparse file.
   */
  writeChunks(name: string, chunks: readonly { offset: number; bytes: Buffer }[], lengthBytes: number): void {
    let file = this.files.get(name);
    if (file === undefined) {
      file = { bytes: EMPTY, lengthBytes: 0 };
      this.files.set(name, file);
    }
    let endBytes = lengthBytes;
    for (const chunk of chunks) endBytes = Math.max(endBytes, chunk.offset + chunk.bytes.length);
    if (endBytes > file.bytes.length) file.bytes = grown(file, endBytes);
    if (endBytes > file.lengthBytes) file.bytes.fill(0, file.lengthBytes, endBytes);
    for (const chunk of chunks) chunk.bytes.copy(file.bytes, chunk.offset);
    file.lengthBytes = lengthBytes;
  }

  /** Replaces the whole file with a copy of `bytes`. */
  write(name: string, bytes: Buffer): void {
    const copy = Buffer.alloc(Math.max(bytes.length, CAPACITY_MIN_BYTES));
    bytes.copy(copy);
    this.files.set(name, { bytes: copy, lengthBytes: bytes.length });
  }

  remove(name: string): void {
    this.files.delete(name);
  }
}

/** A larger buffer holding the file's bytes: at least double, so growth costs amortized O(1). */
function grown(file: PlatterFile, endBytes: number): Buffer {
  const capacity = Math.max(endBytes, file.bytes.length * 2, CAPACITY_MIN_BYTES);
  const bytes = Buffer.alloc(capacity);
  file.bytes.copy(bytes, 0, 0, file.lengthBytes);
  return bytes;
}
