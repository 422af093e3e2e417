/**
 * A sorted set's members as rows (member, score) with an index on (key_id, score, member), so
 * rank order is score then memcmp member order, as in Redis's skiplist. Redis's one visible
 * encoding quirk is kept: while a sorted set is in the compact listpack encoding, a score of
 * -0 is stored as 0 (Redis stores integral scores as integers there). A set leaves listpack
 * for good when a member longer than 64 bytes arrives or it would exceed 128 members, which
 * `keys.flags` records.
 */
import { zsetRowCrc } from '../checksum.ts';
import { ChecksumMismatchError } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { FLAG_ZSET_SKIPLIST } from '../schema.ts';

/** Redis 7.0 defaults: zset-max-listpack-entries and zset-max-listpack-value. */
export const LISTPACK_ENTRIES_MAX = 128;
export const LISTPACK_VALUE_BYTES_MAX = 64;

export interface ZsetRow {
  member: Buffer;
  score: number;
  crc: number;
}

export function verifyZsetRows(meta: KeyMeta, rows: ZsetRow[]): ZsetRow[] {
  for (const row of rows) {
    if (zsetRowCrc(meta.id, row.member, row.score) !== row.crc)
      throw new ChecksumMismatchError('zsets', meta.key);
  }
  return rows;
}

export function getScore(ks: Keyspace, meta: KeyMeta, member: Buffer): number | null {
  const rows = ks.sql.all<ZsetRow>(
    'SELECT member, score, crc FROM zsets WHERE key_id = ? AND member = ?',
    meta.id,
    member,
  );
  return verifyZsetRows(meta, rows)[0]?.score ?? null;
}

export function zsetLength(ks: Keyspace, meta: KeyMeta): number {
  return ks.sql.get<{ n: number }>('SELECT count(*) AS n FROM zsets WHERE key_id = ?', meta.id)?.n ?? 0;
}

export function writeMember(ks: Keyspace, meta: KeyMeta, member: Buffer, score: number): void {
  const stored = score === 0 && (meta.flags & FLAG_ZSET_SKIPLIST) === 0 ? 0 : score;
  ks.sql.run(
    'INSERT INTO zsets (key_id, member, score, crc) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (key_id, member) DO UPDATE SET score = excluded.score, crc = excluded.crc',
    meta.id,
    member,
    stored,
    zsetRowCrc(meta.id, member, stored),
  );
}

export function deleteMember(ks: Keyspace, meta: KeyMeta, member: Buffer): boolean {
  return ks.sql.run('DELETE FROM zsets WHERE key_id = ? AND member = ?', meta.id, member).changes > 0;
}

/** Rows in rank order (or reverse), from `offset`, at most `limit` (-1: no limit). */
export function rowsByRank(
  ks: Keyspace,
  meta: KeyMeta,
  offset: number,
  limit: number,
  reverse: boolean,
): ZsetRow[] {
  const order = reverse ? 'score DESC, member DESC' : 'score ASC, member ASC';
  return verifyZsetRows(
    meta,
    ks.sql.all<ZsetRow>(
      `SELECT member, score, crc FROM zsets WHERE key_id = ? ORDER BY ${order} LIMIT +? OFFSET ?`,
      meta.id,
      limit,
      offset,
    ),
  );
}

/** 0-based rank of a member with the given score, counted from the low end. */
export function rankOf(ks: Keyspace, meta: KeyMeta, member: Buffer, score: number): number {
  return (
    ks.sql.get<{ n: number }>(
      'SELECT count(*) AS n FROM zsets WHERE key_id = ? AND (score < ? OR (score = ? AND member < ?))',
      meta.id,
      score,
      score,
      member,
    )?.n ?? 0
  );
}

/** A score interval as `zslParseRange` gives it. */
export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

export function rangeSql(range: ScoreRange): string {
  return `score ${range.minExclusive ? '>' : '>='} ? AND score ${range.maxExclusive ? '<' : '<='} ?`;
}
