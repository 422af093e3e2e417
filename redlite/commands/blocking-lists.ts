/**
 * BLPOP, BRPOP, BLMOVE and BRPOPLPUSH as redlite alone answers them: it never waits, so each
 * behaves as Redis 7.0 does where blocking is not allowed (inside MULTI/EXEC). The timeout is
 * parsed first (its errors come first), then the keys are tried in order; when nothing can be
 * popped the reply is the nil array (BLPOP, BRPOP) or nil (BLMOVE, BRPOPLPUSH). A host with
 * connections (redlite/server's Session) turns that nil into a wait.
 */
import { type CommandSpec, type CommandTable, defineCommands } from '../command.ts';
import type { Keyspace } from '../Keyspace.ts';
import { array, bulk, NIL_ARRAY, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';
import { parseTimeoutMs } from './blocking-timeout.ts';
import { moveElement, parseListEnd, popEdge } from './list-move.ts';

/** Redis `blockingPopGenericCommand` without the blocking: the first non-empty list is popped. */
function blockingPop(ks: Keyspace, argv: Buffer[], head: boolean): Reply {
  parseTimeoutMs(argv[argv.length - 1]!);
  for (let i = 1; i < argv.length - 1; i++) {
    const key = argv[i]!;
    const meta = ks.lookupTyped(key, KeyType.list);
    if (meta === null) continue;
    return array([bulk(key), bulk(popEdge(ks, meta, head))]);
  }
  return NIL_ARRAY;
}

const specs: CommandSpec[] = [
  { name: 'BLPOP', arity: -3, write: true, handler: (ks, argv) => blockingPop(ks, argv, true) },
  { name: 'BRPOP', arity: -3, write: true, handler: (ks, argv) => blockingPop(ks, argv, false) },
  {
    name: 'BLMOVE',
    arity: 6,
    write: true,
    handler: (ks, argv) => {
      const fromHead = parseListEnd(argv[3]!);
      const toHead = parseListEnd(argv[4]!);
      parseTimeoutMs(argv[5]!);
      return moveElement(ks, argv[1]!, argv[2]!, fromHead, toHead);
    },
  },
  {
    name: 'BRPOPLPUSH',
    arity: 4,
    write: true,
    handler: (ks, argv) => {
      parseTimeoutMs(argv[3]!);
      return moveElement(ks, argv[1]!, argv[2]!, false, true);
    },
  },
];

export function registerBlockingListCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
