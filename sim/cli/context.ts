/**
 * The CLI's contact with the outside: where output goes, whether it is a terminal, and where a
 * fresh seed comes from when none is given. `bin/vopr.ts` supplies the real ones (the only place
 * that may draw entropy); tests supply captured ones and run the CLI in process.
 */
export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites a status line in place; only called when `isTty`. */
  status(line: string): void;
  readonly isTty: boolean;
  /** A fresh random seed, for runs without --seed. */
  drawSeed(): bigint;
  /** The exit code the command chose: 0 pass, 1 failure found, 2 usage or input error. */
  exitCode: number;
}

export const EXIT_PASS = 0;
export const EXIT_FAILURE_FOUND = 1;
export const EXIT_USAGE = 2;

let current: CliContext | null = null;

export function setCliContext(context: CliContext): void {
  current = context;
}

export function cliContext(): CliContext {
  if (current === null) throw new Error('CLI context not set: call runCli()');
  return current;
}

/** An input error a command found after parsing: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
