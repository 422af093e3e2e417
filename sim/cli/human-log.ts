/**
 * Which log a command writes on stderr, and the human form of a log line. The world logs NDJSON
 * stamped with virtual time (docs/architecture.md, principle 10); a person at a terminal who
 * asked for nothing gets only errors, as one readable line each. NDJSON stays the form for an
 * explicit `--log-level` and for output that is not a terminal, where machines read it, as
 * pino-pretty users expect. Leaves out the logger itself (sim/log/logger.ts).
 */
import type { LogSink } from '../log/logger.ts';
import type { LogLevel } from '../run-types.ts';

/** pino's numeric levels, as words. */
const LEVEL_NAMES: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

/** Fields every line carries, printed apart from the rest. */
const FRAME_FIELDS = new Set(['level', 'vtime', 'msg']);

/** One NDJSON log line as `error at +1234 ms: message (key=value, …)`. */
export function humanLogLine(line: string, epochMs: number): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const at = typeof record.vtime === 'number' ? ` at +${record.vtime - epochMs} ms` : '';
  const fields = Object.entries(record)
    .filter(([name]) => !FRAME_FIELDS.has(name))
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${level}${at}: ${String(record.msg ?? '')}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
}

export interface LogChoice {
  logLevel: LogLevel;
  /** Absent: NDJSON on stderr, the logger's default. */
  logSink?: LogSink;
}

/**
 * The log of a run: the level given; else, on a terminal, errors only in human form; else
 * NDJSON at `quietLevel` (info for a human run, error under --json).
 */
export function logChoice(
  given: LogLevel | undefined,
  isTty: boolean,
  quietLevel: LogLevel,
  err: (line: string) => void,
  epochMs: number,
): LogChoice {
  if (given !== undefined) return { logLevel: given };
  if (!isTty) return { logLevel: quietLevel };
  return {
    logLevel: 'error',
    logSink: { write: (line) => err(humanLogLine(line, epochMs)) },
  };
}
