/**
 * The index comparisons of a storage audit: each of redlite's indexes, read on its own
 * (INDEXED BY), must hold exactly the rows of its table with the same values, in its own order.
 * `PRAGMA integrity_check` proves the same for every index, at a price; `quick_check` skips it,
 * so the audit compares redlite's indexes itself in either mode:
 * - `zsets_by_score` (key_id, score, member): the sorted-set ranks;
 * - `sqlite_autoindex_keys_1` (db, key): the key lookups;
 * - `keys_by_expire_at` (expire_at, partial): active expiry.
 */
import type Database from 'better-sqlite3';
import { type AuditFindings, describeKey } from './audit-findings.ts';
import { expireTextOf, type KeyEntry } from './audit-scan.ts';
import { zsetRowCrc } from './checksum.ts';

type Statement = Database.Statement<unknown[], unknown>;

export const ZSET_INDEX_SQL = 'SELECT key_id, member, score FROM zsets INDEXED BY zsets_by_score';
export const ZSET_KEY_ENTRIES_SQL =
  'SELECT member, score FROM zsets INDEXED BY zsets_by_score WHERE key_id = ?';
/** The crc column keeps SQLite off the covering index, even with NOT INDEXED. */
export const ZSET_KEY_ROWS_SQL = 'SELECT member, score, crc FROM zsets NOT INDEXED WHERE key_id = ?';
export const KEY_INDEX_SQL = 'SELECT id, db, key FROM keys INDEXED BY sqlite_autoindex_keys_1';
export const EXPIRE_INDEX_SQL =
  'SELECT id, expire_at, CASE WHEN expire_at > 9007199254740991 THEN CAST(expire_at AS TEXT) END ' +
  'FROM keys INDEXED BY keys_by_expire_at WHERE expire_at IS NOT NULL';

/** Per key: how many rows, and the sum of their checksums (which cover key, member and score). */
export class ZsetFingerprints {
  private readonly byKey = new Map<number, { rows: number; sum: number }>();

  add(keyId: number, crc: number): void {
    const found = this.byKey.get(keyId);
    if (found === undefined) this.byKey.set(keyId, { rows: 1, sum: crc });
    else {
      found.rows++;
      found.sum += crc;
    }
  }

  /** Key ids whose fingerprints differ between the two, in ascending order. */
  differing(other: ZsetFingerprints): number[] {
    const ids = new Set([...this.byKey.keys(), ...other.byKey.keys()]);
    return [...ids]
      .filter((id) => {
        const mine = this.byKey.get(id);
        const theirs = other.byKey.get(id);
        return mine?.rows !== theirs?.rows || mine?.sum !== theirs?.sum;
      })
      .sort((a, b) => a - b);
  }
}

/** A zsets row's fingerprint: its checksum, computed when the stored one did not verify. */
export function zsetRowFingerprint(row: readonly unknown[], verified: boolean): number | null {
  const [keyId, member, score, crc] = row;
  if (!Number.isSafeInteger(keyId) || !Buffer.isBuffer(member) || typeof score !== 'number') return null;
  return verified ? (crc as number) : zsetRowCrc(keyId as number, member, score);
}

/** One key's entries as the index holds them and its rows as the table holds them. */
export interface ZsetKeyReader {
  entries(keyId: number): unknown[][];
  rows(keyId: number): unknown[][];
}

/**
 * Compares the score index with the zsets rows (`table`: their fingerprints per key, as the
 * table scan read them). Entries must ascend by (key id, score, member) as SQLite compares
 * them, and each key must have as many entries as rows with the same checksums. A key that
 * differs is read again, entry by entry, to name what differs: only those keys, so a sound
 * store pays for one pass over the index and no string per entry.
 */
export function checkZsetIndex(
  statement: Statement,
  table: ZsetFingerprints,
  reader: ZsetKeyReader,
  findings: AuditFindings,
): void {
  const index = new ZsetFingerprints();
  let previous: unknown[] | null = null;
  for (const row of statement.all() as unknown[][]) {
    const [keyId, member, score] = row;
    if (Number.isSafeInteger(keyId) && Buffer.isBuffer(member) && typeof score === 'number')
      index.add(keyId as number, zsetRowCrc(keyId as number, member, score));
    if (previous !== null && compareZsetEntries(previous, row) >= 0) {
      findings.add(
        'index_mismatch',
        () => `zsets_by_score entry key_id=${String(keyId)} member ${describeKey(member)}: out of order`,
      );
    }
    previous = row;
  }
  for (const keyId of index.differing(table)) describeZsetKey(keyId, reader, findings);
}

/** Names each entry of one key without its row and each row without its entry. */
function describeZsetKey(keyId: number, reader: ZsetKeyReader, findings: AuditFindings): void {
  const rows = new Map<string, unknown>();
  for (const [member, score] of reader.rows(keyId)) rows.set(memberText(member), score);
  const where = `key_id=${keyId}`;
  let differences = 0;
  for (const [member, score] of reader.entries(keyId)) {
    const text = memberText(member);
    const name = `zsets_by_score entry ${where} member ${describeKey(member)} score=${String(score)}`;
    if (!rows.has(text)) findings.add('index_mismatch', () => `${name}: no zsets row left to match it`);
    else if (!Object.is(rows.get(text), score))
      findings.add('index_mismatch', () => `${name}: the row says score=${String(rows.get(text))}`);
    else {
      rows.delete(text);
      continue;
    }
    differences++;
    rows.delete(text);
  }
  for (const [text, score] of rows) {
    differences++;
    const member = Buffer.from(text, 'latin1');
    findings.add(
      'index_mismatch',
      () => `zsets row ${where} member ${describeKey(member)} score=${String(score)}: not in zsets_by_score`,
    );
  }
  // The sums differed but every entry matched a row: a duplicate entry, or a checksum collision.
  if (differences === 0)
    findings.add('index_mismatch', () => `zsets_by_score ${where}: entries and rows differ`);
}

function memberText(member: unknown): string {
  return Buffer.isBuffer(member) ? member.toString('latin1') : `<${typeof member}>`;
}

/** SQLite's order on (key_id, score, member): numbers by value (-0 equals 0), blobs by memcmp. */
function compareZsetEntries(a: readonly unknown[], b: readonly unknown[]): number {
  const [keyA, scoreA, memberA] = [a[0] as number, a[2] as number, a[1]];
  const [keyB, scoreB, memberB] = [b[0] as number, b[2] as number, b[1]];
  if (keyA !== keyB) return keyA < keyB ? -1 : 1;
  if (scoreA !== scoreB) return scoreA < scoreB ? -1 : 1;
  if (!Buffer.isBuffer(memberA) || !Buffer.isBuffer(memberB)) return 0;
  return Buffer.compare(memberA, memberB);
}

/** The key index holds each keys row once, with its db and name, ascending by (db, key). */
export function checkKeyIndex(
  statement: Statement,
  entries: ReadonlyMap<number, KeyEntry>,
  findings: AuditFindings,
): void {
  const unseen = new Set(entries.keys());
  let previous: unknown[] | null = null;
  for (const row of statement.all() as unknown[][]) {
    const [id, db, key] = row;
    const entry = typeof id === 'number' ? entries.get(id) : undefined;
    const name = `keys index entry id=${String(id)} ${describeKey(key)}`;
    if (entry === undefined || !unseen.has(entry.id)) {
      findings.add('index_mismatch', () => `${name}: no such keys row, or a second entry`);
    } else if (
      entry.db !== db ||
      !Buffer.isBuffer(key) ||
      !Buffer.isBuffer(entry.key) ||
      !key.equals(entry.key)
    ) {
      findings.add('index_mismatch', () => `${name}: the keys row says ${describeKey(entry.key)}`);
    }
    if (entry !== undefined) unseen.delete(entry.id);
    if (previous !== null && !keyEntriesInOrder(previous, row))
      findings.add('index_mismatch', () => `${name}: out of order`);
    previous = row;
  }
  for (const id of unseen)
    findings.add(
      'index_mismatch',
      () => `keys row id=${id} ${describeKey(entries.get(id)?.key)}: not in the key index`,
    );
}

function keyEntriesInOrder(a: readonly unknown[], b: readonly unknown[]): boolean {
  const [dbA, keyA] = [a[1] as number, a[2]];
  const [dbB, keyB] = [b[1] as number, b[2]];
  if (dbA !== dbB) return dbA < dbB;
  return Buffer.isBuffer(keyA) && Buffer.isBuffer(keyB) && Buffer.compare(keyA, keyB) < 0;
}

/** The expiry index holds exactly the keys rows with a deadline, each with that deadline. */
export function checkExpireIndex(
  statement: Statement,
  entries: ReadonlyMap<number, KeyEntry>,
  findings: AuditFindings,
): void {
  const expected = new Map<number, string>();
  for (const entry of entries.values())
    if (entry.expireText !== null) expected.set(entry.id, entry.expireText);
  for (const [id, expireAt, bigText] of statement.all() as unknown[][]) {
    const text = expireTextOf(expireAt, bigText);
    const name = `keys_by_expire_at entry id=${String(id)} expire_at=${String(text)}`;
    const want = typeof id === 'number' ? expected.get(id) : undefined;
    if (want === undefined) findings.add('index_mismatch', () => `${name}: no keys row with a deadline`);
    else if (want !== text) findings.add('index_mismatch', () => `${name}: the keys row says ${want}`);
    if (typeof id === 'number') expected.delete(id);
  }
  for (const [id, text] of expected)
    findings.add('index_mismatch', () => `keys row id=${id} expire_at=${text}: not in keys_by_expire_at`);
}
