/**
 * Pipelined commands run as groups: consecutive commands of redlite's own table from one
 * session share one SQLite transaction, one commit for the group instead of one per command,
 * which is most of a write's cost. A group forms only where nobody could tell it from the same
 * commands run one by one: the session is authenticated, outside MULTI and not blocked, and no
 * session of the hub waits on a key. Then no other session runs between the commands, no wait
 * can be served by them, and the session's watches see their changes before its next own
 * command (WATCH, MULTI, EXEC) runs. The RESP server uses this; a simulator need not.
 */
import type { Reply } from '../reply.ts';
import { isCrossProtocolAttack, resolveCommand } from './command-lookup.ts';
import { HubInvariantError, SessionStateError } from './errors.ts';
import type { Session } from './Session.ts';
import { SESSION_COMMANDS } from './session-commands.ts';

/** Most pipelined commands one SQLite transaction takes. */
export const PIPELINE_GROUP_MAX = 256;

/** How many of the leading requests may run as one group (below 2 there is nothing to gain). */
export function groupableCount(session: Session, requests: readonly Buffer[][]): number {
  if (session.isClosed || session.isBlocked || session.inMulti || !session.authenticated) return 0;
  if (session.hub.blockedCount > 0) return 0;
  const limit = Math.min(requests.length, PIPELINE_GROUP_MAX);
  let count = 0;
  while (count < limit) {
    const args = requests[count]!;
    if (args.length > 0 && isCrossProtocolAttack(args[0]!)) break;
    if (resolveCommand(SESSION_COMMANDS, session.hub.redlite, args).kind !== 'redlite') break;
    count++;
  }
  return count;
}

/**
 * Runs requests counted by `groupableCount` in one SQLite transaction. All share one time
 * snapshot, as if they had run within the same millisecond. If any command answers an error
 * (or SQLite fails), the group is rolled back and its commands run again one by one, so each
 * answers exactly as it would have alone.
 */
export function execGroup(session: Session, requests: readonly Buffer[][]): Reply[] {
  if (groupableCount(session, requests) < requests.length) {
    throw new SessionStateError(session.id, 'not groupable', `run ${requests.length} commands as a group`);
  }
  const redlite = session.hub.redlite;
  const db = session.db;
  // Without savepoints: an error reply fails the group, and the commands run again one by one.
  const result = redlite.transaction(() => requests.map((args) => redlite.exec(args, db)), {
    name: 'PIPELINE',
    savepoints: false,
  });
  if (result.committed) return result.value;
  return requests.map((args) => {
    const outcome = session.exec(args);
    if (outcome.kind !== 'reply') throw new HubInvariantError('grouped_commands_reply', outcome.kind);
    return outcome.reply;
  });
}
