/** redlite's connection layer: sessions over a shared Redlite, and the RESP server. */
export { HubInvariantError, SessionStateError } from './errors.ts';
export type { HostTimers } from './host-timers.ts';
export type { Outcome, Wakeup } from './outcome.ts';
export { RespServer, type RespServerOptions } from './RespServer.ts';
export { Session } from './Session.ts';
export { SessionHub, type SessionHubOptions } from './SessionHub.ts';
