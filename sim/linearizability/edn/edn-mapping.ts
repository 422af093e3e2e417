/**
 * What a Redis operation becomes in each of the Jepsen models an independent checker can judge
 * (docs/history-format.md, "EDN export", has the table):
 *
 * - `rw-register` (Elle): GET, MGET, plain SET and MSET as `:txn` micro-ops `[:r k v]` and
 *   `[:w k v]`; a MULTI/EXEC block is one transaction.
 * - `list-append` (Elle): RPUSH as `[:append k v]` (one per element), `LRANGE k 0 -1` as
 *   `[:r k [..]]`.
 * - `counter` (Jepsen's counter, one key): INCR and INCRBY with n >= 0 as `:add n`, GET as
 *   `:read n` (nil reads 0).
 * - `cas-register` (Knossos, one key): GET as `:read`, plain SET as `:write`.
 *
 * What a model cannot express is handled by one rule: a read may be left out (dropping a read
 * removes constraints, never adds one, so the rest is still a fair history), and so may an
 * operation that answered with an error (redlite's commands check before they write, so an
 * error means no effect). Any other write (DEL, LPUSH, INCR in a register, SET with options...)
 * makes the export fail, naming the operation: leaving a write out would make later reads look
 * wrong.
 */
import type { Arg, Reply } from '../../../redlite/reply.ts';
import { argText, commandName, traitsOf } from '../command-traits.ts';
import type { HistoryOp } from '../history.ts';
import { bytesEdn, type EdnValue, integerEdn, keyword, NIL_EDN, vector } from './edn-value.ts';

export type EdnModel = 'rw-register' | 'list-append' | 'counter' | 'cas-register';

export const EDN_MODELS: readonly EdnModel[] = ['rw-register', 'list-append', 'counter', 'cas-register'];

export interface MappedOp {
  readonly f: EdnValue;
  /** The :value of the invocation (reads not yet known are nil). */
  readonly invoke: EdnValue;
  /** The :value of the completion (reads filled in). */
  readonly complete: EdnValue;
  readonly keys: readonly string[];
}

export class EdnExportError extends Error {
  readonly opId: number;
  readonly model: EdnModel;
  constructor(op: HistoryOp, model: EdnModel, reason: string) {
    super(`cannot export op #${op.id} to the ${model} model: ${reason}`);
    this.name = 'EdnExportError';
    this.opId = op.id;
    this.model = model;
  }
}

/** A micro-op of an Elle transaction: [kind key value-at-invoke value-at-completion]. */
interface MicroOp {
  readonly kind: 'r' | 'w' | 'append';
  readonly key: string;
  readonly invoke: EdnValue;
  readonly complete: EdnValue;
}

/** The op as the model sees it, or null when it is left out (a read, or an error reply). */
export function mapOp(model: EdnModel, op: HistoryOp): MappedOp | null {
  const replies = commandReplies(op);
  if (model === 'rw-register' || model === 'list-append') {
    const micro = op.commands.flatMap((argv, i) => microOps(model, op, argv, replies[i] ?? null));
    if (micro.length === 0) return null;
    const txn = (pick: (m: MicroOp) => EdnValue) =>
      vector(micro.map((m) => vector([keyword(m.kind), bytesEdn(m.key), pick(m)])));
    return {
      f: keyword('txn'),
      invoke: txn((m) => m.invoke),
      complete: txn((m) => m.complete),
      keys: keysOf(micro),
    };
  }
  if (op.txn) {
    if (op.commands.every((argv) => traitsOf(argv).readOnly)) return null;
    throw new EdnExportError(op, model, 'a transaction with writes is not one operation of this model');
  }
  return singleKeyOp(model, op, op.commands[0] ?? [], replies[0] ?? null);
}

function keysOf(micro: readonly MicroOp[]): string[] {
  return [...new Set(micro.map((m) => m.key))];
}

/** Each command's reply: null when unknown, or when the transaction's reply has none for it. */
function commandReplies(op: HistoryOp): (Reply | null)[] {
  if (!op.txn) return [op.reply];
  const items = op.reply?.type === 'array' ? op.reply.value : null;
  return op.commands.map((_, i) => items?.[i] ?? null);
}

function text(arg: Arg | undefined): string {
  return arg === undefined ? '' : argText(arg);
}

function bulkEdn(reply: Reply | undefined): EdnValue | null {
  if (reply?.type !== 'bulk') return null;
  return reply.value === null ? NIL_EDN : bytesEdn(reply.value.toString('latin1'));
}

function dropOrFail(model: EdnModel, op: HistoryOp, argv: readonly Arg[], reply: Reply | null): [] {
  if (traitsOf(argv).readOnly || reply?.type === 'error') return [];
  throw new EdnExportError(
    op,
    model,
    `${commandName(argv).toUpperCase()} (as sent) is a write this model cannot express`,
  );
}

function microOps(model: EdnModel, op: HistoryOp, argv: readonly Arg[], reply: Reply | null): MicroOp[] {
  if (reply?.type === 'error') return [];
  const name = commandName(argv);
  const args = argv.slice(1).map(text);
  if (model === 'rw-register') {
    if (name === 'get' && args.length === 1) return readMicro(args, reply === null ? null : [reply]);
    if (name === 'mget' && args.length >= 1)
      return readMicro(args, reply?.type === 'array' ? reply.value : null);
    if (name === 'set' && args.length === 2) return [writeMicro('w', args[0] as string, args[1] as string)];
    if (name === 'mset' && args.length >= 2 && args.length % 2 === 0) {
      return args.flatMap((arg, i) => (i % 2 === 0 ? [writeMicro('w', arg, args[i + 1] as string)] : []));
    }
    return dropOrFail(model, op, argv, reply);
  }
  if (name === 'rpush' && args.length >= 2) {
    return args.slice(1).map((element) => writeMicro('append', args[0] as string, element));
  }
  if (name === 'lrange' && args.length === 3 && args[1] === '0' && args[2] === '-1') {
    if (reply?.type !== 'array' || reply.value === null) return [];
    const items = reply.value.map((item) => bulkEdn(item) ?? NIL_EDN);
    return [{ kind: 'r', key: args[0] as string, invoke: NIL_EDN, complete: vector(items) }];
  }
  return dropOrFail(model, op, argv, reply);
}

function writeMicro(kind: 'w' | 'append', key: string, value: string): MicroOp {
  return { kind, key, invoke: bytesEdn(value), complete: bytesEdn(value) };
}

/** Reads whose replies are known; unknown reads carry nothing and are left out. */
function readMicro(keys: readonly string[], replies: readonly Reply[] | null): MicroOp[] {
  if (replies === null) return [];
  return keys.flatMap((key, i) => {
    const value = bulkEdn(replies[i]);
    return value === null ? [] : [{ kind: 'r' as const, key, invoke: NIL_EDN, complete: value }];
  });
}

function singleKeyOp(
  model: EdnModel,
  op: HistoryOp,
  argv: readonly Arg[],
  reply: Reply | null,
): MappedOp | null {
  if (reply?.type === 'error') return null;
  const name = commandName(argv);
  const args = argv.slice(1).map(text);
  const key = args[0] ?? '';
  if (name === 'get' && args.length === 1) {
    const value = bulkEdn(reply ?? undefined);
    if (value === null) return null;
    const read = model === 'counter' && value.edn === 'nil' ? integerEdn(0) : value;
    return { f: keyword('read'), invoke: NIL_EDN, complete: read, keys: [key] };
  }
  if (model === 'counter') {
    const amount =
      name === 'incr' && args.length === 1 ? '1' : name === 'incrby' && args.length === 2 ? args[1] : null;
    if (amount !== null && amount !== undefined && /^(0|[1-9][0-9]{0,17})$/.test(amount)) {
      return {
        f: keyword('add'),
        invoke: integerEdn(BigInt(amount)),
        complete: integerEdn(BigInt(amount)),
        keys: [key],
      };
    }
  } else if (name === 'set' && args.length === 2) {
    const value = bytesEdn(args[1] as string);
    return { f: keyword('write'), invoke: value, complete: value, keys: [key] };
  }
  dropOrFail(model, op, argv, reply);
  return null;
}
