/**
 * The two errors every line-based file format of the tool raises (traces, histories): a line it
 * cannot read, named by number, and a format version it does not read. Each format subclasses
 * them under its own name, so a caller can tell a bad trace from a bad history; the commands
 * that read a file turn them into one-line input errors naming the file.
 */

export class LineFormatError extends Error {
  readonly lineNumber: number;
  /** `what` names the file kind in the message: `trace line 3: ...`. */
  constructor(what: string, lineNumber: number, reason: string) {
    super(`${what} line ${lineNumber}: ${reason}`);
    this.name = 'LineFormatError';
    this.lineNumber = lineNumber;
  }
}

export class FormatVersionError extends Error {
  readonly version: unknown;
  constructor(what: string, version: unknown, supported: number) {
    super(
      `${what} format version ${JSON.stringify(version)} is not supported (this tool reads version ${supported})`,
    );
    this.name = 'FormatVersionError';
    this.version = version;
  }
}
