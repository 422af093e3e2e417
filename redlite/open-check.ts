/**
 * The check redlite runs when it opens a database that was not closed cleanly (its `-wal` file
 * is still there: a clean close checkpoints and deletes it). SQLite's own WAL recovery cannot see
 * a rotted page; redlite's row checksums see rotted rows, but not an index that lost or gained
 * entries, which makes a key invisible or lets a write create a second copy of it. So:
 *
 * - `PRAGMA integrity_check`, and every `keys` row's checksum. A rotted key name makes its row
 *   another key's (the index still finds the old name, so lookups keep working until an index
 *   is rebuilt from the rotted table): the open must fail then, not repair.
 * - When both pass, open as usual. When every problem integrity_check names is an index that
 *   disagrees with its table, and every keys row verifies, the tables are the truth: `REINDEX`
 *   rebuilds every index from them, and a second check must then pass.
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
import { keyRowCrc } from './checksum.ts';

export type OpenCheckOutcome = 'ok' | 'reindexed';

/** Lines of integrity_check output that say an index disagrees with its table, and nothing else. */
const INDEX_ONLY_PROBLEM =
  /^(row \d+ missing from index \S+|wrong # of entries in index \S+|non-unique entry in (UNIQUE )?index \S+)$/;

/** How many of integrity_check's lines an error keeps. */
const PROBLEM_LINES_MAX = 100;

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

function problems(db: Database.Database): string[] {
  const rows = db.prepare(`PRAGMA integrity_check(${PROBLEM_LINES_MAX})`).pluck().all() as string[];
  // SQLite puts several findings about one b-tree on one row, separated by newlines.
  const lines = rows.flatMap((row) => row.split('\n')).filter((line) => line !== '');
  return lines.length === 1 && lines[0] === 'ok'
    ? []
    : lines.filter((line) => !line.startsWith('*** in database'));
}

/** keys rows whose stored checksum does not match their columns, read by a full table scan. */
function rottedKeyRows(db: Database.Database): string[] {
  const rows = db
    .prepare(
      'SELECT db, key, type, flags, expire_at, ' +
        'CASE WHEN expire_at > 9007199254740991 THEN CAST(expire_at AS TEXT) END, version, crc FROM keys',
    )
    .raw()
    .all() as [number, Buffer, number, number, number | null, string | null, number, number][];
  const rotted: string[] = [];
  for (const [dbIndex, key, type, flags, expireAt, expireText, version, crc] of rows) {
    const expiry = expireText !== null ? BigInt(expireText) : expireAt;
    if (keyRowCrc(dbIndex, key, type, flags, expiry, version) === crc) continue;
    rotted.push(`keys row for '${key.toString('latin1')}' fails its checksum`);
    if (rotted.length >= PROBLEM_LINES_MAX) break;
  }
  return rotted;
}

/** Checks (and where it safely can, repairs) a database opened after an unclean shutdown. */
export function checkAfterUncleanShutdown(db: Database.Database, path: string): OpenCheckOutcome {
  let found: string[];
  try {
    found = problems(db);
    const rotted = rottedKeyRows(db);
    if (rotted.length > 0) throw new RedliteCorruptError(path, [...rotted, ...found]);
  } catch (caught) {
    if (caught instanceof RedliteCorruptError) throw caught;
    // SQLITE_CORRUPT on the check itself: the damage is too deep to list.
    throw new RedliteCorruptError(path, [caught instanceof Error ? caught.message : String(caught)]);
  }
  if (found.length === 0) return 'ok';
  if (!found.every((line) => INDEX_ONLY_PROBLEM.test(line))) throw new RedliteCorruptError(path, found);
  try {
    db.exec('REINDEX');
    found = problems(db);
  } catch (caught) {
    throw new RedliteCorruptError(path, [caught instanceof Error ? caught.message : String(caught)]);
  }
  if (found.length > 0) throw new RedliteCorruptError(path, found);
  return 'reindexed';
}
