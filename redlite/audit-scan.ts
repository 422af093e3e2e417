/**
 * The row scans of a storage audit: every keys row and every value row, read straight from
 * their tables (NOT INDEXED), checksums verified as a read would, and each row judged on its own
 * and against the keys rows (audit-findings.ts names the checks). The index comparisons are in
 * audit-indexes.ts; the transaction and the report are audit.ts's.
 *
 * Rows are taken as SQLite returns them, without trusting their column types: damaged bytes can
 * turn a BLOB into text or an integer into a real, and such a row simply fails its checksum.
 */
import type Database from 'better-sqlite3';
import { type AuditFindings, describeKey } from './audit-findings.ts';
import { hashRowCrc, keyRowCrc, listRowCrc, setRowCrc, stringRowCrc, zsetRowCrc } from './checksum.ts';
import { POSITION_ABS_MAX } from './commands/list-storage.ts';
import { FLAG_ZSET_SKIPLIST, KeyType, TYPE_NAMES } from './schema.ts';

type Statement = Database.Statement<unknown[], unknown>;

/** A keys row as read; `type` is null when its checksum fails, so nothing relies on it. */
export interface KeyEntry {
  readonly id: number;
  readonly db: unknown;
  readonly key: unknown;
  /** The deadline as text (null: none), for comparing with the expiry index. */
  readonly expireText: string | null;
  readonly type: number | null;
}

/** One state of one key, for a host that compares audits over time. Verified rows only. */
export interface AuditKey {
  readonly db: number;
  readonly key: Buffer;
  readonly id: number;
  readonly version: number;
}

export const KEYS_SCAN_SQL =
  'SELECT id, db, key, type, flags, expire_at, ' +
  'CASE WHEN expire_at > 9007199254740991 THEN CAST(expire_at AS TEXT) END, version, crc FROM keys NOT INDEXED';

const isInt = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value);

/** The canonical text of a deadline: SQLite's own text beyond 2^53, else the number's digits. */
export function expireTextOf(number: unknown, bigText: unknown): string | null {
  if (typeof bigText === 'string') return bigText;
  return number === null ? null : String(number);
}

/** Reads every keys row: checksums, the row-local checks, and the map the other checks use. */
export function scanKeys(
  statement: Statement,
  findings: AuditFindings,
): { entries: Map<number, KeyEntry>; keys: AuditKey[] } {
  const entries = new Map<number, KeyEntry>();
  const keys: AuditKey[] = [];
  for (const row of statement.all() as unknown[][]) {
    const [id, db, key, type, flags, expireAt, bigText, version, crc] = row;
    const expireText = expireTextOf(expireAt, bigText);
    const deadline = typeof bigText === 'string' ? BigInt(bigText) : expireAt;
    const verified =
      isInt(id) &&
      isInt(db) &&
      Buffer.isBuffer(key) &&
      isInt(type) &&
      isInt(flags) &&
      (deadline === null || typeof deadline === 'bigint' || isInt(deadline)) &&
      isInt(version) &&
      keyRowCrc(db, key, type, flags, deadline, version) === crc;
    if (!verified) {
      findings.add('checksum', () => `keys row id=${String(id)} key ${describeKey(key)}`);
      if (isInt(id)) entries.set(id, { id, db, key, expireText, type: null });
      continue;
    }
    entries.set(id, { id, db, key, expireText, type });
    keys.push({ db, key, id, version });
    const invalid = invalidKeyRow(id, db, type, flags, version);
    if (invalid !== null)
      findings.add('key_row_invalid', () => `keys row id=${id} ${describeKey(key)}: ${invalid}`);
  }
  return { entries, keys };
}

function invalidKeyRow(id: number, db: number, type: number, flags: number, version: number): string | null {
  if (id < 1) return `id ${id}`;
  if (db < 0) return `db ${db}`;
  if (TYPE_NAMES[type] === undefined) return `type ${type}`;
  if (flags !== 0 && (type !== KeyType.zset || (flags & ~FLAG_ZSET_SKIPLIST) !== 0)) return `flags ${flags}`;
  if (version < 1) return `version ${version}`;
  return null;
}

/** A value table: its type, the SQL that reads it whole, and how one raw row verifies. */
export interface ValueTable {
  readonly name: 'strings' | 'lists' | 'hashes' | 'sets' | 'zsets';
  readonly type: number;
  readonly sql: string;
  verify(row: readonly unknown[]): boolean;
  /** The row's identity for a report, after its key id. */
  describe(row: readonly unknown[]): string;
}

const isBlob = Buffer.isBuffer;

export const VALUE_TABLES: readonly ValueTable[] = [
  {
    name: 'strings',
    type: KeyType.string,
    sql: 'SELECT key_id, value, crc FROM strings NOT INDEXED',
    verify: (row) => isInt(row[0]) && isBlob(row[1]) && stringRowCrc(row[0], row[1]) === row[2],
    describe: () => '',
  },
  {
    name: 'lists',
    type: KeyType.list,
    sql: 'SELECT key_id, pos, value, crc FROM lists NOT INDEXED',
    verify: (row) =>
      isInt(row[0]) &&
      typeof row[1] === 'number' &&
      isBlob(row[2]) &&
      listRowCrc(row[0], row[1], row[2]) === row[3],
    describe: ([, pos]) => ` pos=${String(pos)}`,
  },
  {
    name: 'hashes',
    type: KeyType.hash,
    sql: 'SELECT key_id, field, value, crc FROM hashes NOT INDEXED',
    verify: (row) =>
      isInt(row[0]) && isBlob(row[1]) && isBlob(row[2]) && hashRowCrc(row[0], row[1], row[2]) === row[3],
    describe: ([, field]) => ` field ${describeKey(field)}`,
  },
  {
    name: 'sets',
    type: KeyType.set,
    sql: 'SELECT key_id, member, crc FROM sets NOT INDEXED',
    verify: (row) => isInt(row[0]) && isBlob(row[1]) && setRowCrc(row[0], row[1]) === row[2],
    describe: ([, member]) => ` member ${describeKey(member)}`,
  },
  {
    name: 'zsets',
    type: KeyType.zset,
    sql: 'SELECT key_id, member, score, crc FROM zsets NOT INDEXED',
    verify: (row) =>
      isInt(row[0]) &&
      isBlob(row[1]) &&
      typeof row[2] === 'number' &&
      zsetRowCrc(row[0], row[1], row[2]) === row[3],
    describe: ([, member, score]) => ` member ${describeKey(member)} score=${String(score)}`,
  },
];

/**
 * Reads one value table whole: checksums, ownership by a keys row of the table's type, and for
 * lists the position checks. Returns the row count per key id, and hands each row with whether
 * it verified to `each` (the zset index comparison needs them). `entries` is null when the
 * keys table could not be read: ownership then goes unjudged. The loop builds nothing per row
 * unless the row is at fault: an audit reads every row of the store.
 */
export function scanValues(
  table: ValueTable,
  statement: Statement,
  entries: ReadonlyMap<number, KeyEntry> | null,
  findings: AuditFindings,
  each?: (row: readonly unknown[], verified: boolean) => void,
): Map<number, number> {
  const counts = new Map<number, number>();
  const list = table.type === KeyType.list;
  let previous: readonly unknown[] | null = null;
  // Rows come in key order, so the owner is looked up and the count kept once per run of a key.
  let runKey: unknown;
  let owner: KeyEntry | undefined;
  for (const row of statement.all() as unknown[][]) {
    const keyId = row[0];
    const verified = table.verify(row);
    if (!verified) findings.add('checksum', () => rowName(table, row));
    if (keyId !== runKey) {
      runKey = keyId;
      owner = entries?.get(keyId as number);
    }
    if (isInt(keyId)) counts.set(keyId, (counts.get(keyId) ?? 0) + 1);
    if (entries !== null) checkOwner(table, row, owner, findings);
    if (list) {
      if (verified) checkPosition(table, row, findings);
      if (previous !== null && !listRowsInOrder(previous, row)) {
        const before = previous;
        findings.add(
          'list_position_order',
          () => `${rowName(table, row)} comes after key_id=${String(before[0])} pos=${String(before[1])}`,
        );
      }
      previous = row;
    }
    each?.(row, verified);
  }
  return counts;
}

function rowName(table: ValueTable, row: readonly unknown[]): string {
  return `${table.name} row key_id=${String(row[0])}${table.describe(row)}`;
}

/** A value row belongs to a keys row of its table's type (an unverified keys row is not judged). */
function checkOwner(
  table: ValueTable,
  row: readonly unknown[],
  owner: KeyEntry | undefined,
  findings: AuditFindings,
): void {
  if (owner === undefined) {
    findings.add('value_row_orphaned', () => `${rowName(table, row)}: no keys row`);
  } else if (owner.type !== null && owner.type !== table.type) {
    const type = TYPE_NAMES[owner.type] ?? `type ${owner.type}`;
    findings.add(
      'value_row_orphaned',
      () => `${rowName(table, row)}: key ${describeKey(owner.key)} is a ${type}`,
    );
  }
}

function checkPosition(table: ValueTable, row: readonly unknown[], findings: AuditFindings): void {
  const pos = row[1] as number;
  if (!Number.isSafeInteger(pos) || Math.abs(pos) > POSITION_ABS_MAX)
    findings.add('list_position_invalid', () => `${rowName(table, row)}: not an integer within ±2^50`);
}

/** Strictly increasing (key id, position), as the table's primary key orders its rows. */
function listRowsInOrder(previous: readonly unknown[], row: readonly unknown[]): boolean {
  const [keyA, posA] = previous as [number, number];
  const [keyB, posB] = row as [number, number];
  return keyA < keyB || (keyA === keyB && posA < posB);
}

/** Every verified key of an aggregate type has value rows, and every string key its value. */
export function checkOwnersHaveValues(
  entries: ReadonlyMap<number, KeyEntry>,
  counts: ReadonlyMap<number, ReadonlyMap<number, number>>,
  findings: AuditFindings,
): void {
  for (const entry of entries.values()) {
    if (entry.type === null) continue;
    const perKey = counts.get(entry.type);
    // An unreadable table has no counts: its keys cannot be judged.
    if (perKey === undefined || (perKey.get(entry.id) ?? 0) > 0) continue;
    const check = entry.type === KeyType.string ? 'string_value_missing' : 'aggregate_empty';
    const type = TYPE_NAMES[entry.type] ?? `type ${entry.type}`;
    findings.add(
      check,
      () => `keys row id=${entry.id} ${describeKey(entry.key)} (a ${type}) has no value rows`,
    );
  }
}
