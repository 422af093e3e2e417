/**
 * Canonical replies for commands whose order Redis leaves undefined, so two correct
 * implementations compare equal as RESP bytes:
 *
 * - SMEMBERS, SINTER, SUNION, SDIFF, KEYS, HKEYS, HVALS, SPOP with a count: members sorted
 *   bytewise;
 * - HGETALL: field/value pairs kept together, sorted by field;
 * - SCAN: the key list sorted, and any nonzero cursor replaced by the marker `<cursor>`
 *   (cursors encode each implementation's private iteration state; only "0", meaning the scan
 *   is complete, means the same thing everywhere).
 *
 * Error replies and every other command pass through unchanged. isRandomCommand names SPOP,
 * the one command redlite serves whose answer Redis draws at random.
 */
import { type Arg, argBytes, type Reply } from '../../redlite/reply.ts';

export const SCAN_CURSOR_MARKER = '<cursor>';

const SORTED_MEMBERS = new Set(['smembers', 'sinter', 'sunion', 'sdiff', 'keys', 'hkeys', 'hvals']);

function commandName(argv: readonly Arg[]): string {
  const first = argv[0];
  return first === undefined ? '' : argBytes(first).toString('latin1').toLowerCase();
}

export function isRandomCommand(argv: readonly Arg[]): boolean {
  return commandName(argv) === 'spop';
}

function bulkBytes(reply: Reply): Buffer {
  return reply.type === 'bulk' && reply.value !== null ? reply.value : Buffer.alloc(0);
}

function sortItems(items: readonly Reply[]): Reply[] {
  return items.slice().sort((a, b) => Buffer.compare(bulkBytes(a), bulkBytes(b)));
}

function sortPairs(items: readonly Reply[]): Reply[] {
  const pairs: [Reply, Reply][] = [];
  for (let i = 0; i + 1 < items.length; i += 2) pairs.push([items[i] as Reply, items[i + 1] as Reply]);
  pairs.sort((a, b) => Buffer.compare(bulkBytes(a[0]), bulkBytes(b[0])));
  return pairs.flat();
}

export function normalizeReply(argv: readonly Arg[], reply: Reply): Reply {
  if (reply.type !== 'array' || reply.value === null) return reply;
  const name = commandName(argv);
  if (SORTED_MEMBERS.has(name) || (name === 'spop' && argv.length >= 3)) {
    return { type: 'array', value: sortItems(reply.value) };
  }
  if (name === 'hgetall') return { type: 'array', value: sortPairs(reply.value) };
  if (name === 'scan' && reply.value.length === 2) {
    const [cursor, keys] = reply.value as [Reply, Reply];
    const cursorText = bulkBytes(cursor).toString('latin1');
    const normalCursor: Reply =
      cursorText === '0' ? cursor : { type: 'bulk', value: Buffer.from(SCAN_CURSOR_MARKER) };
    const normalKeys: Reply =
      keys.type === 'array' && keys.value !== null ? { type: 'array', value: sortItems(keys.value) } : keys;
    return { type: 'array', value: [normalCursor, normalKeys] };
  }
  return reply;
}
