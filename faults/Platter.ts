/**
 * Platter: the durable medium of one simulated disk, a memfs volume holding what would survive
 * a power cut. Files are flat names (the database and its WAL); the platter never holds -shm,
 * which is shared memory. Only the disk writes here: at sync points, when a rebuild makes the
 * surviving bytes durable, and when bit rot flips a sector.
 */
import { Volume } from 'memfs';

export class Platter {
  private readonly volume = new Volume();
  /** Each file's length, kept here so that the hot path of a sync never stats the volume. */
  private readonly sizes = new Map<string, number>();

  private path(name: string): string {
    return `/${name}`;
  }

  /** The file's length, or null when the platter has no such file. */
  size(name: string): number | null {
    return this.sizes.get(name) ?? null;
  }

  /** The whole file, or null when absent. */
  read(name: string): Buffer | null {
    if (!this.sizes.has(name)) return null;
    return this.volume.readFileSync(this.path(name)) as Buffer;
  }

  /** Bytes [start, end) clipped to the file; empty when the file is absent or shorter. */
  readRange(name: string, start: number, end: number): Buffer {
    const size = this.size(name);
    if (size === null || start >= size) return Buffer.alloc(0);
    const length = Math.min(end, size) - start;
    const out = Buffer.alloc(length);
    const fd = this.volume.openSync(this.path(name), 'r');
    try {
      this.volume.readSync(fd, out, 0, length, start);
    } finally {
      this.volume.closeSync(fd);
    }
    return out;
  }

  /**
   * Bytes [start, end) clipped to the file, for a sync's comparison, which reads them before
   * writing anything. With a memfs volume this is a copy, like readRange.
   */
  view(name: string, start: number, end: number): Buffer {
    return this.readRange(name, start, end);
  }

  /** Writes `chunks` (each at its file offset) and sets the length to `lengthBytes`. */
  writeChunks(name: string, chunks: readonly { offset: number; bytes: Buffer }[], lengthBytes: number): void {
    const fd = this.volume.openSync(this.path(name), this.sizes.has(name) ? 'r+' : 'w+');
    try {
      for (const chunk of chunks) this.volume.writeSync(fd, chunk.bytes, 0, chunk.bytes.length, chunk.offset);
      if (this.sizes.get(name) !== lengthBytes) this.volume.ftruncateSync(fd, lengthBytes);
    } finally {
      this.volume.closeSync(fd);
    }
    this.sizes.set(name, lengthBytes);
  }

  /** Replaces the whole file. */
  write(name: string, bytes: Buffer): void {
    this.volume.writeFileSync(this.path(name), bytes);
    this.sizes.set(name, bytes.length);
  }

  remove(name: string): void {
    if (!this.sizes.has(name)) return;
    this.volume.unlinkSync(this.path(name));
    this.sizes.delete(name);
  }
}
