/** redlite's connection layer: sessions over a shared Redlite, and the RESP server. */
export { HubInvariantError, SessionStateError } from './errors.ts';
export type { Outcome, Wakeup } from './outcome.ts';
export { Session } from './Session.ts';
export { SessionHub, type SessionHubOptions } from './SessionHub.ts';
