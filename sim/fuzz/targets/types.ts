/**
 * A fuzz target: one piece of code that takes arbitrary bytes and must never fail in an
 * unexpected way. `run` handles one input; whatever it lets escape is a finding (a crash), and
 * an input that never returns is a hang. Expected refusals (a malformed trace's
 * TraceInputError, a bad bank line's SeedBankError) are the target's to catch.
 *
 * Targets are modules exporting `createTarget()`, loaded by path in the fuzzer's worker thread
 * (sim/fuzz/fuzz-worker.ts), so tests can point the fuzzer at a planted target of their own.
 */

export interface FuzzTarget {
  /** Inputs to start from when the corpus is empty; good seeds reach deep code at once. */
  seeds(): Buffer[];
  /** Tokens the mutator inserts: command names, keywords, field names. */
  readonly dictionary: readonly string[];
  /** Runs one input; throws only on a finding. */
  run(input: Buffer): void;
  /** Releases what the target holds. */
  dispose(): void;
}

/** `scratchDir`: a folder the target may write in; the fuzzer removes it, even after a hang. */
export type CreateTarget = (scratchDir: string) => FuzzTarget;

/** A target's reply that is not one, or one RESP2 could not carry. */
export class NotAReplyError extends Error {
  readonly argv: string;
  constructor(argv: string, problem: string) {
    super(`${argv}: ${problem}`);
    this.name = 'NotAReplyError';
    this.argv = argv;
  }
}
