/**
 * A list's elements as rows ordered by an INTEGER position. Pushes step one gap (the
 * `listPositionGap` option, 1,000,000 by default) away from the current end; LINSERT takes the
 * integer midpoint between the pivot and its neighbour; when no integer lies between them the
 * whole list is renumbered with the full gap. Every row read here has its checksum (key id,
 * position, value) verified. The rare paths (a renumbering, the last slot of a gap, running
 * out of positions) are announced as probes.
 */
import { listRowCrc } from '../checksum.ts';
import { ChecksumMismatchError } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';

/**
 * Positions stay well inside the exact-integer range of a double; beyond it, renumber. The gap
 * is at most 1,000,000, so only a list that outgrew 2^50 / 1,000,000 (about 1.1e9) positions
 * on one side gets here.
 */
export const POSITION_ABS_MAX = 2 ** 50;

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
      `SELECT pos, value, crc FROM lists WHERE key_id = ? ORDER BY pos ${order} LIMIT +? OFFSET ?`,
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
  const gap = ks.listPositionGap;
  const edge = ks.sql.get<{ p: number | null }>(
    `SELECT ${head ? 'min' : 'max'}(pos) AS p FROM lists WHERE key_id = ?`,
    meta.id,
  )?.p;
  let pos = edge ?? (head ? gap : -gap);
  if (Math.abs(pos) + values.length * gap > POSITION_ABS_MAX) {
    ks.probe('list_positions_exhausted');
    rebalance(ks, meta);
    pushRows(ks, meta, values, head);
    return;
  }
  for (const value of values) {
    pos += head ? -gap : gap;
    insertListRow(ks, meta, pos, value);
  }
}

/**
 * Renumbers the list 0, GAP, 2*GAP, ... keeping order (each row re-checksummed). The probe
 * comes after the delete and before the reinserts: a host hook that throws there stops the
 * command in the middle of its renumbering, which must then leave no trace.
 */
export function rebalance(ks: Keyspace, meta: KeyMeta): void {
  const gap = ks.listPositionGap;
  const rows = verifyListRows(
    meta,
    ks.sql.all<ListRow>('SELECT pos, value, crc FROM lists WHERE key_id = ? ORDER BY pos', meta.id),
  );
  ks.sql.run('DELETE FROM lists WHERE key_id = ?', meta.id);
  ks.probe('list_rebalance');
  for (const [index, row] of rows.entries()) insertListRow(ks, meta, index * gap, row.value);
}

/** Inserts `value` right before or after the row at `pivotPos`; returns nothing, may renumber. */
export function insertNextTo(
  ks: Keyspace,
  meta: KeyMeta,
  pivotPos: number,
  value: Buffer,
  before: boolean,
): void {
  const gap = ks.listPositionGap;
  const neighbour = ks.sql.get<{ p: number | null }>(
    before
      ? 'SELECT max(pos) AS p FROM lists WHERE key_id = ? AND pos < ?'
      : 'SELECT min(pos) AS p FROM lists WHERE key_id = ? AND pos > ?',
    meta.id,
    pivotPos,
  )?.p;
  if (neighbour === null || neighbour === undefined) {
    const pos = pivotPos + (before ? -gap : gap);
    if (Math.abs(pos) <= POSITION_ABS_MAX) {
      insertListRow(ks, meta, pos, value);
      return;
    }
    ks.probe('list_positions_exhausted');
  } else if (Math.abs(pivotPos - neighbour) >= 2) {
    // A gap of 2 or 3 holds its last free position: after this insert one side has none.
    if (Math.abs(pivotPos - neighbour) <= 3) ks.probe('list_insert_gap_edge');
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
  insertNextTo(ks, meta, rank * gap, value, before);
}
