/**
 * One string per (database, key) pair, for the hub's maps: the database number, a colon and the
 * key's bytes as latin1 (one character per byte, so distinct keys never collide).
 */
export function keySlot(db: number, key: Buffer): string {
  return `${db}:${key.toString('latin1')}`;
}
