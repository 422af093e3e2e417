/**
 * Full-state dumps that cover the numbered databases a session can SELECT, not just database 0.
 * A world whose clients send SELECT writes to databases 1 to 15 too, and a state comparison
 * that read only database 0 would miss every wrong state there: a crash inside a command in
 * database 2 would settle on "not applied" whatever redlite kept, and the divergence would
 * surface much later as a baffling wrong reply. Keys of database N > 0 enter the dump under
 * `(db N) key`, so one map and one comparison (compareStates) cover them all.
 *
 * Leaves out databases 1 to 15 while corruption is possible: the corruption ledger names rotted
 * keys by name alone, so it could not leave their copies in other databases out of a
 * comparison. Database 0 is compared as before.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import { dumpState, type KeyState } from './state-dump.ts';

/** Redis's database count (SELECT 0 to 15). */
export const DATABASE_COUNT = 16;

/** Runs one command in database `db` (0 by default). */
export type DbExec = (argv: Arg[], db?: number) => Reply;

/** The name a key of database `db` has in a dump: itself in database 0. */
export function dumpKeyName(db: number, key: string): string {
  return db === 0 ? key : `(db ${db}) ${key}`;
}

/**
 * The databases after 0 that `databases` (1 or DATABASE_COUNT) asks for, each dumped through
 * `exec` and added to `state` under their dump names.
 */
export function addOtherDatabases(state: Map<string, KeyState>, exec: DbExec, databases: number): void {
  for (let db = 1; db < databases; db++) {
    for (const [key, value] of dumpState((argv) => exec(argv, db))) state.set(dumpKeyName(db, key), value);
  }
}

/** How many databases a comparison covers: all of them once sessions may SELECT, unless rot may hide keys. */
export function databasesCompared(sessionsOn: boolean, corruptionPossible: boolean): number {
  return sessionsOn && !corruptionPossible ? DATABASE_COUNT : 1;
}
