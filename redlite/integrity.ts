/**
 * What a host asks when it must know whether the store's bytes are sound: SQLite's
 * integrity_check, plus redlite's own rules that SQLite cannot see. Every value row belongs to
 * a key of its type, every key has its value rows (a string its value, an aggregate at least one
 * member: an emptied aggregate is deleted), and every row (keys and values alike) matches its
 * stored checksum. A key without its rows is what a checkpoint cut short leaves when the WAL
 * frames it was copying can no longer be recovered. Rot in
 * the key part of a b-tree cell moves a row away from the lookups that would verify it; a full
 * pass like this one finds it, where a command never would.
 *
 * It is a read-only pass over every row: for checks after the fact (a failure, an audit), not
 * for every command.
 */
import type Database from 'better-sqlite3';
import { hashRowCrc, keyRowCrc, listRowCrc, setRowCrc, stringRowCrc, zsetRowCrc } from './checksum.ts';
import { KeyType } from './schema.ts';

/** How many findings of each kind a pass keeps. */
const FINDINGS_MAX = 20;

type Row = readonly unknown[];

interface ValueTable {
  readonly name: string;
  readonly type: number;
  readonly columns: string;
  readonly crc: (row: Row) => number;
}

const VALUE_TABLES: readonly ValueTable[] = [
  {
    name: 'strings',
    type: KeyType.string,
    columns: 'key_id, value',
    crc: (r) => stringRowCrc(r[0] as number, r[1] as Buffer),
  },
  {
    name: 'lists',
    type: KeyType.list,
    columns: 'key_id, pos, value',
    crc: (r) => listRowCrc(r[0] as number, r[1] as number, r[2] as Buffer),
  },
  {
    name: 'hashes',
    type: KeyType.hash,
    columns: 'key_id, field, value',
    crc: (r) => hashRowCrc(r[0] as number, r[1] as Buffer, r[2] as Buffer),
  },
  {
    name: 'sets',
    type: KeyType.set,
    columns: 'key_id, member',
    crc: (r) => setRowCrc(r[0] as number, r[1] as Buffer),
  },
  {
    name: 'zsets',
    type: KeyType.zset,
    columns: 'key_id, member, score',
    crc: (r) => zsetRowCrc(r[0] as number, r[1] as Buffer, r[2] as number),
  },
];

function integrityCheck(db: Database.Database): string[] {
  const rows = db.prepare(`PRAGMA integrity_check(${FINDINGS_MAX})`).pluck().all() as string[];
  const lines = rows
    .flatMap((row) => row.split('\n'))
    .filter((line) => line !== '' && !line.startsWith('*** in database'));
  return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
}

function keyRows(db: Database.Database): string[] {
  const rows = db
    .prepare(
      'SELECT db, key, type, flags, expire_at, ' +
        'CASE WHEN expire_at > 9007199254740991 THEN CAST(expire_at AS TEXT) END, version, crc FROM keys',
    )
    .raw()
    .all() as [number, Buffer, number, number, number | null, string | null, number, number][];
  const found: string[] = [];
  for (const [dbIndex, key, type, flags, expireAt, expireText, version, crc] of rows) {
    const expiry = expireText !== null ? BigInt(expireText) : expireAt;
    if (keyRowCrc(dbIndex, key, type, flags, expiry, version) === crc) continue;
    found.push(`keys row for '${key.toString('latin1')}' fails its checksum`);
    if (found.length >= FINDINGS_MAX) break;
  }
  return found;
}

function valueRows(db: Database.Database, table: ValueTable): string[] {
  const found: string[] = [];
  const orphans = db
    .prepare(
      `SELECT DISTINCT key_id FROM ${table.name} v WHERE NOT EXISTS ` +
        `(SELECT 1 FROM keys k WHERE k.id = v.key_id AND k.type = ${table.type}) LIMIT ${FINDINGS_MAX}`,
    )
    .pluck()
    .all() as number[];
  for (const id of orphans) found.push(`${table.name} rows of key id ${id} belong to no ${table.name} key`);
  const bare = db
    .prepare(
      `SELECT id FROM keys k WHERE k.type = ${table.type} AND NOT EXISTS ` +
        `(SELECT 1 FROM ${table.name} v WHERE v.key_id = k.id) LIMIT ${FINDINGS_MAX}`,
    )
    .pluck()
    .all() as number[];
  for (const id of bare) found.push(`${table.name} key id ${id} has no ${table.name} rows`);
  const rows = db.prepare(`SELECT ${table.columns}, crc FROM ${table.name}`).raw().all() as Row[];
  for (const row of rows) {
    if (table.crc(row) === row[row.length - 1]) continue;
    found.push(`a ${table.name} row of key id ${String(row[0])} fails its checksum`);
    if (found.length >= FINDINGS_MAX) break;
  }
  return found;
}

/** Every finding, SQLite's first; empty when the store is sound. A read error is a finding too. */
export function integrityProblems(db: Database.Database): string[] {
  try {
    return [...integrityCheck(db), ...keyRows(db), ...VALUE_TABLES.flatMap((table) => valueRows(db, table))];
  } catch (caught) {
    return [caught instanceof Error ? caught.message : String(caught)];
  }
}
