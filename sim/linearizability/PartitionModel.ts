/**
 * PartitionModel: the model steps of one partition's search. A search node is a copy of the
 * reference model (sim/model) with the canonical records of the partition's keys and the time
 * of the last linearized operation; applying an operation at a candidate time (time-candidates.ts)
 * to a fresh copy gives the next node, and its reply is compared with the observed one as
 * normalised RESP2 (sim/checkers/same-reply.ts). SPOP adopts an observed valid choice; an SPOP
 * that never returned branches over every pop it might have made (spop-choices.ts).
 *
 * Copies are cheap because most partitions hold few keys. A read-only command in a partition
 * without deadlines cannot change the model, so it shares its parent's copy; anywhere else a
 * read may delete an expired key as it looks, so it gets its own. A keyspace-wide operation
 * (KEYS, SCAN, FLUSHDB) can join hundreds of keys into one partition; there, a node's state
 * number is built from its parent's (StateInterner.ts), and the transition memo keeps fewer
 * steps, so that neither time nor memory per step grows with the key count more than it must.
 *
 * It knows nothing of the search order or the cache (search.ts).
 */
import type { Reply } from '../../redlite/reply.ts';
import { sameReply } from '../checkers/same-reply.ts';
import { isRandomCommand, Model, normalizeReply } from '../model/index.ts';
import type { SearchBudget } from './budget.ts';
import { argText, commandTiming, deadlineReadKeys, traitsOf } from './command-traits.ts';
import type { HistoryOp } from './history.ts';
import { ABSENT, type DeadlineView, type KeyRecord, readKeyRecord } from './key-state.ts';
import type { CheckLimits } from './limits.ts';
import { opKeys, opTouchesKeyspace, type Partition } from './partition-history.ts';
import { SearchClock } from './SearchClock.ts';
import { StateInterner } from './StateInterner.ts';
import { spopChoices } from './spop-choices.ts';
import { TransitionMemo } from './TransitionMemo.ts';
import { type OpTiming, opTiming, planTimes, type TimeWindow } from './time-candidates.ts';
import { earliestTimeAtMost } from './ttl-time.ts';

/**
 * Remembered steps per generation (TransitionMemo.ts). A step holds a model copy and a record
 * array, each about one pointer-sized map entry or slot per partition key, so the memo is bounded
 * by keys as well as by steps: two generations of MEMO_KEYS_MAX keys at well under 100 bytes
 * each stay within about 200 MB, and a partition of a few keys keeps MEMO_ENTRIES_MAX steps.
 */
const MEMO_ENTRIES_MAX = 50_000;
const MEMO_KEYS_MAX = 1_000_000;

export interface SearchNode {
  readonly model: Model;
  /** One record per partition key, in the partition's key order. */
  readonly records: readonly KeyRecord[];
  /** The time the last linearized operation was applied at (0 before any). */
  readonly atMs: number;
  /** The chunk numbers of `records` as they are (StateInterner.ts). */
  readonly chunks: readonly number[];
  /** Indexes of the keys whose record has a deadline, ascending. */
  readonly deadlineKeys: readonly number[];
  /** The number of the state as seen from `atMs` on (stateIdAt(this, atMs)). */
  readonly stateId: number;
}

export interface Outcome {
  readonly atMs: number;
  /** The model's reply (for an operation that never returned, the reply it would have had). */
  readonly reply: Reply;
  readonly matches: boolean;
  /** The node after the operation; null when the reply does not match. */
  readonly node: SearchNode | null;
}

interface OpFacts {
  /** Indexes of the keys the operation names; every key when it writes the whole keyspace. */
  readonly keyIndexes: readonly number[];
  readonly readOnly: boolean;
  readonly keyspace: boolean;
  readonly writesDeadline: boolean;
  readonly timing: OpTiming;
}

export class PartitionModel {
  readonly keys: readonly string[];
  /** True when some operation writes a deadline: only then can time change an outcome. */
  readonly timeSensitive: boolean;
  private readonly deadlineView: DeadlineView;
  private readonly limits: CheckLimits;
  private readonly budget: SearchBudget;
  private readonly clock = new SearchClock(0);
  private readonly facts = new Map<number, OpFacts>();
  private readonly memo: TransitionMemo<Outcome>;
  private readonly interner: StateInterner;

  constructor(partition: Partition, limits: CheckLimits, budget: SearchBudget) {
    this.keys = partition.keys;
    this.limits = limits;
    this.budget = budget;
    this.interner = new StateInterner(partition.keys.length, budget);
    const memoEntriesMax = Math.floor(MEMO_KEYS_MAX / Math.max(1, partition.keys.length));
    this.memo = new TransitionMemo(Math.max(1, Math.min(MEMO_ENTRIES_MAX, memoEntriesMax)));
    this.timeSensitive = partition.ops.some((op) =>
      op.commands.some((argv) => commandTiming(argv) === 'deadline-write'),
    );
    this.deadlineView = {
      read: this.timeSensitive,
      farFromMs: latestMs(partition),
      exactKeys: deadlineReadKeys(partition.ops.flatMap((op) => op.commands)),
    };
    const keyIndex = new Map(partition.keys.map((key, i) => [key, i]));
    for (const op of partition.ops) {
      const keyspace = opTouchesKeyspace(op);
      const readOnly = op.lossFromMs === undefined && op.commands.every((argv) => traitsOf(argv).readOnly);
      const keyIndexes =
        keyspace && !readOnly
          ? partition.keys.map((_, i) => i)
          : opKeys(op).map((key) => keyIndex.get(key) as number);
      const writesDeadline = op.commands.some((argv) => commandTiming(argv) === 'deadline-write');
      const timing = opTiming(op.commands, op.txn);
      this.facts.set(op.id, { keyIndexes, readOnly, keyspace, writesDeadline, timing });
    }
  }

  root(): SearchNode {
    const records = this.keys.map(() => ABSENT);
    return this.node(
      new Model({ clock: this.clock }),
      records,
      this.interner.chunksOf(records, null, []),
      [],
      0,
    );
  }

  /** Every outcome of applying `op` at each candidate time, matching or not (for reports too). */
  outcomes(node: SearchNode, op: HistoryOp, window: TimeWindow): { outcomes: Outcome[]; truncated: boolean } {
    const facts = this.factsOf(op);
    const plan = planTimes({
      window,
      timing: facts.timing,
      timeSensitive: this.timeSensitive,
      deadlinesMs: this.deadlinesOf(node, facts),
      windowMsMax: this.limits.windowMsMax,
    });
    const times = plan.times;
    if (plan.solveTtl && op.reply !== null) {
      const solved = this.solveTtl(node, op, window);
      if (solved !== null && !times.includes(solved)) times.push(solved);
      times.sort((a, b) => a - b);
    }
    let truncated = plan.truncated;
    const outcomes: Outcome[] = [];
    for (const atMs of times) {
      const variants = this.variants(node, op, atMs);
      truncated ||= variants.truncated;
      variants.replies.forEach((observed, variant) => {
        // Remembered or not, each outcome counts: the budget bounds the walk, not the work.
        this.budget.spend(op.commands.length);
        // Operations run no earlier than the node's time, from which its state number judges.
        const memoKey = `${op.id}|${variant}|${atMs}|${node.stateId}`;
        let outcome = this.memo.get(memoKey);
        if (outcome === undefined) {
          outcome = this.apply(node, op, facts, atMs, observed);
          this.memo.set(memoKey, outcome);
        }
        outcomes.push(outcome);
      });
    }
    return { outcomes, truncated };
  }

  /**
   * The node whose state is `earlier`'s, as of `atMs`: where a loss (history.ts) rolls the
   * partition back to. search.ts picks `earlier` from its path.
   */
  restored(earlier: SearchNode, atMs: number): SearchNode {
    return this.sameRecordsAt(earlier, earlier.model, atMs);
  }

  /** Whether applying `op` can change the partition's state. */
  writes(op: HistoryOp): boolean {
    return !this.factsOf(op).readOnly;
  }

  /** The distinct next nodes whose reply matches, each at the earliest time that reaches it. */
  successors(
    node: SearchNode,
    op: HistoryOp,
    window: TimeWindow,
  ): { nodes: SearchNode[]; truncated: boolean } {
    const { outcomes, truncated } = this.outcomes(node, op, window);
    const seen = new Set<number>();
    const nodes: SearchNode[] = [];
    for (const outcome of outcomes) {
      if (outcome.node === null) continue;
      if (seen.has(outcome.node.stateId)) continue;
      seen.add(outcome.node.stateId);
      // An operation that never returned need not take effect; taking one that changes nothing
      // only uses it up, so that branch can never do better than leaving it out.
      if (op.status === 'unknown' && this.sameState(outcome.node, node)) continue;
      nodes.push(outcome.node);
    }
    return { nodes, truncated };
  }

  private node(
    model: Model,
    records: readonly KeyRecord[],
    chunks: readonly number[],
    deadlineKeys: readonly number[],
    atMs: number,
  ): SearchNode {
    const stateId = this.interner.stateId(records, chunks, deadlineKeys, atMs);
    return { model, records, atMs, chunks, deadlineKeys, stateId };
  }

  /** A node with `earlier`'s records and `model`, at `atMs`. */
  private sameRecordsAt(earlier: SearchNode, model: Model, atMs: number): SearchNode {
    return this.node(model, earlier.records, earlier.chunks, earlier.deadlineKeys, atMs);
  }

  /**
   * True when applying `op` to `node` at any time from `fromMs` on has one effect: it writes no
   * deadline, and every key it touches has no deadline at or after `fromMs` (none, or passed).
   * Where it would run then does not matter, only whether it runs.
   */
  timeIndifferent(node: SearchNode, op: HistoryOp, fromMs: number): boolean {
    const facts = this.factsOf(op);
    if (facts.writesDeadline) return false;
    const indexes = facts.keyspace ? node.deadlineKeys : facts.keyIndexes;
    for (const i of indexes) {
      const deadlineMs = node.records[i]?.deadlineMs;
      if (deadlineMs !== null && deadlineMs !== undefined && deadlineMs >= fromMs) return false;
    }
    return true;
  }

  /**
   * The number of `node`'s state as seen from `atMs` on: keys whose deadline passed before
   * `atMs` count as absent, since no operation from then on can see them.
   */
  stateIdAt(node: SearchNode, atMs: number): number {
    if (atMs === node.atMs) return node.stateId;
    return this.interner.stateId(node.records, node.chunks, node.deadlineKeys, atMs);
  }

  /** Whether `after` holds the state `before` had, as seen from `after`'s time. */
  private sameState(after: SearchNode, before: SearchNode): boolean {
    return after.stateId === this.stateIdAt(before, after.atMs);
  }

  private factsOf(op: HistoryOp): OpFacts {
    const facts = this.facts.get(op.id);
    if (facts === undefined) throw new Error(`linearizability: op #${op.id} is not in this partition`);
    return facts;
  }

  private deadlinesOf(node: SearchNode, facts: OpFacts): number[] {
    const deadlines: number[] = [];
    const indexes = facts.keyspace ? node.deadlineKeys : facts.keyIndexes;
    for (const i of indexes) {
      const deadline = node.records[i]?.deadlineMs;
      if (deadline !== null && deadline !== undefined) deadlines.push(deadline);
    }
    return deadlines;
  }

  /** The observed replies to adopt: the real one, or each possible pop of an unseen SPOP. */
  private variants(
    node: SearchNode,
    op: HistoryOp,
    atMs: number,
  ): { replies: (Reply | null)[]; truncated: boolean } {
    if (op.status === 'ok') return { replies: [op.reply], truncated: false };
    const argv = op.commands[0] ?? [];
    if (op.txn) {
      // An unseen SPOP inside a transaction is tried with the model's own choice only.
      return { replies: [null], truncated: op.commands.some((command) => isRandomCommand(command)) };
    }
    if (!isRandomCommand(argv)) return { replies: [null], truncated: false };
    const members = this.membersAt(node, argv[1] === undefined ? null : argText(argv[1]), atMs);
    const choices = spopChoices(
      members,
      argv[2] === undefined ? null : argText(argv[2]),
      this.limits.spopChoicesMax,
    );
    return { replies: choices.replies.length === 0 ? [null] : choices.replies, truncated: choices.truncated };
  }

  private membersAt(node: SearchNode, key: string | null, atMs: number): string[] {
    if (key === null) return [];
    this.budget.spend(1);
    this.clock.set(atMs);
    const reply = node.model.clone().exec(['SMEMBERS', Buffer.from(key, 'latin1')]);
    if (reply.type !== 'array' || reply.value === null) return [];
    return reply.value.flatMap((item) =>
      item.type === 'bulk' && item.value !== null ? [item.value.toString('latin1')] : [],
    );
  }

  private apply(
    node: SearchNode,
    op: HistoryOp,
    facts: OpFacts,
    atMs: number,
    observed: Reply | null,
  ): Outcome {
    if (op.txn && op.status === 'ok' && isAbortedExec(op.reply)) {
      // An aborted EXEC changed nothing; whether WATCH justified the abort is not judged.
      return {
        atMs,
        reply: op.reply as Reply,
        matches: true,
        node: this.sameRecordsAt(node, node.model, atMs),
      };
    }
    const shared = !this.timeSensitive && facts.readOnly;
    const model = shared ? node.model : node.model.clone();
    this.clock.set(atMs);
    let reply: Reply;
    let matches: boolean;
    if (op.txn) {
      const observedItems = observed?.type === 'array' ? observed.value : null;
      const replies = op.commands.map((argv, i) => runOne(model, argv, observedItems?.[i] ?? null));
      reply = { type: 'array', value: replies };
      matches =
        op.status === 'unknown' ||
        (observedItems !== null &&
          observedItems.length === replies.length &&
          replies.every((item, i) =>
            sameReply(op.commands[i] ?? [], item, observedItems[i] as Reply, normalizeReply),
          ));
    } else {
      const argv = op.commands[0] ?? [];
      reply = runOne(model, argv, observed);
      matches = op.status === 'unknown' || sameReply(argv, reply, observed as Reply, normalizeReply);
    }
    if (!matches) return { atMs, reply, matches, node: null };
    if (facts.readOnly) return { atMs, reply, matches, node: this.sameRecordsAt(node, model, atMs) };
    return { atMs, reply, matches, node: this.written(node, model, facts, atMs) };
  }

  /**
   * The node after a write: the records of the keys it touched, read again. (A read changes no
   * record; an expired key it deleted on the way still has a record whose deadline says it is
   * gone, which stateIdAt honours.)
   */
  private written(node: SearchNode, model: Model, facts: OpFacts, atMs: number): SearchNode {
    const records = node.records.slice();
    const touched = new Set(facts.keyIndexes);
    let deadlineKeys: number[] | null = null;
    for (const i of facts.keyIndexes) {
      const record = readKeyRecord(model, this.keys[i] as string, atMs, this.deadlineView);
      records[i] = record;
      if (record.deadlineMs === null) continue;
      deadlineKeys ??= [];
      deadlineKeys.push(i);
    }
    const kept = node.deadlineKeys.filter((i) => !touched.has(i));
    const merged = deadlineKeys === null ? kept : [...kept, ...deadlineKeys].sort((a, b) => a - b);
    const chunks = this.interner.chunksOf(records, node.chunks, facts.keyIndexes);
    return this.node(model, records, chunks, merged, atMs);
  }

  /** The earliest time in the window at which TTL/PTTL answers what was observed (ttl-time.ts). */
  private solveTtl(node: SearchNode, op: HistoryOp, window: TimeWindow): number | null {
    const observed = op.reply;
    if (observed?.type !== 'integer') return null;
    const argv = [...(op.commands[0] ?? [])];
    return earliestTimeAtMost(window, BigInt(observed.value), (atMs) => {
      this.budget.spend(1);
      this.clock.set(atMs);
      const reply = node.model.clone().exec(argv);
      return reply.type === 'integer' ? BigInt(reply.value) : null;
    });
  }
}

function runOne(model: Model, argv: readonly (string | Buffer)[], observed: Reply | null): Reply {
  if (observed !== null && isRandomCommand(argv)) return model.execAdopting([...argv], observed).reply;
  return model.exec([...argv]);
}

function isAbortedExec(reply: Reply | null): boolean {
  if (reply === null) return false;
  if (reply.type === 'array') return reply.value === null;
  return reply.type === 'error' && reply.value.startsWith('EXECABORT');
}

/** The latest time any operation of the partition can be applied at. */
function latestMs(partition: Partition): number {
  let latest = 0;
  for (const op of partition.ops) latest = Math.max(latest, op.invokeMs, op.returnMs ?? 0);
  return latest;
}
