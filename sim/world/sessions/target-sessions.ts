/**
 * The target's connections as the world drives them: one session per simulated client, opened
 * on first use, with the host's duties of redlite/server's SessionHub (serve blocked clients
 * after every command, time waits out at the virtual clock's deadlines). Implementations:
 * DirectSessions (the sessions themselves), ServerSessions (connections to a started
 * redlite-server, sim/world/server/), PlainSessions (a target without sessions, such as the
 * model dressed as a target).
 */
import type { Clock } from '../../../redlite/clock.ts';
import type { Arg, Reply } from '../../../redlite/reply.ts';
import type { WorldTarget } from '../target.ts';

export type TargetOutcome = { readonly kind: 'reply'; readonly reply: Reply } | { readonly kind: 'blocked' };

/** A blocked client's wait ended with this reply. */
export interface TargetWakeup {
  readonly client: number;
  readonly reply: Reply;
}

/** No wake-ups, shared: most commands and most moments wake nobody. */
export const NO_WAKEUPS: readonly TargetWakeup[] = Object.freeze([]);

export interface TargetSessions {
  /** Runs one command on the client's connection. */
  exec(client: number, argv: readonly Arg[]): TargetOutcome;
  /** After each command: the blocked clients served, in the order they were served. */
  serveReady(): readonly TargetWakeup[];
  /** The clients whose waits time out at `nowMs`, with their replies. */
  expireBlocked(nowMs: number): readonly TargetWakeup[];
  isBlocked(client: number): boolean;
  /**
   * Cuts the client's connection. With `partialRequest`, the connection dies while a request is
   * only partly sent; a transport without bytes has nothing partial to lose.
   */
  drop(client: number, partialRequest?: readonly Arg[]): void;
  /** Cuts every connection (the process is gone); the target itself is closed elsewhere. */
  closeAll(): void;
}

/** Makes the sessions for a freshly opened target, on the world's clock. */
export type SessionsFactory = (target: WorldTarget, clock: Clock) => TargetSessions;
