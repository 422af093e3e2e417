/**
 * Which sessions a target gets: redlite's own Sessions over a SessionHub for a Redlite
 * (`--target direct`), and plain pass-through sessions for a target that is not a Redlite (the
 * model as a target). `--target server` brings its own (sim/world/server/server-factories.ts).
 */
import { Redlite } from '../../../redlite/index.ts';
import { DirectSessions } from './DirectSessions.ts';
import { PlainSessions } from './PlainSessions.ts';
import type { SessionsFactory } from './target-sessions.ts';

export const defaultSessionsFactory: SessionsFactory = (target, clock) =>
  target instanceof Redlite ? new DirectSessions(target, clock) : new PlainSessions(target);

/**
 * For a world that sends no session commands, a session in database 0 with no MULTI, WATCH or
 * wait answers exactly what `exec` answers, so such worlds call the target directly: the
 * sessions and the key-change log they need cost a third of a plain world's time.
 */
export const plainSessionsFactory: SessionsFactory = (target) => new PlainSessions(target);
