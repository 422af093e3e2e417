/**
 * The search for a linearization of one partition: Wing and Gong's algorithm with Lowe's
 * memoisation ("Testing for linearizability", 2017), in the iterative form porcupine uses.
 *
 * Walk the entry list (EntryList.ts) from its head. At a call entry, try to linearize that
 * operation next: apply it to the current model node at each candidate time
 * (PartitionModel.ts); for each resulting node whose reply matches, look up the pair (set of
 * linearized operations, model state) in the cache. The first pair not seen before is cached
 * and taken: the operation's entries are lifted out of the list, a frame is pushed, and the walk
 * restarts at the head. A pair already cached was explored from another path and cannot succeed
 * from this one either, so it is skipped. At a return entry, the operation it closes could not be
 * linearized before returning: pop the last frame, unlift its operation, and try that frame's
 * next alternative, or move past its call entry. The partition is linearizable once every
 * operation that returned is linearized; operations that never returned may be left out
 * (taking effect after everything else is the same as never taking effect), and are tried only
 * once nothing that returned fits.
 *
 * A read that returned and fits at the current node is taken at once, with no backtrack point
 * of its own (a forced frame), when it does not move the node's time or time changes no reply
 * in the partition (no deadlines): if some linearization from here places it later, moving it
 * to the front changes no other reply (it changes no state), breaks no real-time order (every
 * operation that returned before it was invoked is linearized already, or the walk would have
 * stopped at that return before reaching its call, so every other pending operation may still
 * run at or after its time), and keeps it in its window. So when the path
 * through it fails, so does every path from its parent, and backtracking skips the parent's other
 * choices. Without this, n concurrent reads (an audit after a restart reads every key at once)
 * cost up to 2^n cache entries before a verdict.
 *
 * A loss (history.ts) is linearized like an operation between its kill and its restart; its
 * alternatives are the current state and each state on the current path that the loss may roll
 * back to: walking the path back from its end, past every write that returned after the loss's
 * `fromMs` (or never returned) and past reads, stopping at the first write acknowledged before
 * it or at an earlier loss. The lost writes stay in the linearized set: they happened, and their
 * replies were matched; only their effect is gone.
 *
 * The cache key is the linearized set's number (SetInterner.ts), the number of the model state
 * as seen from the earliest time anything can still run at (StateInterner.ts), and, where
 * deadlines make time matter, that time: a few dozen bytes however wide the partition. Both
 * numberings are exact, so two keys are equal only for equal sets and states.
 *
 * Every loop is bounded: each step spends the budget (budget.ts), as does every byte the cache
 * and the numberings remember, and a spent budget ends the search with `unknown`, never with a
 * verdict it did not reach. The walk records the longest
 * path it explored, for the failure report (explain-failure.ts).
 */
import { finishNow, RunInterruptedError, type Steps } from '../pacing.ts';
import type { SearchBudget } from './budget.ts';
import { EntryList } from './EntryList.ts';
import type { HistoryOp } from './history.ts';
import { LinearizedSet } from './LinearizedSet.ts';
import type { CheckLimits } from './limits.ts';
import { PartitionModel, type SearchNode } from './PartitionModel.ts';
import type { Partition } from './partition-history.ts';
import { EMPTY_SET_ID, SetInterner, type SetPath } from './SetInterner.ts';
import { rememberedBytes } from './StateInterner.ts';

export type Verdict = 'linearizable' | 'not-linearizable' | 'unknown';

export interface LinearizedStep {
  readonly op: HistoryOp;
  /** The time the operation was applied at. */
  readonly atMs: number;
}

export interface SearchResult {
  readonly verdict: Verdict;
  /** For `unknown`: which limit ran out, or which alternatives were cut short. */
  readonly unknownReason: string | null;
  readonly steps: number;
  /** Distinct (linearized set, state) pairs reached: Lowe's cache size. */
  readonly statesExplored: number;
  /** The linearization found, or, when none was, the longest linearizable prefix explored. */
  readonly path: readonly LinearizedStep[];
  /** The model node at the end of `path`. */
  readonly pathEnd: SearchNode;
  readonly model: PartitionModel;
}

/**
 * The walk makes two passes over the calls before the first return: operations that returned
 * first, then those that never did. Both are tried at every node, so the search is as complete
 * as in list order; trying a crashed operation only when nothing else fits keeps the search
 * from carrying it down every path.
 */
type Pass = 'returned' | 'unreturned';

interface PendingFrame {
  readonly entry: number;
  readonly opIndex: number;
  readonly pass: Pass;
  readonly alternatives: readonly SearchNode[];
  chosen: number;
  readonly parent: SearchNode;
  readonly frontierBefore: number;
  readonly scanHiMs: number;
  /** A read taken at once (see the header): backtracking goes past it to the frame before. */
  readonly forced: boolean;
}

interface Frame extends PendingFrame {
  /** The number of the linearized set with this frame's operation (SetInterner.ts). */
  readonly setId: number;
}

/**
 * Turns of the search loop between two pauses (sim/pacing.ts), so that a host can stop a long
 * search within a second: a turn costs from a microsecond to about 0.3 ms in a partition of
 * thousands of keys (4,000 keys under one DBSIZE: 34,000 steps in 9.5 s), a pause a generator
 * resume and a look at the host's clock, well under a microsecond.
 */
export const TURNS_PER_PAUSE = 256;

export function searchPartition(
  partition: Partition,
  limits: CheckLimits,
  budget: SearchBudget,
): SearchResult {
  return finishNow(searchPartitionSteps(partition, limits, budget));
}

/**
 * The search as paced steps: it pauses every TURNS_PER_PAUSE turns, and a stop reason sent back
 * at a pause ends it with RunInterruptedError (a stopped search has no verdict to give).
 */
export function searchPartitionSteps(
  partition: Partition,
  limits: CheckLimits,
  budget: SearchBudget,
): Steps<SearchResult> {
  return new Search(partition, limits, budget).run();
}

class Search {
  private readonly ops: readonly HistoryOp[];
  private readonly model: PartitionModel;
  private readonly budget: SearchBudget;
  private readonly statesMax: number;
  private readonly entries: EntryList;
  private readonly linearized: LinearizedSet;
  private readonly setIds: SetInterner;
  /** The linearized set and the numbers of the sets along the current path, for setIds. */
  private readonly setPath: SetPath = {
    has: (op) => this.linearized.has(op),
    setIdOfSize: (size) => (size === 0 ? EMPTY_SET_ID : (this.frames[size - 1]?.setId ?? -1)),
  };
  private readonly cache = new Set<string>();
  private readonly frames: Frame[] = [];
  private node: SearchNode;
  private returnedLeft: number;
  private unreturnedLeft: number;
  private truncated = false;
  /** The longest path so far: `best` matches `frames` below `bestValidBelow`. */
  private best: LinearizedStep[] = [];
  private bestEnd: SearchNode;
  private bestValidBelow = 0;

  constructor(partition: Partition, limits: CheckLimits, budget: SearchBudget) {
    this.ops = partition.ops;
    this.budget = budget;
    this.statesMax = limits.statesMax;
    this.model = new PartitionModel(partition, limits, budget);
    this.entries = new EntryList(this.ops);
    this.linearized = new LinearizedSet(this.ops);
    this.setIds = new SetInterner(this.ops.length, budget);
    this.node = this.model.root();
    this.bestEnd = this.node;
    this.returnedLeft = this.ops.filter((op) => op.returnMs !== null).length;
    this.unreturnedLeft = this.ops.length - this.returnedLeft;
  }

  *run(): Steps<SearchResult> {
    let entry = this.entries.first();
    let scanHiMs = this.entries.firstReturnMs();
    let pass: Pass = 'returned';
    let turnsToPause = TURNS_PER_PAUSE;
    while (this.returnedLeft > 0) {
      if (--turnsToPause === 0) {
        turnsToPause = TURNS_PER_PAUSE;
        const stop = yield;
        if (stop !== null && stop !== undefined) throw new RunInterruptedError(stop);
      }
      const spent = this.budget.exhausted() ?? this.statesSpent();
      if (spent !== null) return this.result('unknown', `budget exhausted: ${spent}`);
      if (this.entries.isCall(entry)) {
        const opIndex = this.entries.opOf(entry);
        const op = this.ops[opIndex] as HistoryOp;
        if ((op.returnMs === null) !== (pass === 'unreturned')) {
          entry = this.entries.nextOf(entry);
          continue;
        }
        const window = {
          loMs: Math.max(op.invokeMs, this.node.atMs),
          hiMs: Math.min(op.returnMs ?? Number.POSITIVE_INFINITY, scanHiMs),
        };
        const next =
          op.lossFromMs === undefined
            ? this.model.successors(this.node, op, window)
            : { nodes: this.lossAlternatives(op.lossFromMs, window.loMs), truncated: false };
        this.truncated ||= next.truncated;
        const first = next.nodes[0];
        const forced =
          op.returnMs !== null &&
          !this.model.writes(op) &&
          first !== undefined &&
          (first.atMs === this.node.atMs || !this.model.timeSensitive);
        const frame: PendingFrame = {
          entry,
          opIndex,
          pass,
          alternatives: forced ? [first] : next.nodes,
          chosen: -1,
          parent: this.node,
          frontierBefore: 0,
          scanHiMs,
          forced,
        };
        if (this.descend(frame)) {
          entry = this.entries.first();
          scanHiMs = this.entries.firstReturnMs();
          pass = 'returned';
        } else {
          entry = this.entries.nextOf(entry);
        }
        continue;
      }
      // A return entry: its operation could not be linearized in time on this path, unless
      // an operation that never returned goes first; try those, then backtrack.
      if (pass === 'returned' && this.unreturnedLeft > 0) {
        pass = 'unreturned';
        entry = this.entries.first();
        continue;
      }
      const resumed = this.backtrack();
      if (resumed === null) return this.failed();
      ({ entry, scanHiMs, pass } = resumed);
    }
    this.recordBest();
    return this.result('linearizable', null);
  }

  /**
   * The nodes a loss may leave the partition in, at `atMs`: the current state first, then each
   * earlier state it may roll back to (see the header), each distinct state once.
   */
  private lossAlternatives(fromMs: number, atMs: number): SearchNode[] {
    const nodes = [this.model.restored(this.node, atMs)];
    const seen = new Set([nodes[0]?.stateId]);
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i] as Frame;
      const op = this.ops[frame.opIndex] as HistoryOp;
      if (op.lossFromMs !== undefined) break;
      if (!this.model.writes(op)) continue;
      if (op.returnMs !== null && op.returnMs <= fromMs) break;
      const node = this.model.restored(frame.parent, atMs);
      if (seen.has(node.stateId)) continue;
      seen.add(node.stateId);
      nodes.push(node);
    }
    return nodes;
  }

  private statesSpent(): string | null {
    return this.cache.size >= this.statesMax ? `statesMax spent (${this.statesMax} states)` : null;
  }

  /**
   * Linearizes the frame's operation with its first alternative after `frame.chosen` whose
   * (linearized set, state) pair is new, pushing the frame; false when none is new.
   */
  private descend(frame: PendingFrame): boolean {
    if (frame.alternatives.length <= frame.chosen + 1) return false;
    const op = this.ops[frame.opIndex] as HistoryOp;
    const parentSetId = this.frames.at(-1)?.setId ?? EMPTY_SET_ID;
    const frontierBefore = this.linearized.add(frame.opIndex);
    this.entries.lift(frame.entry);
    const setId = this.setIds.idWith(parentSetId, frame.opIndex, this.setPath);
    for (let i = frame.chosen + 1; i < frame.alternatives.length; i++) {
      const candidate = frame.alternatives[i] as SearchNode;
      // From here on nothing that time can change runs before fromMs, so state and time are
      // judged from there.
      const fromMs = Math.max(candidate.atMs, this.earliestTimedInvokeMs(candidate));
      const timeKey = this.model.timeSensitive ? fromMs : '';
      const stateId = this.model.stateIdAt(candidate, fromMs);
      const key = `${setId}#${timeKey}#${stateId}`;
      if (this.cache.has(key)) continue;
      this.cache.add(key);
      this.budget.remember(rememberedBytes(key));
      this.frames.push({ ...frame, chosen: i, frontierBefore, setId });
      this.node = candidate;
      if (op.returnMs !== null) this.returnedLeft--;
      else this.unreturnedLeft--;
      if (this.frames.length > this.best.length) this.recordBest();
      return true;
    }
    this.entries.unlift(frame.entry);
    this.linearized.remove(frame.opIndex, frontierBefore);
    return false;
  }

  /**
   * The invoke time of the first operation still listed whose outcome may depend on when it
   * runs: any that returned (its time has an upper bound), and those that never returned unless
   * time cannot change their effect from the node's time on. Such an operation lingers in the
   * list, and counting it would keep every node's time in the cache key.
   */
  private earliestTimedInvokeMs(node: SearchNode): number {
    for (let entry = this.entries.first(); entry !== this.entries.tail; entry = this.entries.nextOf(entry)) {
      if (!this.entries.isCall(entry)) continue;
      const op = this.ops[this.entries.opOf(entry)] as HistoryOp;
      if (op.returnMs !== null || !this.model.timeIndifferent(node, op, node.atMs))
        return this.entries.timeOf(entry);
    }
    return Number.POSITIVE_INFINITY;
  }

  /**
   * Undoes the last frame and tries its next alternative; when it has none, resumes the walk
   * after its call entry. Null when there is no frame left to undo.
   */
  private backtrack(): { entry: number; scanHiMs: number; pass: Pass } | null {
    for (;;) {
      const frame = this.frames.pop();
      if (frame === undefined) return null;
      this.bestValidBelow = Math.min(this.bestValidBelow, this.frames.length);
      const op = this.ops[frame.opIndex] as HistoryOp;
      this.entries.unlift(frame.entry);
      this.linearized.remove(frame.opIndex, frame.frontierBefore);
      if (op.returnMs !== null) this.returnedLeft++;
      else this.unreturnedLeft++;
      this.node = frame.parent;
      // A forced read failed: so does every other path from its parent (see the header).
      if (frame.forced) continue;
      if (this.descend(frame)) {
        return { entry: this.entries.first(), scanHiMs: this.entries.firstReturnMs(), pass: 'returned' };
      }
      return { entry: this.entries.nextOf(frame.entry), scanHiMs: frame.scanHiMs, pass: frame.pass };
    }
  }

  /** Copies the current path into `best`, rewriting only what changed since the last copy. */
  private recordBest(): void {
    this.best.length = Math.min(this.best.length, this.bestValidBelow);
    for (let i = this.best.length; i < this.frames.length; i++) {
      const frame = this.frames[i] as Frame;
      const chosen = frame.alternatives[frame.chosen] as SearchNode;
      this.best.push({ op: this.ops[frame.opIndex] as HistoryOp, atMs: chosen.atMs });
    }
    this.bestValidBelow = this.frames.length;
    this.bestEnd = this.node;
  }

  private failed(): SearchResult {
    if (this.truncated) {
      return this.result(
        'unknown',
        'no linearization found, but some alternatives were cut short (windowMsMax or spopChoicesMax)',
      );
    }
    return this.result('not-linearizable', null);
  }

  private result(verdict: Verdict, unknownReason: string | null): SearchResult {
    return {
      verdict,
      unknownReason,
      steps: this.budget.steps,
      statesExplored: this.cache.size,
      path: this.best,
      pathEnd: this.bestEnd,
      model: this.model,
    };
  }
}
