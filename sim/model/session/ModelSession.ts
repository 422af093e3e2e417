/**
 * One model connection's state, with the semantics of redlite/server's Session and Redis 7.0:
 * the selected database, the MULTI queue and its error flag (EXECABORT after a queueing error),
 * the watched keys and their dirty flag (EXEC answers the nil array), and a blocked pop's wait.
 * The checks come in Redis's order: unknown command and arity, then MULTI queueing, then the run.
 *
 * Leaves out what sessions share (the store, the watches' marks, the blocked waits and serving
 * them): see ModelSessions.ts.
 */
import { type Arg, array, error, NIL_ARRAY, OK, type Reply, simple } from '../../../redlite/reply.ts';
import { arityAllows, COMMANDS } from '../command-table.ts';
import { timeoutMs } from '../commands/list-moves.ts';
import { arityError, unknownCommandError } from '../errors.ts';
import { argText } from '../parse.ts';
import type { ModelSessions } from './ModelSessions.ts';
import { type AppliedStep, isNilReply, type ModelOutcome, replyOutcome } from './types.ts';

const EXECABORT_PREVIOUS_ERRORS = 'EXECABORT Transaction discarded because of previous errors.';
const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
const MULTI_NESTED = 'ERR MULTI calls can not be nested';
const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
const WATCH_INSIDE_MULTI = 'ERR WATCH inside MULTI is not allowed';
const QUEUED: Reply = simple('QUEUED');
const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;

/** Commands the session answers itself, with Redis's arity; `immediate` ones are never queued. */
const SESSION_ARITY: ReadonlyMap<string, { arity: number; immediate: boolean }> = new Map([
  ['multi', { arity: 1, immediate: true }],
  ['exec', { arity: 1, immediate: true }],
  ['discard', { arity: 1, immediate: true }],
  ['watch', { arity: -2, immediate: true }],
  ['unwatch', { arity: 1, immediate: false }],
  ['select', { arity: 2, immediate: false }],
]);

/** How each blocking command waits: its keys, its timeout's place and how a wait is served. */
interface BlockingShape {
  keys(argv: readonly Arg[]): string[];
  timeoutIndex(argv: readonly Arg[]): number;
  serveArgv(argv: readonly Arg[], key: string): Arg[];
  readonly namesKey: boolean;
}

const BLOCKING: ReadonlyMap<string, BlockingShape> = new Map([
  ['blpop', popShape('LPOP')],
  ['brpop', popShape('RPOP')],
  [
    'blmove',
    {
      keys: (argv) => [argText(argv[1]!)],
      timeoutIndex: () => 5,
      serveArgv: (argv, key) => ['LMOVE', keyArg(key), argv[2]!, argv[3]!, argv[4]!],
      namesKey: false,
    },
  ],
  [
    'brpoplpush',
    {
      keys: (argv) => [argText(argv[1]!)],
      timeoutIndex: () => 3,
      serveArgv: (argv, key) => ['RPOPLPUSH', keyArg(key), argv[2]!],
      namesKey: false,
    },
  ],
]);

function popShape(pop: string): BlockingShape {
  return {
    keys: (argv) => [...new Set(argv.slice(1, -1).map(argText))],
    timeoutIndex: (argv) => argv.length - 1,
    serveArgv: (_argv, key) => [pop, keyArg(key)],
    namesKey: true,
  };
}

/** A model key (latin1 text) as the argument bytes it came from. */
function keyArg(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

function execAbort(message: string): Reply {
  const reason = message.startsWith('ERR ') ? message.slice(4) : message;
  return error(`EXECABORT Transaction discarded because of: ${reason}`);
}

interface MultiState {
  readonly queued: Arg[][];
  dirtyExec: boolean;
}

export class ModelSession {
  readonly client: number;
  private readonly hub: ModelSessions;
  private selectedDb = 0;
  private multi: MultiState | null = null;
  private dirtyCas = false;
  private waiting = false;

  constructor(hub: ModelSessions, client: number) {
    this.hub = hub;
    this.client = client;
  }

  get db(): number {
    return this.selectedDb;
  }

  get inMulti(): boolean {
    return this.multi !== null;
  }

  get isBlocked(): boolean {
    return this.waiting;
  }

  /** The commands an open MULTI would run, in order (empty when it would not run them). */
  queuedCommands(): readonly Arg[][] {
    return this.multi === null || this.multi.dirtyExec ? [] : this.multi.queued;
  }

  /**
   * The reply this session gives `argv` out of its own state, changing nothing: an unknown
   * command or arity error, QUEUED inside MULTI, and the session commands' answers, an EXEC
   * that would run its queue excepted. Undefined when the store answers. The fault driver asks
   * it whether an error reply is the command's own answer or damage (CorruptionLedger): the
   * store alone knows nothing of MULTI, and would call every EXEC an unknown command.
   */
  ownReply(argv: readonly Arg[]): Reply | undefined {
    const name = argText(argv[0] ?? '').toLowerCase();
    const session = SESSION_ARITY.get(name);
    const arity = session?.arity ?? COMMANDS.get(name)?.arity;
    if (arity === undefined) return error(unknownCommandError(argv.map(argText)));
    if (!arityAllows(arity, argv.length)) {
      return name === 'exec' ? execAbort(arityError(name)) : error(arityError(name));
    }
    if (this.multi !== null && !session?.immediate) return QUEUED;
    switch (name) {
      case 'multi':
        return this.multi !== null ? error(MULTI_NESTED) : OK;
      case 'discard':
        return this.multi === null ? error(DISCARD_WITHOUT_MULTI) : OK;
      case 'exec':
        return this.multi === null ? error(EXEC_WITHOUT_MULTI) : (this.execRefusal(this.multi) ?? undefined);
      case 'watch':
        return this.multi !== null ? error(WATCH_INSIDE_MULTI) : OK;
      case 'unwatch':
        return OK;
      case 'select': {
        const db = selectIndex(argv);
        return typeof db === 'number' ? OK : db;
      }
    }
    return undefined;
  }

  /**
   * Runs one command; `observed` is the target's reply, adopted where Redis answers at random
   * (SPOP). `steps` collects what was applied to the keyspace, in order.
   */
  exec(argv: readonly Arg[], observed: Reply | null, steps: AppliedStep[]): ModelOutcome {
    const name = argText(argv[0] ?? '').toLowerCase();
    const session = SESSION_ARITY.get(name);
    const arity = session?.arity ?? COMMANDS.get(name)?.arity;
    if (arity === undefined) return this.reject(unknownCommandError(argv.map(argText)), false);
    if (!arityAllows(arity, argv.length)) return this.reject(arityError(name), name === 'exec');
    if (this.multi !== null && !session?.immediate) return this.queue(this.multi, argv);
    return this.run(name, argv, observed, steps, false);
  }

  private reject(message: string, isExec: boolean): ModelOutcome {
    if (this.multi !== null) this.multi.dirtyExec = true;
    if (!isExec) return replyOutcome(error(message));
    this.discardTransaction();
    return replyOutcome(execAbort(message));
  }

  private queue(multi: MultiState, argv: readonly Arg[]): ModelOutcome {
    if (!multi.dirtyExec && !this.dirtyCas) multi.queued.push([...argv]);
    return replyOutcome(QUEUED);
  }

  private run(
    name: string,
    argv: readonly Arg[],
    observed: Reply | null,
    steps: AppliedStep[],
    inExec: boolean,
  ): ModelOutcome {
    switch (name) {
      case 'multi':
        if (this.multi !== null) return replyOutcome(error(MULTI_NESTED));
        this.multi = { queued: [], dirtyExec: false };
        return replyOutcome(OK);
      case 'discard':
        if (this.multi === null) return replyOutcome(error(DISCARD_WITHOUT_MULTI));
        this.discardTransaction();
        return replyOutcome(OK);
      case 'exec':
        return this.execCommand(observed, steps);
      case 'watch':
        return this.watchCommand(argv);
      case 'unwatch':
        this.hub.unwatchAll(this);
        this.dirtyCas = false;
        return replyOutcome(OK);
      case 'select':
        return this.selectCommand(argv);
    }
    const reply = this.hub.apply(this.selectedDb, argv, observed, steps);
    const shape = BLOCKING.get(name);
    if (shape === undefined || inExec || !isNilReply(reply)) return replyOutcome(reply);
    const ms = timeoutMs(argText(argv[shape.timeoutIndex(argv)]!));
    this.hub.block({
      client: this.client,
      db: this.selectedDb,
      keys: shape.keys(argv),
      serveArgv: (key) => shape.serveArgv(argv, key),
      namesKey: shape.namesKey,
      deadlineMs: ms === 0 ? null : this.hub.nowMs() + ms + 1,
    });
    this.waiting = true;
    return { kind: 'blocked' };
  }

  /** Why an open MULTI's EXEC would not run its queue (its reply then), or null. Changes nothing. */
  private execRefusal(multi: MultiState): Reply | null {
    if (multi.dirtyExec) return error(EXECABORT_PREVIOUS_ERRORS);
    if (this.dirtyCas || this.hub.watchesChanged(this)) return NIL_ARRAY;
    return null;
  }

  private execCommand(observed: Reply | null, steps: AppliedStep[]): ModelOutcome {
    const multi = this.multi;
    // Without MULTI the watches stay as they are, as in Redis.
    if (multi === null) return replyOutcome(error(EXEC_WITHOUT_MULTI));
    const refusal = this.execRefusal(multi);
    if (refusal !== null) {
      this.discardTransaction();
      return replyOutcome(refusal);
    }
    this.hub.unwatchAll(this);
    this.multi = null;
    const observedItems = observed?.type === 'array' && observed.value !== null ? observed.value : [];
    const replies = multi.queued.map((queued, i) => {
      const name = argText(queued[0] ?? '').toLowerCase();
      const outcome = this.run(name, queued, observedItems[i] ?? null, steps, true);
      if (outcome.kind !== 'reply') throw new Error(`model: queued ${name} waited inside EXEC`);
      return outcome.reply;
    });
    this.discardTransaction();
    return replyOutcome(array(replies));
  }

  private watchCommand(argv: readonly Arg[]): ModelOutcome {
    if (this.multi !== null) return replyOutcome(error(WATCH_INSIDE_MULTI));
    if (this.dirtyCas) return replyOutcome(OK);
    for (const key of argv.slice(1)) this.hub.watch(this, this.selectedDb, argText(key));
    return replyOutcome(OK);
  }

  private selectCommand(argv: readonly Arg[]): ModelOutcome {
    const db = selectIndex(argv);
    if (typeof db !== 'number') return replyOutcome(db);
    this.selectedDb = db;
    return replyOutcome(OK);
  }

  /** A watched key changed: EXEC will answer the nil array. Redis stops watching the rest. */
  watchedKeyChanged(): void {
    this.dirtyCas = true;
    this.hub.unwatchAll(this);
  }

  /** Called by the hub when it ends this session's wait. */
  unblocked(): void {
    this.waiting = false;
  }

  /** The transaction ended without running (the target aborted it for a fault). */
  abandonTransaction(): void {
    this.discardTransaction();
  }

  private discardTransaction(): void {
    this.multi = null;
    this.dirtyCas = false;
    this.hub.unwatchAll(this);
  }

  /** The connection is gone: the wait, the queue and the watches go with it. */
  close(): void {
    this.discardTransaction();
    this.waiting = false;
  }
}

/** The database SELECT asks for, or its error reply, as Redis 7.0 checks the index. */
function selectIndex(argv: readonly Arg[]): number | Reply {
  const text = argText(argv[1]!);
  const id = /^-?\d+$/.test(text) && text.length < 20 ? BigInt(text) : null;
  const llong = id !== null && id <= 9223372036854775807n && id >= -9223372036854775808n;
  if (id === null || !llong || (text.length > 1 && /^-?0/.test(text)))
    return error('ERR value is not an integer or out of range');
  if (id > INT_MAX || id < INT_MIN)
    return error(`ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`);
  if (id < 0n || id >= 16n) return error('ERR DB index is out of range');
  return Number(id);
}
