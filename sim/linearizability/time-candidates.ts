/**
 * The times at which the search tries to apply one operation: exact, yet finitely many.
 *
 * The rule (docs/history-format.md, "Time"): each linearized operation X gets an integer time
 * t_X with max(invoke_X, t of the previous linearized operation) <= t_X <= min(return_X, the
 * earliest return among operations not yet linearized). Times are thus non-decreasing along a
 * linearization and lie inside every interval. Within that window [lo, hi] the search tries:
 *
 * 1. `lo`, the earliest time;
 * 2. every deadline D of a key the operation touches, and D + 1, inside the window (a key is
 *    alive at D and gone at D + 1), plus every absolute deadline A the operation writes, and
 *    A + 1 (EXPIREAT/PXAT at or before now deletes the key);
 * 3. for TTL and PTTL, the earliest time whose reply equals the observed one (the reply runs
 *    down with t, so a binary search finds it; PartitionModel does that with the model);
 * 4. for an operation that writes a deadline relative to its own time (EXPIRE, PEXPIRE, SETEX,
 *    PSETEX, SET EX/PX), or a transaction that reads a TTL, every millisecond of the window.
 *
 * Why this is exact: outside case 4, the operation's reply and effect are a step function of t
 * whose steps are the times in 2 (and, for TTL, the reply pins t, case 3). Two times giving the
 * same reply and state differ only in later keys' expiry, which any later operation sees the
 * same way, so the earlier time is always at least as good: trying the earliest time of each
 * step loses nothing. Case 4 has no steps (each t gives its own deadline), so every t is tried,
 * up to `windowMsMax` of them; beyond that the plan is marked truncated and a failure of the
 * search becomes `unknown` rather than a false verdict.
 *
 * A partition in which no operation writes a deadline has no deadlines at all: time cannot
 * matter there, and `lo` alone is tried.
 */
import type { Arg } from '../../redlite/reply.ts';
import { absoluteDeadlines, commandTiming } from './command-traits.ts';

export interface TimeWindow {
  readonly loMs: number;
  readonly hiMs: number;
}

export interface TimePlan {
  /** Candidate times, ascending and distinct, inside the window. */
  readonly times: number[];
  /** True when a relative-deadline window was wider than windowMsMax and was cut short. */
  readonly truncated: boolean;
  /** True when the caller should add the earliest time matching an observed TTL/PTTL reply. */
  readonly solveTtl: boolean;
}

/** What of an operation the rule needs, worked out once per operation. */
export interface OpTiming {
  /** Case 4: it writes a deadline relative to its own time, or is a transaction reading a TTL. */
  readonly everyMs: boolean;
  /** Case 2: absolute deadlines it writes (Unix ms). */
  readonly absoluteMs: readonly bigint[];
  /** Case 3: one TTL or PTTL command. */
  readonly ttlRead: boolean;
}

export function opTiming(commands: readonly (readonly Arg[])[], txn: boolean): OpTiming {
  const timings = commands.map(commandTiming);
  const absoluteMs: bigint[] = [];
  let everyMs = txn && timings.includes('ttl-read');
  commands.forEach((argv, i) => {
    if (timings[i] !== 'deadline-write') return;
    const deadlines = absoluteDeadlines(argv);
    if (deadlines === null) everyMs = true;
    else absoluteMs.push(...deadlines);
  });
  return { everyMs, absoluteMs, ttlRead: !txn && timings[0] === 'ttl-read' };
}

export interface PlanInput {
  readonly window: TimeWindow;
  readonly timing: OpTiming;
  /** Whether any operation of the partition writes a deadline. */
  readonly timeSensitive: boolean;
  /** The deadlines of the keys the operation touches, in the state it would be applied to. */
  readonly deadlinesMs: readonly number[];
  readonly windowMsMax: number;
}

export function planTimes(input: PlanInput): TimePlan {
  const { loMs, hiMs } = input.window;
  if (loMs > hiMs) throw new RangeError(`empty time window [${loMs}, ${hiMs}]`);
  if (!input.timeSensitive) return { times: [loMs], truncated: false, solveTtl: false };
  const times = new Set<number>([loMs]);
  // Each deadline and the millisecond after it, where inside the window (written out: this
  // runs once per step, and a helper closure would cost more than the rest).
  for (const deadline of input.deadlinesMs) {
    if (deadline >= loMs && deadline <= hiMs) times.add(deadline);
    if (deadline + 1 >= loMs && deadline + 1 <= hiMs) times.add(deadline + 1);
  }
  for (const absolute of input.timing.absoluteMs) {
    if (absolute < BigInt(loMs) || absolute > BigInt(hiMs)) continue;
    const deadline = Number(absolute);
    times.add(deadline);
    if (deadline + 1 <= hiMs) times.add(deadline + 1);
  }
  let truncated = false;
  if (input.timing.everyMs) {
    const lastMs = Math.min(hiMs, loMs + input.windowMsMax - 1);
    truncated = lastMs < hiMs;
    for (let atMs = loMs; atMs <= lastMs; atMs++) times.add(atMs);
    times.add(hiMs);
  }
  const sorted = times.size === 1 ? [loMs] : [...times].sort((a, b) => a - b);
  return { times: sorted, truncated, solveTtl: input.timing.ttlRead };
}
