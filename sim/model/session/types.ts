/**
 * The vocabulary of the model's sessions: what a session runs its commands on, what a command
 * answers (a reply now, or a wait), what a wait's end hands back, and the steps a command
 * applied to the keyspace (what the durability checker replays). Leaves out the sessions
 * themselves (ModelSession.ts, ModelSessions.ts).
 */
import type { Arg, Reply } from '../../../redlite/reply.ts';

/** The store under the sessions: the model's databases, reached by number. */
export interface SessionStore {
  exec(argv: readonly Arg[], db?: number): Reply;
  execAdopting(argv: readonly Arg[], observed: Reply, db?: number): { reply: Reply; adopted: boolean };
  isRandomCommand(argv: readonly Arg[]): boolean;
  /** What WATCH compares for a key (Keyspace.watchMark); undefined when absent. */
  watchMark(db: number, key: string): { readonly entry: object; readonly text: string } | undefined;
}

export type ModelOutcome = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'blocked' };

/** A blocked session's wait ended (served, or timed out) with this reply. */
export interface ModelWakeup {
  readonly client: number;
  readonly reply: Reply;
}

/** One command as applied to one database: a write unit's part, replayable on a model copy. */
export interface AppliedStep {
  readonly db: number;
  readonly argv: readonly Arg[];
  /** What the target answered for this step, so a random command replays the same choice. */
  readonly observed: Reply | null;
}

export function replyOutcome(reply: Reply): ModelOutcome {
  return { kind: 'reply', reply };
}

export function isNilReply(reply: Reply): boolean {
  return (reply.type === 'bulk' || reply.type === 'array') && reply.value === null;
}
