/**
 * PartitionModel: the model steps of one partition's search. A search node is a copy of the
 * reference model (sim/model) with the canonical records of the partition's keys and the time
 * of the last linearized operation; applying an operation at a candidate time (time-candidates.ts)
 * to a fresh copy gives the next node, and its reply is compared with the observed one as
 * normalised RESP2 (sim/checkers/same-reply.ts). SPOP adopts an observed valid choice; an SPOP
 * that never returned branches over every pop it might have made (spop-choices.ts).
 *
 * Copies are cheap because a partition holds few keys. A read-only command in a partition
 * without deadlines cannot change the model, so it shares its parent's copy; anywhere else a
 * read may delete an expired key as it looks, so it gets its own.
 *
 * It knows nothing of the search order or the cache (search.ts).
 */
import type { Reply } from '../../redlite/reply.ts';
import { sameReply } from '../checkers/same-reply.ts';
import { isRandomCommand, Model, normalizeReply } from '../model/index.ts';
import type { SearchBudget } from './budget.ts';
import { argText, commandTiming, readsDeadlineValue, traitsOf } from './command-traits.ts';
import type { HistoryOp } from './history.ts';
import { ABSENT, type DeadlineView, type KeyRecord, readKeyRecord } from './key-state.ts';
import type { CheckLimits } from './limits.ts';
import { opKeys, opTouchesKeyspace, type Partition } from './partition-history.ts';
import { SearchClock } from './SearchClock.ts';
import { spopChoices } from './spop-choices.ts';
import { TransitionMemo } from './TransitionMemo.ts';
import { type OpTiming, opTiming, planTimes, type TimeWindow } from './time-candidates.ts';
import { earliestTimeAtMost } from './ttl-time.ts';

/**
 * Remembered steps per generation (TransitionMemo.ts). A step holds a model copy of a few keys,
 * so two generations of this many stay within a few hundred MB for the partitions we check.
 */
const MEMO_ENTRIES_MAX = 50_000;

export interface SearchNode {
  readonly model: Model;
  /** One record per partition key, in the partition's key order. */
  readonly records: readonly KeyRecord[];
  /** The time the last linearized operation was applied at (0 before any). */
  readonly atMs: number;
  /** The number of the state as seen from `atMs` on (internState(stateKey(this, atMs))). */
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
  private readonly memo = new TransitionMemo<Outcome>(MEMO_ENTRIES_MAX);
  private readonly stateIds = new Map<string, number>();

  constructor(partition: Partition, limits: CheckLimits, budget: SearchBudget) {
    this.keys = partition.keys;
    this.limits = limits;
    this.budget = budget;
    this.timeSensitive = partition.ops.some((op) =>
      op.commands.some((argv) => commandTiming(argv) === 'deadline-write'),
    );
    const valuesRead = partition.ops.some((op) => op.commands.some(readsDeadlineValue));
    this.deadlineView = { read: this.timeSensitive, farFromMs: valuesRead ? null : latestMs(partition) };
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
    return this.node(
      new Model({ clock: this.clock }),
      this.keys.map(() => ABSENT),
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
    return this.node(earlier.model, earlier.records, atMs);
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

  /**
   * The node's state as one string, as seen from `fromMs` on: keys whose deadline passed before
   * `fromMs` count as absent, since no operation from then on can see them.
   */
  stateKey(node: Pick<SearchNode, 'records'>, fromMs: number): string {
    let key = '';
    for (const record of node.records) {
      const gone = record.deadlineMs !== null && record.deadlineMs < fromMs;
      const digest = gone ? '' : record.digest;
      key += `${digest.length}:${digest}`;
    }
    return key;
  }

  /** A small number per distinct state string, so keys that name a state stay short. */
  internState(state: string): number {
    let id = this.stateIds.get(state);
    if (id === undefined) {
      id = this.stateIds.size;
      this.stateIds.set(state, id);
    }
    return id;
  }

  private node(model: Model, records: readonly KeyRecord[], atMs: number): SearchNode {
    return { model, records, atMs, stateId: this.internState(this.stateKey({ records }, atMs)) };
  }

  /**
   * True when applying `op` to `node` at any time from `fromMs` on has one effect: it writes no
   * deadline, and every key it touches has no deadline at or after `fromMs` (none, or passed).
   * Where it would run then does not matter, only whether it runs.
   */
  timeIndifferent(node: SearchNode, op: HistoryOp, fromMs: number): boolean {
    const facts = this.factsOf(op);
    if (facts.writesDeadline) return false;
    const indexes = facts.keyspace ? node.records.keys() : facts.keyIndexes.values();
    for (const i of indexes) {
      const deadlineMs = node.records[i]?.deadlineMs;
      if (deadlineMs !== null && deadlineMs !== undefined && deadlineMs >= fromMs) return false;
    }
    return true;
  }

  /** The number of `node`'s state as seen from `atMs` on. */
  stateIdAt(node: SearchNode, atMs: number): number {
    return atMs === node.atMs ? node.stateId : this.internState(this.stateKey(node, atMs));
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
    const indexes = facts.keyspace ? node.records.map((_, i) => i) : facts.keyIndexes;
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
        node: this.node(node.model, node.records, atMs),
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
    const records = shared ? node.records : this.recordsAfter(node, model, facts, atMs);
    return { atMs, reply, matches, node: this.node(model, records, atMs) };
  }

  /**
   * The records after a step: those of the keys a write touched, read again. A read changes no
   * record; an expired key it deleted on the way still has a record whose deadline says it is
   * gone, which stateKey honours.
   */
  private recordsAfter(node: SearchNode, model: Model, facts: OpFacts, atMs: number): readonly KeyRecord[] {
    if (facts.readOnly) return node.records;
    const records = node.records.slice();
    for (const i of facts.keyIndexes) {
      records[i] = readKeyRecord(model, this.keys[i] as string, atMs, this.deadlineView);
    }
    return records;
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
