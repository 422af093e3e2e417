/**
 * Named errors of the I/O shim binding, each carrying the context that explains it. All of them
 * are simulator-side failures (docs/architecture.md, principle 9): a shim that is missing, stale
 * or misread must stop the run, never let it go on without seeing SQLite's I/O.
 */

/** The compiled shim is not where the binding looks, and building it did not put it there. */
export class ShimNotBuiltError extends Error {
  readonly libraryPath: string;
  constructor(libraryPath: string) {
    super(
      `the SQLite I/O shim is not built (looked for ${libraryPath}): run \`npm run build:shim\`, ` +
        'which needs a C compiler (cc, or $CC)',
    );
    this.name = 'ShimNotBuiltError';
    this.libraryPath = libraryPath;
  }
}

/** Rebuilding a stale or missing shim failed; `output` is what the build printed. */
export class ShimBuildError extends Error {
  readonly output: string;
  constructor(output: string) {
    super(`rebuilding the SQLite I/O shim failed; run \`npm run build:shim\` to see why:\n${output.trim()}`);
    this.name = 'ShimBuildError';
    this.output = output;
  }
}

/** SQLite refused the library, or the library speaks another protocol version. */
export class ShimLoadError extends Error {
  readonly libraryPath: string;
  constructor(libraryPath: string, reason: string) {
    super(`cannot load the SQLite I/O shim ${libraryPath}: ${reason}`);
    this.name = 'ShimLoadError';
    this.libraryPath = libraryPath;
  }
}

/**
 * The log reached its bound between two drains and dropped events: a log with holes would
 * mislead whoever replays it. The simulator drains after every step, so this is a bug there.
 */
export class IoLogOverflowError extends Error {
  readonly droppedEvents: number;
  constructor(droppedEvents: number) {
    super(`the I/O shim dropped ${droppedEvents} event(s): its log filled up between two drains`);
    this.name = 'IoLogOverflowError';
    this.droppedEvents = droppedEvents;
  }
}

/** The log's bytes do not parse: the library and the binding disagree on the format. */
export class IoLogFormatError extends Error {
  readonly offsetBytes: number;
  constructor(message: string, offsetBytes: number) {
    super(`malformed I/O log at byte ${offsetBytes}: ${message}`);
    this.name = 'IoLogFormatError';
    this.offsetBytes = offsetBytes;
  }
}
