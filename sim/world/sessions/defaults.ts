/**
 * Which sessions a target gets: redlite's own Sessions over a SessionHub for a Redlite
 * (`--target direct`), the same behind the RESP connection code for `--target server`, and
 * plain pass-through sessions for a target that is not a Redlite (the model as a target).
 */
import { Redlite } from '../../../redlite/index.ts';
import { DirectSessions } from './DirectSessions.ts';
import { PlainSessions } from './PlainSessions.ts';
import type { SessionsFactory } from './target-sessions.ts';
import { WireSessions } from './WireSessions.ts';

export const defaultSessionsFactory: SessionsFactory = (target, clock) =>
  target instanceof Redlite ? new DirectSessions(target, clock) : new PlainSessions(target);

/**
 * For a world that sends no session commands, a session in database 0 with no MULTI, WATCH or
 * wait answers exactly what `exec` answers, so such worlds call the target directly: the
 * sessions and the key-change log they need cost a third of a plain world's time.
 */
export const plainSessionsFactory: SessionsFactory = (target) => new PlainSessions(target);

export const wireSessionsFactory: SessionsFactory = (target, clock) =>
  target instanceof Redlite ? new WireSessions(target, clock) : new PlainSessions(target);
