/**
 * The checker contract. Each invariant of spec/dst-spec.yaml has one checker file; op checkers
 * judge one command's reply, and the state checker judges a full-state comparison. A checker
 * returns a message when its invariant is broken, or null.
 */
import type { Reply } from '../../redlite/reply.ts';
import type { OpEvent } from '../events.ts';
import type { ExpiryShadow } from './ExpiryShadow.ts';

export interface OpObservation {
  readonly event: OpEvent;
  /** Upper-case command name. */
  readonly command: string;
  /** The target's reply, exactly as given. */
  readonly actual: Reply;
  /** The model's reply (after adopting the target's choice for random commands). */
  readonly expected: Reply;
  /** True when the two replies, normalized, are the same RESP bytes. */
  readonly equal: boolean;
  readonly nowMs: number;
  /** Expiry deadlines as of before this command. */
  readonly expiry: ExpiryShadow;
}

export interface OpChecker {
  readonly invariant: string;
  check(op: OpObservation): string | null;
}
