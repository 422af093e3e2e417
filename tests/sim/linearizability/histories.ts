/**
 * Shorthand for hand-written histories in the linearizability tests. An operation is
 * `[process, invokeMs, returnMs, command, reply]`: the command is space-separated text, a
 * `null` returnMs with no reply means it never returned, and replies are written as
 * `+OK` (simple), `:5` (integer), `$text` (bulk), `nil` (nil bulk), `-ERR ...` (error), or an
 * array of those.
 */
import { array, bulk, error, integer, NIL, type Reply, simple } from '../../../redlite/reply.ts';
import {
  type CheckLimits,
  checkHistory,
  type History,
  type HistoryOp,
  type Verdict,
} from '../../../sim/linearizability/index.ts';

export type ReplyText = string | readonly ReplyText[];

export type OpRow =
  | readonly [process: number, invokeMs: number, returnMs: number, command: string, reply: ReplyText]
  | readonly [process: number, invokeMs: number, returnMs: null, command: string];

export function reply(text: ReplyText): Reply {
  if (typeof text !== 'string') return array(text.map(reply));
  if (text === 'nil') return NIL;
  const kind = text[0];
  const rest = text.slice(1);
  if (kind === '+') return simple(rest);
  if (kind === ':') return integer(Number(rest));
  if (kind === '$') return bulk(rest);
  if (kind === '-') return error(rest);
  throw new Error(`bad reply shorthand ${JSON.stringify(text)}`);
}

export function opOf(row: OpRow, id: number): HistoryOp {
  const [process, invokeMs, returnMs, command] = row;
  const commands = command.split(';').map((part) => part.trim().split(/\s+/));
  const txn = commands.length > 1;
  if (returnMs === null)
    return { id, process, invokeMs, returnMs, commands, txn, status: 'unknown', reply: null };
  return { id, process, invokeMs, returnMs, commands, txn, status: 'ok', reply: reply(row[4] as ReplyText) };
}

export function history(rows: readonly OpRow[]): History {
  return { clock: 'virtual', ops: rows.map(opOf) };
}

/** The verdict of checking `rows`, with optional limits. */
export function verdictOf(rows: readonly OpRow[], limits: Partial<CheckLimits> = {}): Verdict {
  return checkHistory(history(rows), { limits }).verdict;
}

/**
 * A wide partition: for each of `keys` keys in turn, two concurrent SETs and then a GET that says
 * which came last (by `lastReads`, b on odd keys by default, so the search must try both
 * orders), all inside one DBSIZE that sees every key, which joins them into one partition.
 */
export function wideRows(
  keys: number,
  lastReads: (key: number) => string = (key) => (key % 2 === 0 ? '$a' : '$b'),
): OpRow[] {
  const rows: OpRow[] = [[0, 0, 4 * keys + 1, 'DBSIZE', `:${keys}`]];
  for (let key = 0; key < keys; key++) {
    const t = 4 * key;
    rows.push([1, t, t + 2, `SET k${key} a`, '+OK']);
    rows.push([2, t, t + 2, `SET k${key} b`, '+OK']);
    rows.push([3, t + 3, t + 3, `GET k${key}`, lastReads(key)]);
  }
  return rows;
}
