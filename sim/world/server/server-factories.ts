/**
 * What `--target server` plugs into a world: a target that is a started bin/redlite-server
 * (ServerTarget.ts), and the clients' connections to it (ServerSessions.ts). A target that is
 * not a server (the model dressed as a target) gets plain pass-through sessions.
 */
import { PlainSessions } from '../sessions/PlainSessions.ts';
import type { SessionsFactory } from '../sessions/target-sessions.ts';
import type { TargetFactory } from '../target.ts';
import { ServerSessions } from './ServerSessions.ts';
import { ServerTarget } from './ServerTarget.ts';

export const serverTargetFactory: TargetFactory = (path, options) => ServerTarget.start(path, options);

export const serverSessionsFactory: SessionsFactory = (target) =>
  target instanceof ServerTarget ? new ServerSessions(target) : new PlainSessions(target);
