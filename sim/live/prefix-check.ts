/**
 * Deciding a history the whole-history search left `unknown`, by checking its prefixes. A
 * failing history is the checker's most expensive case (every order must be ruled out), and a
 * live run's keyspace-wide commands (SCAN, KEYS, DBSIZE, FLUSHDB) join every key into one
 * partition; a short prefix that already fails is cheap to rule out.
 *
 * The prefix at time C keeps the operations invoked at or before C; those that had not returned
 * by C become `unknown`. If the prefix is not linearizable, neither is the history: in any
 * linearization of the history, every operation that returned by C comes before every operation
 * invoked after C (real-time order), so dropping the later ones changes no reply the prefix
 * keeps, and the prefix's unfinished operations may take effect where they did or not at all.
 * The converse does not hold, so a linearizable prefix proves nothing about the rest and the
 * verdict stays `unknown`.
 */
import {
  type CheckReport,
  checkHistorySteps,
  type History,
  type HistoryOp,
} from '../linearizability/index.ts';
import { finishNow, type Steps } from '../pacing.ts';
import { wallNowMs } from '../wall-clock.ts';

/** The first prefix holds this many operations; each next one twice as many. */
export const PREFIX_OPS_MIN = 32;

export interface PrefixVerdict {
  readonly report: CheckReport;
  /** The operations of the prefix that decided, or of the whole history when none did. */
  readonly prefixOps: number;
}

/** The prefix of operations invoked at or before `cutMs`, cut off as the header says. */
export function historyPrefix(history: History, cutMs: number): History {
  const ops: HistoryOp[] = [];
  for (const op of history.ops) {
    if (op.invokeMs > cutMs) continue;
    const returned = op.returnMs !== null && op.returnMs <= cutMs;
    ops.push(returned ? op : { ...op, status: 'unknown', returnMs: null, reply: null });
  }
  return { ...history, ops };
}

/**
 * Checks prefixes of PREFIX_OPS_MIN, twice that, ... operations (in invoke order) while they
 * are linearizable; the first one that is not decides. Stops at the first prefix left unknown.
 */
export function checkPrefixes(history: History, wallMsMax: number): PrefixVerdict | null {
  return finishNow(checkPrefixesSteps(history, wallMsMax));
}

/** checkPrefixes as paced steps (sim/pacing.ts): a stop reason ends it with RunInterruptedError. */
export function* checkPrefixesSteps(history: History, wallMsMax: number): Steps<PrefixVerdict | null> {
  const invokes = history.ops.map((op) => op.invokeMs).sort((a, b) => a - b);
  for (let count = PREFIX_OPS_MIN; count < invokes.length; count *= 2) {
    const prefix = historyPrefix(history, invokes[count - 1] as number);
    const report = yield* checkHistorySteps(prefix, { limits: { wallMsMax }, nowMs: wallNowMs });
    if (report.verdict === 'not-linearizable') return { report, prefixOps: prefix.ops.length };
    if (report.verdict === 'unknown') return null;
  }
  return null;
}
