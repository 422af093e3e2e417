/**
 * Row checksums: CRC-32 (zlib's polynomial and chaining) over everything a row means, including
 * the key id and list position, so a row copied to the wrong place fails as surely as a flipped
 * bit. Each table has its own function; the stored `crc` column is checked on every read.
 *
 * The hot path checksums a few short things per command (a key name, a line of numbers, a small
 * value), where crossing into zlib costs more than the arithmetic. Short inputs therefore run
 * through a table-driven CRC-32 in JavaScript; long buffers go to zlib. Both compute the very
 * same function, so a stored checksum never depends on which one wrote it.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

/** Below this many bytes the JavaScript loop beats the call into zlib. */
const JS_CRC_BYTES_MAX = 128;

/** The reflected CRC-32 table for polynomial 0xEDB88320, as zlib uses. */
const CRC_TABLE = buildTable();

function buildTable(): Int32Array {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/**
 * zlib's crc32(data, seed) for bytes. An empty buffer leaves the running value as it is (Node's
 * zlib answers 0 for the empty Buffer better-sqlite3 returns for a zero-length BLOB, whatever
 * the seed, so the wrapper has always skipped it).
 */
function crcBytes(data: Uint8Array, seed: number): number {
  if (data.length === 0) return seed;
  if (data.length > JS_CRC_BYTES_MAX) return zlibCrc32(data, seed);
  let c = ~seed;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** crc32 of an ASCII text (digits, letters, '|', '-'): its UTF-8 bytes are its char codes. */
function crcAscii(text: string, seed: number): number {
  let c = ~seed;
  for (let i = 0; i < text.length; i++) c = CRC_TABLE[(c ^ text.charCodeAt(i)) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
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
  return crcAscii(`${db}|${type}|${flags}|${expireAtMs ?? '-'}|${version}`, crcBytes(key, 0));
}

export function stringRowCrc(keyId: number, value: Buffer): number {
  return crcBytes(value, crcAscii(`s${keyId}`, 0));
}

export function listRowCrc(keyId: number, position: number, value: Buffer): number {
  return crcBytes(value, crcAscii(`l${keyId}|${position}`, 0));
}

export function hashRowCrc(keyId: number, field: Buffer, value: Buffer): number {
  return crcBytes(value, crcBytes(field, crcAscii(`h${keyId}|${field.length}`, 0)));
}

export function setRowCrc(keyId: number, member: Buffer): number {
  return crcBytes(member, crcAscii(`S${keyId}`, 0));
}

/** zsets rows: the score's exact bits (so -0 and 0 differ) and the member. */
export function zsetRowCrc(keyId: number, member: Buffer, score: number): number {
  scoreBytes.writeDoubleLE(score, 0);
  return crcBytes(member, crcBytes(scoreBytes, crcAscii(`z${keyId}`, 0)));
}
