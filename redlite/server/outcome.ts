/**
 * What a session answers for one command, and what the hub hands back when it ends a wait.
 * A session never writes to a socket and never waits on a timer: it returns these values and
 * the host (the RESP server, or the simulator in virtual time) delivers them.
 */
import type { Reply } from '../reply.ts';
import type { Session } from './Session.ts';

export type Outcome =
  /** The reply, now. */
  | { readonly kind: 'reply'; readonly reply: Reply }
  /** No reply yet: the session waits for a key (a blocking pop); a Wakeup will carry it. */
  | { readonly kind: 'blocked' }
  /** Send `reply` (when not null), then close the connection; the session is already closed. */
  | { readonly kind: 'close'; readonly reply: Reply | null };

/** A blocked session's wait ended (served by a push, or timed out) with this reply. */
export interface Wakeup {
  readonly session: Session;
  readonly reply: Reply;
}

export function replyOutcome(reply: Reply): Outcome {
  return { kind: 'reply', reply };
}

export const BLOCKED: Outcome = { kind: 'blocked' };
