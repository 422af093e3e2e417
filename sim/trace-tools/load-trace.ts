/**
 * Loading a trace file for replay, shrink, bisect and the seed bank, with every way it can be
 * unusable turned into one TraceInputError (an InputError: exit 2) whose message is a single
 * line naming the file and the problem: a missing file or a folder, malformed JSON Lines,
 * events out of order or of an unknown fault, a future format version, a hash that does not
 * match, or no outcome line.
 *
 * A trace without its outcome line is incomplete: the run that wrote it died (killed, out of
 * memory) or the file was cut. Replaying it would say "passed" of a run that never finished,
 * and mislead `git bisect run`, so it is refused. A run a signal stopped writes an outcome
 * line (`interrupted`), so its trace loads.
 */
import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../error-kinds.ts';
import { TraceDecodeError } from '../trace/json-codec.ts';
import { type ParsedTrace, parseTrace, TraceFormatError, TraceVersionError } from '../trace/trace-file.ts';

export class TraceInputError extends InputError {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`cannot use trace ${path}: ${reason}`);
    this.name = 'TraceInputError';
    this.path = path;
  }
}

function readReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return (error as Error).message;
}

/** A complete trace (with its outcome line) as a ParsedTrace whose outcome is never null. */
export type LoadedTrace = ParsedTrace & { readonly outcome: NonNullable<ParsedTrace['outcome']> };

export function loadTrace(path: string): LoadedTrace {
  let text: string;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) throw new TraceInputError(path, 'it is a folder, not a trace file');
    // A device such as /dev/zero never ends; only a regular file is read.
    if (!stats.isFile()) throw new TraceInputError(path, 'not a regular file');
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof TraceInputError) throw error;
    throw new TraceInputError(path, readReason(error));
  }
  let trace: ParsedTrace;
  try {
    trace = parseTrace(text);
  } catch (error) {
    if (
      error instanceof TraceFormatError ||
      error instanceof TraceVersionError ||
      error instanceof TraceDecodeError
    ) {
      throw new TraceInputError(path, error.message);
    }
    throw error;
  }
  if (trace.outcome === null) {
    throw new TraceInputError(
      path,
      `incomplete: no outcome line after its ${trace.events.length} events (the run that wrote it did not finish, or the file was cut)`,
    );
  }
  return trace as LoadedTrace;
}
