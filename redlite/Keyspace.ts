/**
 * The `keys` table seen by commands: look a key up (checksum verified, lazily expired), create,
 * touch (every write bumps `version`), delete. Values live in the per-type tables; the command
 * files handle those. One Keyspace serves every command, with `nowMs` and `db` (the numbered
 * database, as Redis's SELECT picks) set per command, so a command sees one instant, as Redis's
 * command time snapshot does. When a host listens for key changes, every create, write and
 * delete is also recorded in `changes` (see key-changes.ts). It also carries what the command
 * files need of redlite's options: the tuned list gap and the probe hook.
 */
import { keyRowCrc } from './checksum.ts';
import { ChecksumMismatchError, ReplyError, WRONGTYPE } from './errors.ts';
import type { KeyChangeLog } from './key-changes.ts';
import type { ResolvedOptions } from './options.ts';
import type { RedliteProbe } from './probes.ts';
import type { Sql } from './Sql.ts';
import { FLAG_ZSET_SKIPLIST } from './schema.ts';

/** Milliseconds since the epoch; bigint only beyond 2^53, where a number would round. */
export type EpochMs = number | bigint;

export interface KeyMeta {
  readonly id: number;
  readonly key: Buffer;
  readonly type: number;
  readonly flags: number;
  readonly expireAt: EpochMs | null;
  readonly version: number;
}

/** The columns of a keys row as every lookup selects them (see KEY_COLUMNS). */
export interface KeyRow {
  id: number;
  type: number;
  flags: number;
  expire_at: number | null;
  expire_text: string | null;
  version: number;
  crc: number;
}

/** Selects a keys row; `expire_text` carries expiries a double cannot hold exactly. */
export const KEY_COLUMNS =
  'k.id AS id, k.type AS type, k.flags AS flags, k.expire_at AS expire_at, ' +
  'CASE WHEN k.expire_at > 9007199254740991 THEN CAST(k.expire_at AS TEXT) END AS expire_text, ' +
  'k.version AS version, k.crc AS crc';

/**
 * The same keys row selected in raw mode (`Sql.getRaw`), by position: the hot lookups skip
 * building a named object per row. KEY_TUPLE_WIDTH columns, in KEY_COLUMNS' order.
 */
export type KeyTuple = [
  id: number,
  type: number,
  flags: number,
  expireAt: number | null,
  expireText: string | null,
  version: number,
  crc: number,
];
export const KEY_TUPLE_WIDTH = 7;

/** One statement text, built once: the statement cache hashes it on every call. */
const LOOKUP_SQL = `SELECT ${KEY_COLUMNS} FROM keys k WHERE k.db = ? AND k.key = ?`;
/**
 * Expired keys in deadline order (ties by id, the expiry index's own order), one sample at a
 * time. Rows in raw mode: the keys row, then its key and its database at KEY_TUPLE_WIDTH.
 */
const EXPIRED_SQL =
  `SELECT ${KEY_COLUMNS}, k.key AS key, k.db AS db FROM keys k ` +
  'WHERE k.expire_at IS NOT NULL AND k.expire_at < ? ORDER BY k.expire_at, k.id LIMIT +?';
/** The next sample, after the last key the previous one read (deadline, then id). */
const EXPIRED_AFTER_SQL =
  `SELECT ${KEY_COLUMNS}, k.key AS key, k.db AS db FROM keys k ` +
  'WHERE k.expire_at IS NOT NULL AND k.expire_at < ? AND (k.expire_at > ? OR (k.expire_at = ? AND k.id > ?)) ' +
  'ORDER BY k.expire_at, k.id LIMIT +?';
const KEYS_OF_DB_SQL = 'SELECT key FROM keys WHERE db = ? ORDER BY id';
const DELETE_SQL = 'DELETE FROM keys WHERE id = ?';
const UPDATE_VERSION_SQL = 'UPDATE keys SET version = ?, crc = ? WHERE id = ?';
const UPDATE_SQL = 'UPDATE keys SET type = ?, flags = ?, expire_at = ?, version = ?, crc = ? WHERE id = ?';

const DB_INDEX = 0;
/** Numbered databases, 0 to DATABASE_COUNT - 1, as Redis's default `databases 16`. */
export const DATABASE_COUNT = 16;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** The options a Keyspace reads; the hooks object is read at each probe, as Sql reads it. */
export type KeyspaceOptions = Pick<ResolvedOptions, 'listPositionGap' | 'expireSampleKeys' | 'hooks'>;

/** A bigint millisecond value as a number when that is exact. */
export function toEpochMs(value: bigint): EpochMs {
  return value <= SAFE_MAX && value >= -SAFE_MAX ? Number(value) : value;
}

export class Keyspace {
  readonly sql: Sql;
  /** The command's time snapshot, set by Redlite before each command. */
  nowMs = 0;
  /** The command's database, set by Redlite before each command. */
  db = DB_INDEX;
  /** Where writes are recorded while a host listens for key changes; null otherwise. */
  changes: KeyChangeLog | null = null;
  /** The step between list positions (options.ts `listPositionGap`). */
  readonly listPositionGap: number;
  private readonly expireSampleKeys: number;
  private readonly hooks: KeyspaceOptions['hooks'];

  constructor(sql: Sql, options: KeyspaceOptions) {
    this.sql = sql;
    this.listPositionGap = options.listPositionGap;
    this.expireSampleKeys = options.expireSampleKeys;
    this.hooks = options.hooks;
  }

  /** Announces a rare path to the host (probes.ts); nothing else happens here. */
  probe(name: RedliteProbe): void {
    this.hooks.probe?.(name);
  }

  /** Verifies a selected keys row and applies lazy expiry: null when expired (and deleted). */
  fromRow(row: KeyRow, key: Buffer): KeyMeta | null {
    return this.live(this.verifyRow(row, key));
  }

  /** fromRow for a row selected in raw mode: its first KEY_TUPLE_WIDTH columns. */
  fromTuple(row: readonly unknown[], key: Buffer): KeyMeta | null {
    const tuple = row as KeyTuple;
    return this.live(
      this.verified(tuple[0], key, tuple[1], tuple[2], tuple[3], tuple[4], tuple[5], tuple[6]),
    );
  }

  /** verifyRow for a row selected in raw mode: its first KEY_TUPLE_WIDTH columns. */
  verifyTuple(row: readonly unknown[], key: Buffer): KeyMeta {
    const tuple = row as KeyTuple;
    return this.verified(tuple[0], key, tuple[1], tuple[2], tuple[3], tuple[4], tuple[5], tuple[6]);
  }

  /** Checks a keys row's checksum, without expiry (KEYS and SCAN only filter expired keys). */
  verifyRow(row: KeyRow, key: Buffer): KeyMeta {
    return this.verified(
      row.id,
      key,
      row.type,
      row.flags,
      row.expire_at,
      row.expire_text,
      row.version,
      row.crc,
    );
  }

  private verified(
    id: number,
    key: Buffer,
    type: number,
    flags: number,
    expireAtNumber: number | null,
    expireText: string | null,
    version: number,
    crc: number,
  ): KeyMeta {
    const expireAt = expireText !== null ? BigInt(expireText) : expireAtNumber;
    if (keyRowCrc(this.db, key, type, flags, expireAt, version) !== crc) {
      throw new ChecksumMismatchError('keys', key);
    }
    return { id, key, type, flags, expireAt, version };
  }

  /** Lazy expiry: an expired key is deleted (with its values) and reads as absent. */
  private live(meta: KeyMeta): KeyMeta | null {
    if (this.isExpired(meta.expireAt)) {
      this.sql.run(DELETE_SQL, meta.id);
      this.changes?.record(this.db, meta.key, 'deleted');
      this.probe('lazy_expiry_deleted');
      return null;
    }
    return meta;
  }

  lookup(key: Buffer): KeyMeta | null {
    const row = this.sql.getRaw(LOOKUP_SQL, this.db, key);
    return row === undefined ? null : this.fromTuple(row, key);
  }

  /** Looks a key up and insists on its type (WRONGTYPE otherwise); null when absent. */
  lookupTyped(key: Buffer, type: number): KeyMeta | null {
    const meta = this.lookup(key);
    if (meta !== null && meta.type !== type) throw new ReplyError(WRONGTYPE);
    return meta;
  }

  create(key: Buffer, type: number, expireAt: EpochMs | null = null, flags = 0): KeyMeta {
    const version = 1;
    const crc = keyRowCrc(this.db, key, type, flags, expireAt, version);
    const row = this.sql.runReturning<{ id: number }>(
      'INSERT INTO keys (db, key, type, flags, expire_at, version, crc) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id',
      this.db,
      key,
      type,
      flags,
      expireAt,
      version,
      crc,
    );
    this.changes?.record(this.db, key, 'created');
    return { id: row.id, key, type, flags, expireAt, version };
  }

  /** Records a write to the key: version + 1, with any change of type, flags or expiry. */
  touch(meta: KeyMeta, change: { type?: number; flags?: number; expireAt?: EpochMs | null } = {}): KeyMeta {
    const type = change.type ?? meta.type;
    const flags = change.flags ?? meta.flags;
    const expireAt = change.expireAt === undefined ? meta.expireAt : change.expireAt;
    const version = meta.version + 1;
    const crc = keyRowCrc(this.db, meta.key, type, flags, expireAt, version);
    if ((flags & ~meta.flags & FLAG_ZSET_SKIPLIST) !== 0) this.probe('zset_skiplist_converted');
    // Most writes change nothing but the version: a narrower UPDATE leaves the expiry index be.
    if (type === meta.type && flags === meta.flags && expireAt === meta.expireAt) {
      this.sql.run(UPDATE_VERSION_SQL, version, crc, meta.id);
    } else {
      this.sql.run(UPDATE_SQL, type, flags, expireAt, version, crc, meta.id);
    }
    this.changes?.record(this.db, meta.key, 'changed');
    return { id: meta.id, key: meta.key, type, flags, expireAt, version };
  }

  /** Renames the key's row in place (RENAME): same id, new name, version + 1. */
  rename(meta: KeyMeta, newKey: Buffer): void {
    const version = meta.version + 1;
    const crc = keyRowCrc(this.db, newKey, meta.type, meta.flags, meta.expireAt, version);
    this.sql.run('UPDATE keys SET key = ?, version = ?, crc = ? WHERE id = ?', newKey, version, crc, meta.id);
    this.changes?.record(this.db, meta.key, 'deleted');
    this.changes?.record(this.db, newKey, 'created');
  }

  /** Deletes the key and, by cascade, its value rows. */
  remove(meta: KeyMeta): void {
    this.sql.run(DELETE_SQL, meta.id);
    this.changes?.record(this.db, meta.key, 'deleted');
  }

  /** Records every key of the command's database as deleted, before FLUSHDB deletes them all. */
  recordFlush(): void {
    const changes = this.changes;
    if (changes === null) return;
    for (const row of this.sql.allRaw(KEYS_OF_DB_SQL, this.db))
      changes.record(this.db, row[0] as Buffer, 'deleted');
  }

  /** Deletes an aggregate key whose last element just went, as Redis deletes empty collections. */
  removeEmptied(meta: KeyMeta): void {
    this.remove(meta);
    this.probe('empty_aggregate_deleted');
  }

  /**
   * Active expiry: examines up to `limit` expired keys, oldest deadline first, reading them
   * `expireSampleKeys` at a time, and deletes them; returns how many it deleted. Rows failing
   * their checksum count as examined but are left for a read to report.
   */
  deleteExpired(limit: number): number {
    let deleted = 0;
    let examined = 0;
    let last: KeyTuple | null = null;
    // Each pass examines at least one key or stops, so there are at most `limit` passes.
    while (examined < limit) {
      const want = Math.min(this.expireSampleKeys, limit - examined);
      let rows: unknown[][];
      if (last === null) {
        rows = this.sql.allRaw(EXPIRED_SQL, this.nowMs, want);
      } else {
        this.probe('expire_cycle_batches');
        rows = this.sql.allRaw(EXPIRED_AFTER_SQL, this.nowMs, last[3], last[3], last[0], want);
      }
      for (const row of rows) {
        const [id, type, flags, expireAt, expireText, version, crc] = row as KeyTuple;
        const key = row[KEY_TUPLE_WIDTH] as Buffer;
        const db = row[KEY_TUPLE_WIDTH + 1] as number;
        const expireAtMs = expireText !== null ? BigInt(expireText) : expireAt;
        if (keyRowCrc(db, key, type, flags, expireAtMs, version) !== crc) continue;
        this.sql.run(DELETE_SQL, id);
        this.changes?.record(db, key, 'deleted');
        deleted++;
      }
      examined += rows.length;
      if (rows.length < want) break;
      last = rows[rows.length - 1] as KeyTuple;
    }
    return deleted;
  }

  isExpired(expireAt: EpochMs | null): boolean {
    return expireAt !== null && expireAt < this.nowMs;
  }
}
