/**
 * Writing and reading trace files. The reader validates every line and throws a named error
 * (TraceFormatError with the line number, or TraceVersionError for a newer format) so replay
 * can refuse a bad file with one clear message. Events must come in the order they ran
 * (indexes rising, virtual time never going back). When the outcome line carries a trace
 * hash, the reader recomputes it from the events and rejects a file whose events were altered.
 *
 * A trace is written whole (`writeTrace`) or as the run goes (`TraceFileWriter`), so a long
 * run need not keep its events in memory. Either way a failed write is an OutputWriteError
 * naming the file; the streaming writer keeps it until the run ends, so the run's report is
 * printed before the error.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { WorldConfig } from '../config/WorldConfig.ts';
import type { SimEvent } from '../events.ts';
import { FormatVersionError, LineFormatError } from '../format-errors.ts';
import {
  ensureParentFolder,
  type OutputWriteError,
  outputWriteError,
  writeOutputFile,
} from '../output-file.ts';
import {
  eventLine,
  parseEventRecord,
  TRACE_FORMAT,
  TRACE_VERSION,
  type TracedEvent,
  type TraceHeader,
  type TraceOutcome,
} from './format.ts';
import { hashTrace, type TraceRecorder } from './TraceRecorder.ts';
import { toolInfo } from './tool-info.ts';

export class TraceFormatError extends LineFormatError {
  constructor(lineNumber: number, reason: string) {
    super('trace', lineNumber, reason);
    this.name = 'TraceFormatError';
  }
}

export class TraceVersionError extends FormatVersionError {
  constructor(version: unknown) {
    super('trace', version, TRACE_VERSION);
    this.name = 'TraceVersionError';
  }
}

export interface ParsedTrace {
  readonly header: TraceHeader;
  readonly events: TracedEvent[];
  /** Null when the run stopped before writing its outcome. */
  readonly outcome: TraceOutcome | null;
}

/** The header line of a trace of `config`, with this tool's provenance. */
export function headerLine(config: WorldConfig): string {
  const info = toolInfo();
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    seed: config.seed,
    config,
    tool: info.tool,
    node: info.node,
    sqlite: info.sqlite,
  };
  return JSON.stringify(header);
}

export function traceText(recorder: TraceRecorder, outcome: TraceOutcome): string {
  const lines = [headerLine(recorder.config), ...recorder.eventLines(), JSON.stringify(outcome)];
  return lines.join('\n') + '\n';
}

/** Writes a whole trace, creating missing folders; throws OutputWriteError. */
export function writeTrace(path: string, recorder: TraceRecorder, outcome: TraceOutcome): void {
  writeOutputFile(path, traceText(recorder, outcome), 'trace');
}

/** Characters gathered before one write: one system call per event would cost more than the run. */
const WRITE_BATCH_CHARS = 64 * 1024;

/**
 * A trace file written as the run goes: the header at once, event lines in batches, the
 * outcome at the end. The first failed write is kept (and later writes skipped) rather than
 * thrown, so the run goes on and its report comes first; `finish` returns the error.
 */
export class TraceFileWriter {
  readonly path: string;
  private fd: number | null = null;
  private pending = '';
  private error: OutputWriteError | null = null;

  constructor(path: string, config: WorldConfig) {
    this.path = path;
    try {
      ensureParentFolder(path, 'trace');
      this.fd = openSync(path, 'w');
    } catch (error) {
      this.error = outputWriteError('trace', path, error);
      return;
    }
    this.pending = `${headerLine(config)}\n`;
  }

  event(traced: TracedEvent): void {
    if (this.fd === null) return;
    this.pending += `${eventLine(traced.event, traced.reply, traced.woken)}\n`;
    if (this.pending.length >= WRITE_BATCH_CHARS) this.flush();
  }

  /** Writes the outcome line and closes the file; returns the first write error, if any. */
  finish(outcome: TraceOutcome): OutputWriteError | null {
    if (this.fd !== null) {
      this.pending += `${JSON.stringify(outcome)}\n`;
      this.flush();
    }
    this.close();
    return this.error;
  }

  /** Closes the file without an outcome line, after the run threw. */
  close(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch (error) {
      this.error ??= outputWriteError('trace', this.path, error);
    }
  }

  private flush(): void {
    if (this.fd === null || this.pending === '') return;
    try {
      writeSync(this.fd, this.pending);
      this.pending = '';
    } catch (error) {
      this.error = outputWriteError('trace', this.path, error);
      this.pending = '';
      this.close();
    }
  }
}

function parseJsonLine(line: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new TraceFormatError(lineNumber, `not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TraceFormatError(lineNumber, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

function parseHeader(record: Record<string, unknown>): TraceHeader {
  if (record.format !== TRACE_FORMAT) throw new TraceFormatError(1, `not a ${TRACE_FORMAT} file`);
  if (record.version !== TRACE_VERSION) throw new TraceVersionError(record.version);
  if (typeof record.seed !== 'string' || typeof record.config !== 'object' || record.config === null) {
    throw new TraceFormatError(1, 'header needs a seed and a config');
  }
  return record as unknown as TraceHeader;
}

/** Events run in index order and virtual time never goes back; an edit that breaks either is refused. */
function checkOrder(previous: SimEvent | undefined, event: SimEvent, lineNumber: number): void {
  if (previous === undefined) return;
  if (event.index <= previous.index)
    throw new TraceFormatError(lineNumber, `event index ${event.index} does not follow ${previous.index}`);
  if (event.atMs < previous.atMs)
    throw new TraceFormatError(
      lineNumber,
      `event ${event.index} at ${event.atMs} ms comes before the previous event at ${previous.atMs} ms`,
    );
}

export function parseTrace(text: string): ParsedTrace {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new TraceFormatError(1, 'empty trace');
  const header = parseHeader(parseJsonLine(lines[0] as string, 1));
  const events: TracedEvent[] = [];
  let outcome: TraceOutcome | null = null;
  for (let i = 1; i < lines.length; i++) {
    const record = parseJsonLine(lines[i] as string, i + 1);
    if ('outcome' in record) {
      if (i !== lines.length - 1) throw new TraceFormatError(i + 1, 'outcome line before the end');
      outcome = record as unknown as TraceOutcome;
      break;
    }
    let traced: TracedEvent;
    try {
      traced = parseEventRecord(record);
    } catch (error) {
      throw new TraceFormatError(i + 1, (error as Error).message);
    }
    checkOrder(events.at(-1)?.event, traced.event, i + 1);
    events.push(traced);
  }
  if (outcome !== null) {
    const recomputed = hashTrace(header.config as WorldConfig, events);
    if (recomputed !== outcome.trace_hash) {
      throw new TraceFormatError(
        lines.length,
        `trace hash ${outcome.trace_hash} does not match the events (${recomputed})`,
      );
    }
  }
  return { header, events, outcome };
}

export function readTrace(path: string): ParsedTrace {
  return parseTrace(readFileSync(path, 'utf8'));
}
