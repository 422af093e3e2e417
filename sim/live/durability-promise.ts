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
 * a read that no order explains. With a window, each kill becomes a loss (history.ts): the
 * restarted server's state may be its state at any instant from `killMs - lossWindowMs` on, so
 * the writes applied since are lost as one suffix. Replies given before the kill stand as
 * observed, and nothing acknowledged before the window may be lost.
 */
import { type History, type LossEvent, relaxLosses } from '../linearizability/index.ts';
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
 * The history as the promise judges it: the recorded one, with one loss per kill when the
 * promise has a window. `atRiskIds` are the operations that returned inside a window: writes
 * among them may have been lost, and the report counts them.
 */
export function judgedHistory(
  history: History,
  kills: readonly KillRecord[],
  promise: DurabilityPromise,
): { history: History; atRiskIds: number[] } {
  if (promise.lossWindowMs === 0 || kills.length === 0) return { history, atRiskIds: [] };
  let nextId = history.ops.reduce((highest, op) => Math.max(highest, op.id), -1) + 1;
  // Whole milliseconds, rounded outwards as the recorder rounds operations: a wider loss
  // allows more, never less.
  const losses: LossEvent[] = kills.map((kill) => {
    const killMs = Math.floor(kill.killMs);
    return {
      id: nextId++,
      fromMs: Math.max(0, Math.floor(kill.killMs - promise.lossWindowMs)),
      killMs,
      upMs: Math.max(killMs, Math.ceil(kill.upMs)),
    };
  });
  const judged: History = { ...history, losses };
  return { history: judged, atRiskIds: relaxLosses(judged).relaxedIds };
}
