/**
 * The CLI's contact with the outside: where output goes, whether it is a terminal, where a
 * fresh seed comes from when none is given, and the pacer that lets a signal stop a long run.
 * `bin/vopr.ts` supplies the real ones (the only place that may draw entropy, read the wall
 * clock or handle signals); tests supply captured ones and run the CLI in process.
 *
 * The exit codes, for every command (README, "Exit codes"):
 *   0 pass; 1 a failure was found; 2 usage or input error; 3 the tool could not do its job
 *   (a write failed, an internal error); 130 and 143 interrupted by SIGINT and SIGTERM.
 */
import { InputError } from '../error-kinds.ts';
import { type Pacer, UNPACED } from '../pacing.ts';

export interface CliContext {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites a status line in place; only called when `isTty`. */
  status(line: string): void;
  readonly isTty: boolean;
  /** A fresh random seed, for runs without --seed. */
  drawSeed(): bigint;
  /** The exit code the command chose (see the table above). */
  exitCode: number;
  /** Paces long runs so a signal can stop them; without one, nothing stops a run. */
  readonly pacer?: Pacer;
  /** Print the stack of an internal error (VOPR_DEBUG=1), not just its one-line message. */
  readonly debug?: boolean;
}

export const EXIT_PASS = 0;
export const EXIT_FAILURE_FOUND = 1;
export const EXIT_USAGE = 2;
export const EXIT_TOOL_ERROR = 3;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The exit code of a command a signal stopped: 128 plus the signal's number, as shells report it. */
export function exitCodeForStop(reason: string): number {
  return reason === 'SIGTERM' ? EXIT_SIGTERM : EXIT_SIGINT;
}

let current: CliContext | null = null;

export function setCliContext(context: CliContext): void {
  current = context;
}

export function cliContext(): CliContext {
  if (current === null) throw new Error('CLI context not set: call runCli()');
  return current;
}

/** The context's pacer, or one that never pauses. */
export function cliPacer(): Pacer {
  return cliContext().pacer ?? UNPACED;
}

/**
 * Ends a command a signal stopped: one line on stderr saying what was kept, and the signal's
 * exit code.
 */
export function reportInterrupted(reason: string, kept: string): void {
  const context = cliContext();
  context.err(`vopr: interrupted by ${reason}; ${kept}`);
  context.exitCode = exitCodeForStop(reason);
}

/** An input error a command found after parsing: printed as one line, exit code 2. */
export class UsageError extends InputError {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
