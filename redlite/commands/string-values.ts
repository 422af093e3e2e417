/**
 * Reading and writing a string key's value row, shared by the string commands and the ones
 * that overwrite any key with a string (SET, MSET, ...). Overwriting a key of another type
 * keeps its id and `keys` row (version + 1) and drops its old value rows.
 */
import { stringRowCrc } from '../checksum.ts';
import { ChecksumMismatchError } from '../errors.ts';
import type { EpochMs, KeyMeta, Keyspace } from '../Keyspace.ts';
import { KeyType } from '../schema.ts';

/** The value table of each non-string type, for clearing a key that changes type. */
export const VALUE_TABLES: Record<number, string> = {
  [KeyType.list]: 'lists',
  [KeyType.set]: 'sets',
  [KeyType.zset]: 'zsets',
  [KeyType.hash]: 'hashes',
};

/** Checks a string value row read with its key (missing counts as corrupt: the key says string). */
export function verifiedString(meta: KeyMeta, value: Buffer | null, crc: number | null): Buffer {
  if (value === null || crc === null || stringRowCrc(meta.id, value) !== crc) {
    throw new ChecksumMismatchError('strings', meta.key);
  }
  return value;
}

const UPSERT_SQL =
  'INSERT INTO strings (key_id, value, crc) VALUES (?, ?, ?) ' +
  'ON CONFLICT (key_id) DO UPDATE SET value = excluded.value, crc = excluded.crc';

function upsertValue(ks: Keyspace, keyId: number, value: Buffer): void {
  ks.sql.run(UPSERT_SQL, keyId, value, stringRowCrc(keyId, value));
}

/**
 * Redis `setKey`: the key becomes a string holding `value`. `expireAt` 'keep' keeps the old
 * expiry (KEEPTTL); otherwise the given one (null: none) replaces it.
 */
export function setString(
  ks: Keyspace,
  key: Buffer,
  existing: KeyMeta | null,
  value: Buffer,
  expireAt: EpochMs | null | 'keep',
): void {
  if (existing === null) {
    const meta = ks.create(key, KeyType.string, expireAt === 'keep' ? null : expireAt);
    upsertValue(ks, meta.id, value);
    return;
  }
  const oldTable = VALUE_TABLES[existing.type];
  if (oldTable !== undefined) ks.sql.run(`DELETE FROM ${oldTable} WHERE key_id = ?`, existing.id);
  ks.touch(existing, {
    type: KeyType.string,
    flags: 0,
    expireAt: expireAt === 'keep' ? existing.expireAt : expireAt,
  });
  upsertValue(ks, existing.id, value);
}

/** Replaces a string key's value in place, keeping its expiry (INCR, APPEND, SETRANGE, ...). */
export function replaceString(ks: Keyspace, meta: KeyMeta, value: Buffer): void {
  ks.touch(meta);
  upsertValue(ks, meta.id, value);
}
