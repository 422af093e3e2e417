/**
 * Row checksums: CRC-32 (zlib's, built into Node) over everything a row means, including the
 * key id and list position, so a row copied to the wrong place fails as surely as a flipped
 * bit. Each table has its own function; the stored `crc` column is checked on every read.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

/**
 * zlib's crc32, except that an empty buffer leaves the running value as it is. Node answers 0
 * for the empty Buffer better-sqlite3 returns for a zero-length BLOB, whatever the seed.
 */
function crc32(data: Buffer | string, seed = 0): number {
  return data.length === 0 ? seed : zlibCrc32(data, seed);
}

const scoreBytes = Buffer.alloc(8);

/** keys rows: the name, its db, type, encoding flags, expiry and version. */
export function keyRowCrc(
  db: number,
  key: Buffer,
  type: number,
  flags: number,
  expireAtMs: number | bigint | null,
  version: number,
): number {
  return crc32(`${db}|${type}|${flags}|${expireAtMs ?? '-'}|${version}`, crc32(key));
}

export function stringRowCrc(keyId: number, value: Buffer): number {
  return crc32(value, crc32(`s${keyId}`));
}

export function listRowCrc(keyId: number, position: number, value: Buffer): number {
  return crc32(value, crc32(`l${keyId}|${position}`));
}

export function hashRowCrc(keyId: number, field: Buffer, value: Buffer): number {
  return crc32(value, crc32(field, crc32(`h${keyId}|${field.length}`)));
}

export function setRowCrc(keyId: number, member: Buffer): number {
  return crc32(member, crc32(`S${keyId}`));
}

/** zsets rows: the score's exact bits (so -0 and 0 differ) and the member. */
export function zsetRowCrc(keyId: number, member: Buffer, score: number): number {
  scoreBytes.writeDoubleLE(score, 0);
  return crc32(member, crc32(scoreBytes, crc32(`z${keyId}`)));
}
