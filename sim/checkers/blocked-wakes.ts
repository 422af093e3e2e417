/**
 * blocked_wakes: a blocked client whose key receives a push is served, a wait ends at its
 * timeout and not before, a client blocks exactly when the model says it must, and at the end
 * of a run no client is still waiting past its deadline (the liveness check: every wait ends,
 * served or timed out).
 *
 * Leaves out the order among clients served together (blocked_served_fifo).
 */
import type { Served } from './blocked-served-fifo.ts';

export const BLOCKED_WAKES = 'blocked_wakes';

/** Null when the target woke exactly the clients the model woke (in any order). */
export function wakesVerdict(
  target: readonly Served[],
  model: readonly Served[],
  what: string,
): string | null {
  const targetClients = new Set(target.map((w) => w.client));
  const modelClients = new Set(model.map((w) => w.client));
  for (const client of modelClients) {
    if (!targetClients.has(client))
      return `client ${client} should have been woken (${what}) but still waits`;
  }
  for (const client of targetClients) {
    if (!modelClients.has(client)) return `client ${client} was woken (${what}) with nothing to wake it`;
  }
  return null;
}

/** Whether a command blocks: null when the target and the model agree. */
export function blocksVerdict(client: number, targetBlocked: boolean, modelBlocked: boolean): string | null {
  if (targetBlocked === modelBlocked) return null;
  return targetBlocked
    ? `client ${client} blocked, but the model answers at once`
    : `client ${client} got an answer, but the model blocks it`;
}

/** At the end of a run: a client still waiting past its deadline was never timed out. */
export function overdueVerdict(client: number, deadlineMs: number, nowMs: number): string {
  return `client ${client} still waits at ${nowMs} ms, past its deadline at ${deadlineMs} ms`;
}
