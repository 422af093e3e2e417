/**
 * BLPOP, BRPOP, BLMOVE and BRPOPLPUSH for a session. redlite runs each command first and never
 * waits (commands/blocking-lists.ts: argument errors, WRONGTYPE, an element to pop or move, or
 * nil when there is none). On nil the session blocks on its keys, unless EXEC is running it,
 * where Redis answers the nil at once. Served later by a push, a wait answers exactly what the
 * command would have: BLPOP and BRPOP `[key, element]`, the moves the element.
 */
import { parseTimeoutMs } from '../commands/blocking-timeout.ts';
import { type Arg, array, bulk, type Reply } from '../reply.ts';
import { deadlineAfter } from './BlockedTable.ts';
import { type Outcome, replyOutcome } from './outcome.ts';
import type { Session } from './Session.ts';

interface BlockingShape {
  readonly timeoutIndex: (argv: Buffer[]) => number;
  readonly keys: (argv: Buffer[]) => Buffer[];
  readonly serveArgv: (argv: Buffer[], key: Buffer) => Arg[];
  readonly replyFor: (key: Buffer, served: Reply) => Reply;
}

/** Each key once, in argument order (Redis's `blockForKeys` skips repeats). */
function distinctKeys(keys: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return keys.filter((key) => {
    const text = key.toString('latin1');
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

function isNil(reply: Reply): boolean {
  return (reply.type === 'array' || reply.type === 'bulk') && reply.value === null;
}

function runBlocking(shape: BlockingShape, session: Session, args: Buffer[], inExec: boolean): Outcome {
  const reply = session.hub.redlite.exec(args, session.db);
  if (inExec || !isNil(reply)) return replyOutcome(reply);
  // The wait outlives the request: keep copies, not views of the bytes read.
  const argv = args.map((arg) => Buffer.from(arg));
  // redlite has parsed this timeout already, so it is valid here.
  const timeoutMs = parseTimeoutMs(argv[shape.timeoutIndex(argv)]!);
  return session.block({
    keys: shape.keys(argv),
    serveArgv: (key) => shape.serveArgv(argv, key),
    replyFor: shape.replyFor,
    deadlineMs: deadlineAfter(session.hub.clock.now(), timeoutMs),
  });
}

function pop(head: boolean): BlockingShape {
  return {
    timeoutIndex: (argv) => argv.length - 1,
    keys: (argv) => distinctKeys(argv.slice(1, -1)),
    serveArgv: (_argv, key) => [head ? 'LPOP' : 'RPOP', key],
    replyFor: (key, served) => array([bulk(key), served]),
  };
}

const BLMOVE: BlockingShape = {
  timeoutIndex: () => 5,
  keys: (argv) => [argv[1]!],
  serveArgv: (argv, key) => ['LMOVE', key, argv[2]!, argv[3]!, argv[4]!],
  replyFor: (_key, served) => served,
};

const BRPOPLPUSH: BlockingShape = {
  timeoutIndex: () => 3,
  keys: (argv) => [argv[1]!],
  serveArgv: (argv, key) => ['RPOPLPUSH', key, argv[2]!],
  replyFor: (_key, served) => served,
};

export const blpop = (session: Session, argv: Buffer[], inExec: boolean): Outcome =>
  runBlocking(pop(true), session, argv, inExec);
export const brpop = (session: Session, argv: Buffer[], inExec: boolean): Outcome =>
  runBlocking(pop(false), session, argv, inExec);
export const blmove = (session: Session, argv: Buffer[], inExec: boolean): Outcome =>
  runBlocking(BLMOVE, session, argv, inExec);
export const brpoplpush = (session: Session, argv: Buffer[], inExec: boolean): Outcome =>
  runBlocking(BRPOPLPUSH, session, argv, inExec);
