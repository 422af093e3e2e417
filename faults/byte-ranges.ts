/**
 * ByteRanges: a set of byte offsets kept as sorted, disjoint, non-adjacent half-open runs
 * [start, end). The simulated disk uses it for what SQLite wrote to a file since that file's
 * last sync, as the I/O shim reported it (docs/architecture.md, storage model).
 *
 * Left out: the bytes themselves (they stay in the page-cache files, or in DirtyBytes).
 */

export interface ByteRun {
  readonly start: number;
  readonly end: number;
}

export class ByteRanges {
  private runs: ByteRun[] = [];

  get isEmpty(): boolean {
    return this.runs.length === 0;
  }

  /** The runs, in order; a copy the caller may keep. */
  list(): ByteRun[] {
    return [...this.runs];
  }

  /** Total bytes in the set. */
  get sizeBytes(): number {
    return this.runs.reduce((sum, run) => sum + run.end - run.start, 0);
  }

  add(start: number, end: number): void {
    if (end <= start) return;
    const kept: ByteRun[] = [];
    let from = start;
    let to = end;
    for (const run of this.runs) {
      if (run.end < from || run.start > to) {
        kept.push(run);
        continue;
      }
      from = Math.min(from, run.start);
      to = Math.max(to, run.end);
    }
    kept.push({ start: from, end: to });
    kept.sort((a, b) => a.start - b.start);
    this.runs = kept;
  }

  addAll(other: ByteRanges): void {
    for (const run of other.runs) this.add(run.start, run.end);
  }

  /** Removes [start, end) from the set. */
  remove(start: number, end: number): void {
    if (end <= start) return;
    const kept: ByteRun[] = [];
    for (const run of this.runs) {
      if (run.end <= start || run.start >= end) {
        kept.push(run);
        continue;
      }
      if (run.start < start) kept.push({ start: run.start, end: start });
      if (run.end > end) kept.push({ start: end, end: run.end });
    }
    this.runs = kept;
  }

  /** Drops every byte at or beyond `sizeBytes` (a truncate). */
  clip(sizeBytes: number): void {
    this.remove(sizeBytes, Number.MAX_SAFE_INTEGER);
  }

  clear(): void {
    this.runs = [];
  }

  /** The part of this set inside `other`, as a new set. */
  intersect(other: ByteRanges): ByteRanges {
    const out = new ByteRanges();
    for (const a of this.runs) {
      for (const b of other.runs) {
        const start = Math.max(a.start, b.start);
        const end = Math.min(a.end, b.end);
        if (start < end) out.add(start, end);
      }
    }
    return out;
  }

  /** The part of this set outside `other`, as a new set. */
  minus(other: ByteRanges): ByteRanges {
    const out = new ByteRanges();
    out.runs = [...this.runs];
    for (const run of other.runs) out.remove(run.start, run.end);
    return out;
  }

  copy(): ByteRanges {
    const out = new ByteRanges();
    out.runs = [...this.runs];
    return out;
  }
}
