/**
 * Loading a trace file for replay, shrink and bisect, with every way it can be unusable turned
 * into one TraceInputError whose message is a single line naming the file and the problem: a
 * missing file, malformed JSON Lines, a future format version, a hash that does not match.
 */
import { readFileSync } from 'node:fs';
import { TraceDecodeError } from '../trace/json-codec.ts';
import { type ParsedTrace, parseTrace, TraceFormatError, TraceVersionError } from '../trace/trace-file.ts';

export class TraceInputError extends Error {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`cannot use trace ${path}: ${reason}`);
    this.name = 'TraceInputError';
    this.path = path;
  }
}

export function loadTrace(path: string): ParsedTrace {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TraceInputError(path, code === 'ENOENT' ? 'no such file' : (error as Error).message);
  }
  try {
    return parseTrace(text);
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
}
