/**
 * A history's losses (history.ts) expressed without them, for a checker that has no notion of
 * a lost suffix (Jepsen's EDN): every operation that returned after a loss's `fromMs` and by its
 * restart becomes `unknown`, so it may have taken effect or not. That allows each such write to
 * be lost on its own, more than one lost suffix allows, so it may miss a violation our own search
 * finds; it never reports one that is not there. Reads relaxed this way are dropped, as reads
 * that never returned are.
 */
import type { History, HistoryOp } from './history.ts';

export function relaxLosses(history: History): { history: History; relaxedIds: number[] } {
  const losses = history.losses ?? [];
  if (losses.length === 0) return { history, relaxedIds: [] };
  const relaxedIds: number[] = [];
  const ops = history.ops.map((op): HistoryOp => {
    if (op.status !== 'ok' || op.returnMs === null) return op;
    const returnMs = op.returnMs;
    if (!losses.some((loss) => returnMs > loss.fromMs && returnMs <= loss.upMs)) return op;
    relaxedIds.push(op.id);
    return { ...op, status: 'unknown', returnMs: null, reply: null };
  });
  return { history: { clock: history.clock, ops }, relaxedIds };
}
