/**
 * The check redlite runs when it opens a database that was not closed cleanly (its `-wal` file
 * is still there: a clean close checkpoints and deletes it). SQLite's own WAL recovery cannot see
 * a rotted page; redlite's row checksums see rotted rows, but not an index that lost or gained
 * entries, which makes a key invisible or lets a write create a second copy of it. So:
 *
 * - The full check of redlite/integrity.ts: integrity_check, value rows that belong to no key
 *   of their type, and every row's checksum. A rotted key name or key id makes a row another
 *   key's (the index may still find the old one, so lookups keep working until an index is
 *   rebuilt from the rotted table): the open must fail then, not repair.
 * - When it finds nothing, open as usual. When everything it finds is an index that disagrees
 *   with its table (so every row verified), the tables are the truth: `REINDEX` rebuilds every
 *   index from them, and a second check must then pass.
 * - Any other problem (a damaged table b-tree, a malformed page) cannot be repaired without
 *   losing rows silently, so the open fails with `RedliteCorruptError`: errors, never wrong data.
 *
 * After the check, redlite checkpoints and truncates the WAL (see `Redlite`), so that frames
 * SQLite's recovery discarded cannot come back.
 *
 * Left out: rot that surfaces while the store is open is seen only by the row checksums until
 * the next unclean open; a clean open skips the check (nothing was interrupted).
 */
import type Database from 'better-sqlite3';
import { integrityProblems } from './integrity.ts';

export type OpenCheckOutcome = 'ok' | 'reindexed';

/** Lines of integrity_check output that say an index disagrees with its table, and nothing else. */
const INDEX_ONLY_PROBLEM =
  /^(row \d+ missing from index \S+|wrong # of entries in index \S+|non-unique entry in (UNIQUE )?index \S+)$/;

/** A database whose damage redlite will not serve from: it refuses to open it. */
export class RedliteCorruptError extends Error {
  override readonly name = 'RedliteCorruptError';
  readonly path: string;
  readonly problems: readonly string[];

  constructor(path: string, problems: readonly string[]) {
    super(`redlite refuses to open '${path}': the database is corrupt: ${problems.slice(0, 3).join('; ')}`);
    this.path = path;
    this.problems = problems;
  }
}

/** Checks (and where it safely can, repairs) a database opened after an unclean shutdown. */
export function checkAfterUncleanShutdown(db: Database.Database, path: string): OpenCheckOutcome {
  let found = integrityProblems(db);
  if (found.length === 0) return 'ok';
  if (!found.every((line) => INDEX_ONLY_PROBLEM.test(line))) throw new RedliteCorruptError(path, found);
  try {
    db.exec('REINDEX');
  } catch (caught) {
    throw new RedliteCorruptError(path, [caught instanceof Error ? caught.message : String(caught)]);
  }
  found = integrityProblems(db);
  if (found.length > 0) throw new RedliteCorruptError(path, found);
  return 'reindexed';
}
