/**
 * redlite's SQLite schema: one `keys` row per Redis key (name, type, expiry, version, checksum)
 * and one table per value type, keyed by the key's id and deleted with it (ON DELETE CASCADE).
 * Every name, field, member and value is a BLOB, so comparisons are memcmp order, as in Redis.
 *
 * Two deliberate details:
 * - `keys.id` is AUTOINCREMENT so an id is never reused: (id, version) names one state of one
 *   key forever, which WATCH-style checks need.
 * - `zsets.score` has no declared type. A REAL column stores an integral value as an integer,
 *   which would turn -0 into 0; a column without affinity keeps the double's bits.
 */

/** Key types as stored in `keys.type`. */
export const KeyType = {
  string: 1,
  list: 2,
  set: 3,
  zset: 4,
  hash: 5,
} as const;

export const TYPE_NAMES: Record<number, string> = {
  1: 'string',
  2: 'list',
  3: 'set',
  4: 'zset',
  5: 'hash',
};

/** `keys.flags` bit: the sorted set has left Redis's compact (listpack) encoding for good. */
export const FLAG_ZSET_SKIPLIST = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS keys (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  db INTEGER NOT NULL,
  key BLOB NOT NULL,
  type INTEGER NOT NULL,
  flags INTEGER NOT NULL DEFAULT 0,
  expire_at INTEGER,
  version INTEGER NOT NULL,
  crc INTEGER NOT NULL,
  UNIQUE (db, key)
);
CREATE INDEX IF NOT EXISTS keys_by_expire_at ON keys (expire_at) WHERE expire_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS strings (
  key_id INTEGER PRIMARY KEY REFERENCES keys (id) ON DELETE CASCADE,
  value BLOB NOT NULL,
  crc INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS lists (
  key_id INTEGER NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
  pos INTEGER NOT NULL,
  value BLOB NOT NULL,
  crc INTEGER NOT NULL,
  PRIMARY KEY (key_id, pos)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hashes (
  key_id INTEGER NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
  field BLOB NOT NULL,
  value BLOB NOT NULL,
  crc INTEGER NOT NULL,
  PRIMARY KEY (key_id, field)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sets (
  key_id INTEGER NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
  member BLOB NOT NULL,
  crc INTEGER NOT NULL,
  PRIMARY KEY (key_id, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS zsets (
  key_id INTEGER NOT NULL REFERENCES keys (id) ON DELETE CASCADE,
  member BLOB NOT NULL,
  score NOT NULL,
  crc INTEGER NOT NULL,
  PRIMARY KEY (key_id, member)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS zsets_by_score ON zsets (key_id, score, member);
`;
