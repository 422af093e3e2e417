/**
 * The world's logger: pino NDJSON stamped with virtual time, never wall time, and without pid
 * or hostname, so two runs of one seed log the same bytes. Writes are synchronous so lines
 * land in event order, even when the process exits right after a run.
 */
import pino, { type Logger } from 'pino';
import type { Clock } from '../../redlite/clock.ts';
import type { LogLevel } from '../run-types.ts';

export type { Logger } from 'pino';

/** Where log lines go; the default is standard error. */
export interface LogSink {
  write(line: string): void;
}

export function createLogger(level: LogLevel, clock: Clock, sink?: LogSink): Logger {
  const options = {
    level,
    base: null,
    timestamp: () => `,"vtime":${clock.now()}`,
  };
  if (level === 'silent') return pino({ ...options, enabled: false });
  return pino(options, sink ?? pino.destination({ fd: 2, sync: true }));
}
