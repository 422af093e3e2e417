/**
 * Named errors of the session layer. They report a host that broke the session protocol (a
 * command sent to a closed or blocked session) or a broken invariant of the hub: bugs in the
 * caller or in this code, never a client's bad input, which always gets a Redis error reply.
 */

/** A session was used in a state that does not allow it. */
export class SessionStateError extends Error {
  override readonly name = 'SessionStateError';
  readonly sessionId: number;
  readonly state: string;

  constructor(sessionId: number, state: string, attempted: string) {
    super(`session ${sessionId} is ${state}: cannot ${attempted}`);
    this.sessionId = sessionId;
    this.state = state;
  }
}

/** The hub's own bookkeeping disagrees with itself (a bound passed, a wait served twice). */
export class HubInvariantError extends Error {
  override readonly name = 'HubInvariantError';
  readonly invariant: string;

  constructor(invariant: string, detail: string) {
    super(`session hub invariant ${invariant} broken: ${detail}`);
    this.invariant = invariant;
  }
}
