/**
 * Full-state dumps that cover the numbered databases a session can SELECT, not just database 0.
 * A world whose clients send SELECT writes to databases 1 to 15 too, and a state comparison
 * that read only database 0 would miss every wrong state there: a crash inside a command in
 * database 2 would settle on "not applied" whatever redlite kept, and the divergence would
 * surface much later as a baffling wrong reply. Keys of database N > 0 enter the dump under
 * `(db N) key`, so one map and one comparison (compareStates) cover them all.
 *
 * Corruption changes nothing here: every database is compared while rot may have struck too.
 * What rot excuses in a comparison is an error in a key's dumped state, and the corruption
 * ledger leaves such a key out by its dump name, so by its database as well. Comparing database
 * 0 alone after rot would bring back the failure above: a crash or a power loss would settle
 * what it kept in databases 1 to 15 on whatever explained database 0.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { ModelPort } from '../world/model-port.ts';
import { dumpState, type KeyState } from './state-dump.ts';

/** Redis's database count (SELECT 0 to 15). */
export const DATABASE_COUNT = 16;

/** Runs one command in database `db` (0 by default). */
export type DbExec = (argv: Arg[], db?: number) => Reply;

/** The name a key of database `db` has in a dump: itself in database 0. */
export function dumpKeyName(db: number, key: string): string {
  return db === 0 ? key : `(db ${db}) ${key}`;
}

/** Databases 0 to `databases` - 1, each dumped by `dumpOne`, in one map under their dump names. */
function dumpDatabases(
  databases: number,
  dumpOne: (db: number) => Map<string, KeyState>,
): Map<string, KeyState> {
  const state = new Map<string, KeyState>();
  for (let db = 0; db < databases; db++) {
    for (const [key, value] of dumpOne(db)) state.set(dumpKeyName(db, key), value);
  }
  return state;
}

/**
 * The target's side of a comparison over `databases` databases (1 or DATABASE_COUNT), each
 * dumped through `exec`: database 0 as a client that never sent SELECT, the others in theirs.
 */
export function targetDump(exec: DbExec, databases: number): Map<string, KeyState> {
  return dumpDatabases(databases, (db) => dumpState((argv) => (db === 0 ? exec(argv) : exec(argv, db))));
}

/**
 * The model's side of the same comparison: each database read directly when the model can (the
 * same state as through commands, faster), else through its commands like the target's side.
 */
export function modelDump(
  model: Pick<ModelPort, 'exec' | 'dumpState'>,
  databases: number,
): Map<string, KeyState> {
  return dumpDatabases(databases, (db) => model.dumpState?.(db) ?? dumpState((argv) => model.exec(argv, db)));
}

/** How many databases a comparison covers: all of them once sessions may SELECT. */
export function databasesCompared(sessionsOn: boolean): number {
  return sessionsOn ? DATABASE_COUNT : 1;
}
