/**
 * P-compositionality (Horn and Kroening, "Faster linearizability checking via
 * P-compositionality", 2015): a history is linearizable exactly when each of its partitions is,
 * where operations on disjoint sets of keys go to different partitions. Splitting first keeps
 * every search small.
 *
 * Each operation joins the partitions of all the keys it names (MSET, MGET, DEL k1 k2, RENAME,
 * SMOVE, SINTER..., and every command of a transaction), through union-find. An operation over
 * the whole keyspace (KEYS, SCAN, DBSIZE, FLUSHDB) joins every key there is. An operation that
 * names no key (PING, ECHO, an unknown command) depends on no state and is a partition of its
 * own. Operations with status `fail` had no effect and are left out, and so are reads that never
 * returned: they changed nothing and told nobody anything.
 *
 * A loss (history.ts) is a pseudo-operation of every partition that names keys: each partition
 * rolls back to its own instant at or after the loss's `fromMs`. One server loses one suffix of
 * all its writes, so per-partition instants allow slightly more than the promise does (a loss
 * judged key by key), and never less.
 *
 * Time does not couple partitions: each partition picks its own linearization times, and the
 * union of per-partition linearizations, sorted by time, is a linearization of the whole,
 * since operations in different partitions touch disjoint keys.
 */
import { commandKeys, touchesKeyspace, traitsOf } from './command-traits.ts';
import type { History, HistoryOp, LossEvent } from './history.ts';
import { UnionFind } from './UnionFind.ts';

export interface Partition {
  /** Position among the history's partitions (ordered by their first operation's id). */
  readonly index: number;
  /** Every key its operations name, sorted; the model state of the partition lives there. */
  readonly keys: readonly string[];
  /** True when some operation reads or clears the whole keyspace. */
  readonly keyspace: boolean;
  /** Its operations in invoke order (ties by id). */
  readonly ops: readonly HistoryOp[];
}

export function opKeys(op: HistoryOp): string[] {
  return [...new Set(op.commands.flatMap((argv) => commandKeys(argv)))];
}

export function opTouchesKeyspace(op: HistoryOp): boolean {
  return op.commands.some((argv) => touchesKeyspace(argv));
}

export function partitionHistory(history: History): Partition[] {
  const ops = history.ops.filter((op) => op.status === 'ok' || (op.status === 'unknown' && !isReadOnly(op)));
  const keyIndex = new Map<string, number>();
  const keysOf = ops.map((op) => opKeys(op));
  for (const keys of keysOf) for (const key of keys) if (!keyIndex.has(key)) keyIndex.set(key, keyIndex.size);
  // One extra node stands for "the whole keyspace".
  const keyspaceNode = keyIndex.size;
  const sets = new UnionFind(keyIndex.size + 1);
  const anyKeyspace = ops.some(opTouchesKeyspace);
  if (anyKeyspace) for (let i = 0; i < keyspaceNode; i++) sets.union(i, keyspaceNode);
  for (const keys of keysOf) {
    const first = keys[0];
    if (first === undefined) continue;
    for (const key of keys) sets.union(keyIndex.get(first) as number, keyIndex.get(key) as number);
  }
  const groups = new Map<string, HistoryOp[]>();
  ops.forEach((op, i) => {
    const first = keysOf[i]?.[0];
    let group: string;
    if (opTouchesKeyspace(op)) group = `k${sets.find(keyspaceNode)}`;
    else if (first === undefined) group = `op${op.id}`;
    else group = `k${sets.find(keyIndex.get(first) as number)}`;
    const members = groups.get(group) ?? [];
    members.push(op);
    groups.set(group, members);
  });
  const lossOps = (history.losses ?? []).map(lossOp);
  const partitions = [...groups.values()].map((members) => {
    const keys = [...new Set(members.flatMap(opKeys))].sort();
    const all = keys.length === 0 ? members : [...members, ...lossOps];
    return {
      keys,
      keyspace: members.some(opTouchesKeyspace),
      ops: all.sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id),
    };
  });
  partitions.sort((a, b) => firstId(a.ops) - firstId(b.ops));
  return partitions.map((partition, index) => ({ index, ...partition }));
}

/** The pseudo-operation a loss is in a partition: it runs between the kill and the restart. */
export function lossOp(loss: LossEvent): HistoryOp {
  return {
    id: loss.id,
    process: -1,
    invokeMs: loss.killMs,
    returnMs: loss.upMs,
    commands: [['(loss)']],
    txn: false,
    status: 'ok',
    reply: { type: 'simple', value: 'OK' },
    lossFromMs: loss.fromMs,
  };
}

function firstId(ops: readonly HistoryOp[]): number {
  let lowest = Number.POSITIVE_INFINITY;
  for (const op of ops) lowest = Math.min(lowest, op.id);
  return lowest;
}

function isReadOnly(op: HistoryOp): boolean {
  return op.commands.every((argv) => traitsOf(argv).readOnly);
}
