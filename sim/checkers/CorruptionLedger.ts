/**
 * CorruptionLedger: what the checkers know about corruption in one run, and every excuse they
 * grant because of it. Rotted bytes may make keys answer errors but never wrong data (the
 * silent_corruption invariant), so once a fault may have corrupted the store, errors become
 * explicable and the keys that answered them leave later comparisons. The world owns one ledger
 * and hands the fault driver its narrow face, `CorruptionPort`: the faults report facts, and
 * ask what those facts excuse.
 *
 * All the policies live here on purpose, so they can be tightened in one place: when an error
 * counts as corruption, which keys it marks, what a keyspace-wide read is excused for, what a
 * state comparison leaves out, and what adopting a recovered state marks. It leaves out when a
 * fault corrupts (the fault driver decides) and the comparisons themselves (the checkers).
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { isKeyName } from '../clients/key-names.ts';
import { commandName } from '../format-reply.ts';
import { silentCorruptionVerdict } from './silent-corruption.ts';
import { DumpError, type KeyState } from './state-dump.ts';

export type ErrorReply = Extract<Reply, { type: 'error' }>;

/** The keys a ledger counts as corrupted, as the adoption of a recovered state sees them. */
export interface CorruptedKeys {
  has(key: string): boolean;
  add(key: string): void;
}

/** An error reply the fault driver could not pin on a fault of its own. */
export interface UnexplainedError {
  readonly argv: readonly Arg[];
  readonly actual: ErrorReply;
  /** The model's reply to the same command on the same connection, on a copy; undefined when it cannot copy. */
  readonly modelReply: () => Reply | undefined;
  /** The liveness phase: faults are off, so only keys already known corrupted may err. */
  readonly livenessPhase: boolean;
}

/** What the fault driver and the recovery check may tell and ask the ledger. */
export interface CorruptionPort {
  /** A fault may have rotted bytes (bit rot that hit, misplaced sectors). */
  faultMayHaveCorrupted(): void;
  /** True when corruption explains why the store refused to open (a corruption error). */
  explainsRefusedOpen(message: string): boolean;
  /** True when corruption explains an error reply; its key arguments then count as corrupted. */
  explainsError(error: UnexplainedError): boolean;
  /** Rot reached a database page while the store ran (see rot_detected). */
  rotReachedStore(): void;
  /** True when a keyspace-wide read goes unjudged: its answer may differ by the corrupted keys. */
  excusesKeyspaceRead(argv: readonly Arg[]): boolean;
  /** Leaves the corrupted keys out of both sides of a state comparison, in place. */
  leaveOutCorrupted(actual: Map<string, KeyState>, expected: Map<string, KeyState>): void;
}

const KEYSPACE_WIDE_READS: ReadonlySet<string> = new Set(['KEYS', 'SCAN', 'DBSIZE']);

/**
 * The error texts that say the store detected damage: redlite's checksum errors, its refusal
 * to open a corrupt file, and SQLite's SQLITE_CORRUPT and SQLITE_NOTADB messages.
 */
const CORRUPTION_ERROR = /corrupt|malformed|not a database|checksum mismatch/i;

export class CorruptionLedger implements CorruptionPort {
  /** Set once a corruption fault ran: error replies may then stand for rotted bytes. */
  private possible = false;
  /** Keys that answered an error after corruption; state comparisons leave them out. */
  private readonly keys = new Set<string>();
  /** Set once rot reached a database page while the store ran. */
  private rotRan = false;
  /** Set once rot reached the key index (SCAN itself erred): any key may answer errors. */
  private everything = false;

  /** True once the store was found unlistable after corruption; it stays so for the run. */
  get unlistable(): boolean {
    return this.everything;
  }

  /** True once a fault may have corrupted the store; it stays so for the run. */
  get corruptionPossible(): boolean {
    return this.possible;
  }

  faultMayHaveCorrupted(): void {
    this.possible = true;
  }

  rotReachedStore(): void {
    this.possible = true;
    this.rotRan = true;
  }

  /** Whether a failure may stem from the known weakness of rot in a running store (rot_detected). */
  get rotInStore(): boolean {
    return this.rotRan;
  }

  explainsRefusedOpen(message: string): boolean {
    return this.possible && CORRUPTION_ERROR.test(message);
  }

  explainsError(error: UnexplainedError): boolean {
    if (!this.possible) return false;
    // In the liveness phase faults are off, but rot already on the disk stays there: a row or
    // page first read now may still answer a corruption error. Any other error must come from
    // a key already known to be corrupted.
    if (
      error.livenessPhase &&
      !CORRUPTION_ERROR.test(error.actual.value) &&
      !this.touchesCorrupted(error.argv)
    )
      return false;
    // An error the model gives as well is the command's own answer, not rot.
    const own = error.modelReply();
    if (own === undefined || (own.type === 'error' && own.value === error.actual.value)) return false;
    for (const arg of error.argv.slice(1)) if (isKeyName(arg)) this.keys.add(arg);
    return true;
  }

  excusesKeyspaceRead(argv: readonly Arg[]): boolean {
    if (!this.everything && this.keys.size === 0) return false;
    return KEYSPACE_WIDE_READS.has(commandName(argv));
  }

  /**
   * Once corruption is possible, a key whose dumped state holds an error reply is left out of
   * both sides (rotted bytes may answer errors) and joins the corrupted keys. A key that once
   * erred but now reads cleanly is compared like any other: an error is allowed, a value that
   * differs from the model's never is, however the key was damaged before.
   */
  leaveOutCorrupted(actual: Map<string, KeyState>, expected: Map<string, KeyState>): void {
    if (!this.possible) return;
    for (const [key, state] of actual) {
      if (!isErrorState(state)) continue;
      this.keys.add(key);
      actual.delete(key);
      expected.delete(key);
    }
  }

  /**
   * After corruption, a dump whose SCAN answers an error means rot reached the key index: an
   * error, not wrong data. The caller compares nothing this time, and any key may answer errors
   * from then on; a later dump that lists the store again is compared in full. Else false.
   */
  excusesUnlistable(error: unknown): boolean {
    if (!this.possible || !(error instanceof DumpError) || !error.argv.startsWith('SCAN')) return false;
    this.everything = true;
    return true;
  }

  /** The silent_corruption verdict on one reply: a message when it breaks the invariant, else null. */
  judgeReply(command: string, actual: Reply, equal: boolean): string | null {
    return silentCorruptionVerdict(command, actual, equal, this.possible);
  }

  private touchesCorrupted(argv: readonly Arg[]): boolean {
    if (this.everything) return true;
    return argv.slice(1).some((arg) => isKeyName(arg) && this.keys.has(arg));
  }
}

/** A dumped key whose type, TTL or value is an error reply. */
function isErrorState(state: KeyState): boolean {
  return state.type.startsWith('{') || state.pttl.startsWith('-') || state.value.startsWith('-');
}
