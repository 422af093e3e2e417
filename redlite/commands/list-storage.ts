/**
 * A list's elements as rows ordered by an INTEGER position. Pushes step 1,000,000 away from
 * the current end; LINSERT takes the integer midpoint between the pivot and its neighbour;
 * when no integer lies between them the whole list is renumbered with the full gap. Every
 * row read here has its checksum (key id, position, value) verified.
 */
import { listRowCrc } from '../checksum.ts';
import { ChecksumMismatchError } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';

export const POSITION_GAP = 1_000_000;
/** Positions stay well inside the exact-integer range of a double; beyond it, renumber. */
const POSITION_ABS_MAX = 2 ** 50;

export interface ListRow {
  pos: number;
  value: Buffer;
  crc: number;
}

export function verifyListRows(meta: KeyMeta, rows: ListRow[]): ListRow[] {
  for (const row of rows) {
    if (listRowCrc(meta.id, row.pos, row.value) !== row.crc)
      throw new ChecksumMismatchError('lists', meta.key);
  }
  return rows;
}

export function listLength(ks: Keyspace, meta: KeyMeta): number {
  return ks.sql.get<{ n: number }>('SELECT count(*) AS n FROM lists WHERE key_id = ?', meta.id)?.n ?? 0;
}

export function insertListRow(ks: Keyspace, meta: KeyMeta, pos: number, value: Buffer): void {
  ks.sql.run(
    'INSERT INTO lists (key_id, pos, value, crc) VALUES (?, ?, ?, ?)',
    meta.id,
    pos,
    value,
    listRowCrc(meta.id, pos, value),
  );
}

export function updateListRow(ks: Keyspace, meta: KeyMeta, pos: number, value: Buffer): void {
  ks.sql.run(
    'UPDATE lists SET value = ?, crc = ? WHERE key_id = ? AND pos = ?',
    value,
    listRowCrc(meta.id, pos, value),
    meta.id,
    pos,
  );
}

/** Rows from `offset` (0-based, from the head, or from the tail when `fromTail`), at most `limit`. */
export function listRows(
  ks: Keyspace,
  meta: KeyMeta,
  offset: number,
  limit: number,
  fromTail = false,
): ListRow[] {
  const order = fromTail ? 'DESC' : 'ASC';
  return verifyListRows(
    meta,
    ks.sql.all<ListRow>(
      `SELECT pos, value, crc FROM lists WHERE key_id = ? ORDER BY pos ${order} LIMIT ? OFFSET ?`,
      meta.id,
      limit,
      offset,
    ),
  );
}

/** The row at a 0-based index already known to be in range. */
export function listRowAt(ks: Keyspace, meta: KeyMeta, index: number, length: number): ListRow | null {
  const fromTail = index >= length / 2;
  const rows = listRows(ks, meta, fromTail ? length - 1 - index : index, 1, fromTail);
  return rows[0] ?? null;
}

export function pushRows(ks: Keyspace, meta: KeyMeta, values: Buffer[], head: boolean): void {
  const edge = ks.sql.get<{ p: number | null }>(
    `SELECT ${head ? 'min' : 'max'}(pos) AS p FROM lists WHERE key_id = ?`,
    meta.id,
  )?.p;
  let pos = edge ?? (head ? POSITION_GAP : -POSITION_GAP);
  if (Math.abs(pos) + values.length * POSITION_GAP > POSITION_ABS_MAX) {
    rebalance(ks, meta);
    pushRows(ks, meta, values, head);
    return;
  }
  for (const value of values) {
    pos += head ? -POSITION_GAP : POSITION_GAP;
    insertListRow(ks, meta, pos, value);
  }
}

/** Renumbers the list 0, GAP, 2*GAP, ... keeping order (each row re-checksummed). */
export function rebalance(ks: Keyspace, meta: KeyMeta): void {
  const rows = verifyListRows(
    meta,
    ks.sql.all<ListRow>('SELECT pos, value, crc FROM lists WHERE key_id = ? ORDER BY pos', meta.id),
  );
  ks.sql.run('DELETE FROM lists WHERE key_id = ?', meta.id);
  for (const [index, row] of rows.entries()) insertListRow(ks, meta, index * POSITION_GAP, row.value);
}

/** Inserts `value` right before or after the row at `pivotPos`; returns nothing, may renumber. */
export function insertNextTo(
  ks: Keyspace,
  meta: KeyMeta,
  pivotPos: number,
  value: Buffer,
  before: boolean,
): void {
  const neighbour = ks.sql.get<{ p: number | null }>(
    before
      ? 'SELECT max(pos) AS p FROM lists WHERE key_id = ? AND pos < ?'
      : 'SELECT min(pos) AS p FROM lists WHERE key_id = ? AND pos > ?',
    meta.id,
    pivotPos,
  )?.p;
  if (neighbour === null || neighbour === undefined) {
    const pos = pivotPos + (before ? -POSITION_GAP : POSITION_GAP);
    if (Math.abs(pos) <= POSITION_ABS_MAX) {
      insertListRow(ks, meta, pos, value);
      return;
    }
  } else if (Math.abs(pivotPos - neighbour) >= 2) {
    insertListRow(ks, meta, Math.floor((pivotPos + neighbour) / 2), value);
    return;
  }
  const rank =
    ks.sql.get<{ n: number }>(
      'SELECT count(*) AS n FROM lists WHERE key_id = ? AND pos < ?',
      meta.id,
      pivotPos,
    )?.n ?? 0;
  rebalance(ks, meta);
  insertNextTo(ks, meta, rank * POSITION_GAP, value, before);
}
