/**
 * A history in Jepsen's EDN form, one operation map per line, so elle-cli or Knossos can check
 * it independently of this code: `{:type :invoke, :f :read, :value nil, :process 0, :time 0,
 * :index 0}`, then `:ok` with the value seen, `:fail` for an operation known to have had no
 * effect, and `:info` for one whose outcome is unknown.
 *
 * Following Jepsen's conventions: events are in time order, an invocation before a completion
 * at the same millisecond (a millisecond clock cannot order them, so they stay concurrent);
 * `:time` is nanoseconds since the first invocation; every `:info` comes at the end (the
 * operation may take effect at any point after its invocation), and a process whose operation
 * ended in `:info` continues as a new process, numbered by adding the process count, as Jepsen
 * does after a crash. What each command becomes is edn-mapping.ts. EDN cannot say that a kill
 * lost a suffix of writes, so a history's losses are written as relax-losses.ts relaxes them.
 */
import type { History, HistoryOp } from '../history.ts';
import { relaxLosses } from '../relax-losses.ts';
import { EDN_MODELS, EdnExportError, type EdnModel, type MappedOp, mapOp } from './edn-mapping.ts';
import { type EdnValue, ednText, integerEdn, keyword } from './edn-value.ts';

export interface EdnExport {
  readonly model: EdnModel;
  readonly text: string;
  /** Operations written (each as an invocation and a completion). */
  readonly exported: number;
  /** Operations left out: reads the model cannot express, and operations that answered an error. */
  readonly dropped: number;
}

export class EdnModelError extends Error {
  constructor(reasons: readonly string[]) {
    super(`no Jepsen model expresses this history: ${reasons.join('; ')}`);
    this.name = 'EdnModelError';
  }
}

const NS_PER_MS = 1_000_000n;

/** `model: 'auto'` takes the first of EDN_MODELS that expresses every write of the history. */
export function exportEdn(recorded: History, model: EdnModel | 'auto' = 'auto'): EdnExport {
  const history = relaxLosses(recorded).history;
  if (model !== 'auto') return exportAs(history, model);
  const reasons: string[] = [];
  for (const candidate of EDN_MODELS) {
    try {
      return exportAs(history, candidate);
    } catch (error) {
      if (!(error instanceof EdnExportError)) throw error;
      reasons.push(`${candidate}: ${error.message}`);
    }
  }
  throw new EdnModelError(reasons);
}

interface EdnEvent {
  readonly type: 'invoke' | 'ok' | 'fail' | 'info';
  readonly op: HistoryOp;
  readonly mapped: MappedOp;
  readonly atMs: number;
}

function exportAs(history: History, model: EdnModel): EdnExport {
  const ops = [...history.ops].sort((a, b) => a.invokeMs - b.invokeMs || a.id - b.id);
  const mapped = new Map<HistoryOp, MappedOp>();
  for (const op of ops) {
    const result = mapOp(model, op);
    if (result !== null) mapped.set(op, result);
  }
  if (model === 'counter' || model === 'cas-register') {
    const keys = new Set([...mapped.values()].flatMap((m) => m.keys));
    const [first, second] = keys;
    if (second !== undefined) {
      const op = ops.find((candidate) => mapped.get(candidate)?.keys.includes(second)) as HistoryOp;
      throw new EdnExportError(
        op,
        model,
        `the model holds one key, and the history has ${first} and ${second}`,
      );
    }
  }
  const events = eventsOf(mapped);
  const startMs = events[0]?.atMs ?? 0;
  const processes = processNumbers(ops);
  const lines = events.map((event, index) => {
    const entries: [string, EdnValue][] = [
      ['type', keyword(event.type)],
      ['f', event.mapped.f],
      ['value', event.type === 'ok' ? event.mapped.complete : event.mapped.invoke],
      ['process', integerEdn(processes.get(event.op) as number)],
      ['time', integerEdn(BigInt(event.atMs - startMs) * NS_PER_MS)],
      ['index', integerEdn(index)],
    ];
    return ednText({ edn: 'map', entries });
  });
  return {
    model,
    text: lines.length === 0 ? '' : `${lines.join('\n')}\n`,
    exported: mapped.size,
    dropped: ops.length - mapped.size,
  };
}

function eventsOf(mapped: ReadonlyMap<HistoryOp, MappedOp>): EdnEvent[] {
  const timed: EdnEvent[] = [];
  const unknown: EdnEvent[] = [];
  let lastMs = 0;
  for (const [op, m] of mapped) {
    timed.push({ type: 'invoke', op, mapped: m, atMs: op.invokeMs });
    lastMs = Math.max(lastMs, op.invokeMs, op.returnMs ?? 0);
    if (op.status === 'unknown') unknown.push({ type: 'info', op, mapped: m, atMs: 0 });
    else timed.push({ type: op.status, op, mapped: m, atMs: op.returnMs as number });
  }
  const rank = (event: EdnEvent): number => (event.type === 'invoke' ? 0 : 1);
  timed.sort((a, b) => a.atMs - b.atMs || rank(a) - rank(b) || a.op.id - b.op.id);
  return [...timed, ...unknown.map((event) => ({ ...event, atMs: lastMs }))];
}

/** Jepsen's process numbers: a client whose op ended unknown continues as client + count. */
function processNumbers(ops: readonly HistoryOp[]): Map<HistoryOp, number> {
  const stride = ops.reduce((most, op) => Math.max(most, op.process), 0) + 1;
  const generation = new Map<number, number>();
  const numbers = new Map<HistoryOp, number>();
  for (const op of ops) {
    const current = generation.get(op.process) ?? 0;
    numbers.set(op, op.process + current * stride);
    if (op.status === 'unknown') generation.set(op.process, current + 1);
  }
  return numbers;
}
