/**
 * What a started server promises about acknowledged writes when its process is killed with
 * SIGKILL and restarted (docs/live-servers.md, "Durability"), and how the history is judged
 * under that promise. A kill is a process crash: the kernel, and the bytes the server already
 * handed it with write(), survive; only a power loss would test fsync, and a live run cannot
 * cut the power.
 *
 * - Redis, `appendfsync always`: the AOF is written and fsynced before the reply. Nothing
 *   acknowledged is lost.
 * - Redis, `appendfsync no`: the AOF is written to the kernel in the event loop before the
 *   replies go out; only the fsync is left to the kernel. Nothing acknowledged is lost to a kill.
 * - Redis, `appendfsync everysec`: while a background fsync runs, Redis may postpone the write
 *   itself for up to 2 seconds and still reply. Writes acknowledged in the last 2 seconds before
 *   the kill (plus one 100 ms server tick of slack) may be lost; everything older survives.
 * - redlite-server, `--synchronous full` or `normal`: SQLite's WAL commit is written before the
 *   reply, and a WAL commit survives an application crash in both modes (normal may lose it only
 *   to a power loss). Nothing acknowledged is lost.
 *
 * The judging: with no loss window the history is checked as recorded, so a lost write shows as
 * a read that no order explains. With a window, every operation that returned inside it becomes
 * `unknown` (it may have taken effect, or not), which allows exactly those losses and no other.
 */
import type { History, HistoryOp } from '../linearizability/index.ts';
import { type DurabilitySetting, settingText } from './launch-plans.ts';

/** Redis's longest write postponement under everysec, plus one server tick (hz 10). */
export const EVERYSEC_LOSS_MS_MAX = 2100;

export interface DurabilityPromise {
  /** How far before a kill an acknowledged write may be lost; 0 for none. */
  readonly lossWindowMs: number;
  /** The promise in words, for the report. */
  readonly text: string;
}

export function durabilityPromise(setting: DurabilitySetting): DurabilityPromise {
  if (setting.kind === 'redis' && setting.appendfsync === 'everysec')
    return {
      lossWindowMs: EVERYSEC_LOSS_MS_MAX,
      text: `${settingText(setting)}: writes acknowledged within ${EVERYSEC_LOSS_MS_MAX} ms before a kill may be lost`,
    };
  return { lossWindowMs: 0, text: `${settingText(setting)}: no acknowledged write may be lost to a kill` };
}

/** One kill: when the tool sent SIGKILL, and when the restarted server answered again. */
export interface KillRecord {
  readonly killMs: number;
  readonly upMs: number;
}

/**
 * The history as the promise judges it, and the ids of the operations it relaxed to unknown:
 * those that returned after `killMs - lossWindowMs` and before the server was back.
 */
export function judgedHistory(
  history: History,
  kills: readonly KillRecord[],
  promise: DurabilityPromise,
): { history: History; relaxedIds: number[] } {
  if (promise.lossWindowMs === 0 || kills.length === 0) return { history, relaxedIds: [] };
  const relaxedIds: number[] = [];
  const ops = history.ops.map((op): HistoryOp => {
    if (op.status !== 'ok' || op.returnMs === null) return op;
    const returnMs = op.returnMs;
    const inWindow = kills.some(
      (kill) => returnMs > kill.killMs - promise.lossWindowMs && returnMs <= kill.upMs,
    );
    if (!inWindow) return op;
    relaxedIds.push(op.id);
    return { ...op, status: 'unknown', returnMs: null, reply: null };
  });
  return { history: { ...history, ops }, relaxedIds };
}
