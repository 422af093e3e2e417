/**
 * Writing and reading trace files. The reader validates every line and throws a named error
 * (TraceFormatError with the line number, or TraceVersionError for a newer format) so replay
 * can refuse a bad file with one clear message. When the outcome line carries a trace hash,
 * the reader recomputes it from the events and rejects a file whose events were altered.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { WorldConfig } from '../config/WorldConfig.ts';
import {
  parseEventRecord,
  TRACE_FORMAT,
  TRACE_VERSION,
  type TracedEvent,
  type TraceHeader,
  type TraceOutcome,
} from './format.ts';
import { hashTrace, type TraceRecorder } from './TraceRecorder.ts';
import { toolInfo } from './tool-info.ts';

export class TraceFormatError extends Error {
  readonly lineNumber: number;
  constructor(lineNumber: number, reason: string) {
    super(`trace line ${lineNumber}: ${reason}`);
    this.name = 'TraceFormatError';
    this.lineNumber = lineNumber;
  }
}

export class TraceVersionError extends Error {
  readonly version: unknown;
  constructor(version: unknown) {
    super(
      `trace format version ${JSON.stringify(version)} is not supported (this tool reads version ${TRACE_VERSION})`,
    );
    this.name = 'TraceVersionError';
    this.version = version;
  }
}

export interface ParsedTrace {
  readonly header: TraceHeader;
  readonly events: TracedEvent[];
  /** Null when the run stopped before writing its outcome. */
  readonly outcome: TraceOutcome | null;
}

export function traceText(recorder: TraceRecorder, outcome: TraceOutcome): string {
  const info = toolInfo();
  const header: TraceHeader = {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    seed: recorder.config.seed,
    config: recorder.config,
    tool: info.tool,
    node: info.node,
    sqlite: info.sqlite,
  };
  const lines = [JSON.stringify(header), ...recorder.eventLines(), JSON.stringify(outcome)];
  return lines.join('\n') + '\n';
}

export function writeTrace(path: string, recorder: TraceRecorder, outcome: TraceOutcome): void {
  writeFileSync(path, traceText(recorder, outcome));
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
    try {
      events.push(parseEventRecord(record));
    } catch (error) {
      throw new TraceFormatError(i + 1, (error as Error).message);
    }
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
