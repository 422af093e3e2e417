/**
 * The parent's side of a batch's result journal: the file a worker appends each finished
 * seed's report to, one JSON line per seed, written synchronously before it starts the next
 * seed (worker.ts). Results travel this way so that the parent need not wake up for every
 * seed, yet loses none: whatever kills a worker, the results of the seeds it finished are in
 * the file, and the first seed of its batch without one is the seed that was running.
 *
 * The parent reads what is new when the worker says so (a notice over IPC, once per part of
 * its queue), when a seed's alarm goes off, and when the worker exits. Leaves out: when those
 * moments come (Sweep.ts) and what a report means (seed-outcome.ts).
 */
import { closeSync, openSync, readSync, unlinkSync, writeFileSync } from 'node:fs';
import type { SeedReport } from './protocol.ts';

const READ_CHUNK_BYTES = 64 * 1024;
/** One read buffer for every journal: the parent reads them one at a time. */
const readBuffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
/** Reads per call: a batch's journal holds at most a few hundred short lines. */
const READS_PER_CALL_MAX = 4096;
const NEWLINE = 0x0a;

export class JournalLineError extends Error {
  constructor(path: string, line: string) {
    super(`${path}: a result line that is not a seed report: ${JSON.stringify(line.slice(0, 200))}`);
    this.name = 'JournalLineError';
  }
}

export class ResultJournal {
  readonly path: string;
  /** Seeds of the batch whose reports are still to come. */
  private seedsLeft: number;
  private fd: number | null;
  private offsetBytes = 0;
  /** Bytes after the last complete line, kept until the rest of the line arrives. */
  private pending: Buffer = Buffer.alloc(0);

  /** Creates the empty file for a batch of `seeds` seeds, for the worker to append to. */
  constructor(path: string, seeds: number) {
    this.path = path;
    this.seedsLeft = seeds;
    writeFileSync(path, '');
    this.fd = openSync(path, 'r');
  }

  /** True once every seed of the batch has reported. */
  get complete(): boolean {
    return this.seedsLeft === 0;
  }

  /** The reports appended since the last call, in order. */
  readNew(): SeedReport[] {
    if (this.fd === null) return [];
    const chunks: Buffer[] = [this.pending];
    for (let reads = 0; reads < READS_PER_CALL_MAX; reads++) {
      const got = readSync(this.fd, readBuffer, 0, READ_CHUNK_BYTES, this.offsetBytes);
      if (got === 0) break;
      this.offsetBytes += got;
      chunks.push(Buffer.from(readBuffer.subarray(0, got)));
    }
    const bytes = chunks.length === 1 ? this.pending : Buffer.concat(chunks);
    const reports: SeedReport[] = [];
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      const line = bytes.toString('utf8', start, end);
      start = end + 1;
      reports.push(parseReport(this.path, line));
    }
    this.pending = bytes.subarray(start);
    this.seedsLeft -= reports.length;
    return reports;
  }

  /** Closes and deletes the file. Safe to call twice. */
  close(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    try {
      unlinkSync(this.path);
    } catch (error) {
      // The sweep removes the whole folder at the end; a journal already gone with it is fine.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

function parseReport(path: string, line: string): SeedReport {
  let report: unknown;
  try {
    report = JSON.parse(line);
  } catch {
    throw new JournalLineError(path, line);
  }
  const type = (report as { type?: unknown } | null)?.type;
  if (type !== 'result' && type !== 'error') throw new JournalLineError(path, line);
  return report as SeedReport;
}
