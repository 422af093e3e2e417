/**
 * The two kinds of error a user must be able to tell apart by exit code alone: the input was
 * unusable (InputError: a bad flag, seed or trace, a missing file; exit 2), or the tool could
 * not do its job on good input (ToolError: a write that failed, a full disk; exit 3). Each
 * concrete error extends one of them, and sim/cli/main.ts maps each to its exit code in one
 * place. Anything else thrown is an internal error, also exit 3.
 *
 * Findings about redlite are never errors: they are failures in a RunResult (exit 1).
 */

/** The user's input cannot be used; the message names the input and the problem in one line. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** The tool could not finish its job on good input, such as a write that failed. */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolError';
  }
}
