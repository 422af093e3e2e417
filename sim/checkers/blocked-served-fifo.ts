/**
 * blocked_served_fifo: when a push makes a key ready, the clients blocked on it are served in
 * the order they blocked, oldest first, as Redis guarantees. The model's sessions serve in that
 * order; this compares which clients the target served after a command with the clients the
 * model served: a client the target served while an older waiter the model served stays
 * blocked on the target is served out of turn.
 *
 * Leaves out wake-ups nobody should have had or that never came (blocked_wakes) and what a
 * served client received (its reply is compared like any other).
 */
import type { Reply } from '../../redlite/reply.ts';

export const BLOCKED_SERVED_FIFO = 'blocked_served_fifo';

export interface Served {
  readonly client: number;
  readonly reply: Reply;
}

/** Null when the target served the same clients as the model, in the same order. */
export function fifoVerdict(target: readonly Served[], model: readonly Served[]): string | null {
  const targetClients = target.map((w) => w.client);
  const modelClients = model.map((w) => w.client);
  if (targetClients.length !== modelClients.length) return null;
  const sameSet = targetClients.every((client) => modelClients.includes(client));
  if (sameSet && targetClients.every((client, i) => client === modelClients[i])) return null;
  const skipped = modelClients.find((client) => !targetClients.includes(client));
  const early = targetClients.find((client) => !modelClients.includes(client));
  if (skipped !== undefined && early !== undefined) {
    return `client ${early} was served before client ${skipped}, which had waited longer`;
  }
  return `clients were served in the order ${targetClients.join(', ')}, not ${modelClients.join(', ')}`;
}
