/**
 * Set commands with Redis 7.0's replies and argument order: SADD, SREM, SMEMBERS, SISMEMBER,
 * SCARD, SPOP (with count), SMOVE, SINTER, SUNION, SDIFF. Members come back in memcmp order.
 * SPOP takes the smallest members: Redis picks at random, and any choice is valid, but redlite
 * has no ambient randomness, so it picks deterministically.
 */
import { setRowCrc } from '../checksum.ts';
import { type CommandSpec, type CommandTable, defineCommands } from '../command.ts';
import { ChecksumMismatchError, ReplyError, SYNTAX, WRONGTYPE } from '../errors.ts';
import type { KeyMeta, Keyspace } from '../Keyspace.ts';
import { requireNonNegativeLong } from '../parse/integers.ts';
import { array, bulk, integer, NIL, type Reply } from '../reply.ts';
import { KeyType } from '../schema.ts';

interface SetRow {
  member: Buffer;
  crc: number;
}

function members(ks: Keyspace, meta: KeyMeta, limit = -1): Buffer[] {
  const rows = ks.sql.all<SetRow>(
    'SELECT member, crc FROM sets WHERE key_id = ? ORDER BY member LIMIT +?',
    meta.id,
    limit,
  );
  for (const row of rows) {
    if (setRowCrc(meta.id, row.member) !== row.crc) throw new ChecksumMismatchError('sets', meta.key);
  }
  return rows.map((row) => row.member);
}

function isMember(ks: Keyspace, meta: KeyMeta, member: Buffer): boolean {
  const row = ks.sql.get<SetRow>(
    'SELECT member, crc FROM sets WHERE key_id = ? AND member = ?',
    meta.id,
    member,
  );
  if (row === undefined) return false;
  if (setRowCrc(meta.id, row.member) !== row.crc) throw new ChecksumMismatchError('sets', meta.key);
  return true;
}

function addMember(ks: Keyspace, meta: KeyMeta, member: Buffer): boolean {
  return (
    ks.sql.run(
      'INSERT OR IGNORE INTO sets (key_id, member, crc) VALUES (?, ?, ?)',
      meta.id,
      member,
      setRowCrc(meta.id, member),
    ).changes > 0
  );
}

function removeMember(ks: Keyspace, meta: KeyMeta, member: Buffer): boolean {
  return ks.sql.run('DELETE FROM sets WHERE key_id = ? AND member = ?', meta.id, member).changes > 0;
}

function cardinality(ks: Keyspace, meta: KeyMeta): number {
  return ks.sql.get<{ n: number }>('SELECT count(*) AS n FROM sets WHERE key_id = ?', meta.id)?.n ?? 0;
}

/** After removals: delete the emptied set, else record the write. */
function afterRemoval(ks: Keyspace, meta: KeyMeta): void {
  if (cardinality(ks, meta) === 0) ks.removeEmptied(meta);
  else ks.touch(meta);
}

function spop(ks: Keyspace, argv: Buffer[]): Reply {
  if (argv.length > 3) throw new ReplyError(SYNTAX);
  const hasCount = argv.length === 3;
  const count = hasCount ? requireNonNegativeLong(argv[2]!) : 1;
  const meta = ks.lookupTyped(argv[1]!, KeyType.set);
  if (meta === null) return hasCount ? array([]) : NIL;
  if (count === 0) return array([]);
  const taken = members(ks, meta, count);
  for (const member of taken) removeMember(ks, meta, member);
  afterRemoval(ks, meta);
  return hasCount ? array(taken.map((member) => bulk(member))) : bulk(taken[0]!);
}

function smove(ks: Keyspace, argv: Buffer[]): Reply {
  const source = ks.lookup(argv[1]!);
  const target = ks.lookup(argv[2]!);
  const member = argv[3]!;
  if (source === null) return integer(0);
  if (source.type !== KeyType.set || (target !== null && target.type !== KeyType.set))
    throw new ReplyError(WRONGTYPE);
  if (source.id === target?.id) return integer(isMember(ks, source, member) ? 1 : 0);
  if (!removeMember(ks, source, member)) return integer(0);
  afterRemoval(ks, source);
  const destination = target === null ? ks.create(argv[2]!, KeyType.set) : ks.touch(target);
  addMember(ks, destination, member);
  return integer(1);
}

/** Looks every key up first (WRONGTYPE wins over any result), as Redis does. */
function setsOf(ks: Keyspace, argv: Buffer[]): (KeyMeta | null)[] {
  const found: (KeyMeta | null)[] = [];
  for (let i = 1; i < argv.length; i++) found.push(ks.lookupTyped(argv[i]!, KeyType.set));
  return found;
}

function sinter(ks: Keyspace, argv: Buffer[]): Reply {
  const sets = setsOf(ks, argv);
  if (sets.some((meta) => meta === null)) return array([]);
  const [first, ...rest] = sets as KeyMeta[];
  const result = members(ks, first!).filter((member) => rest.every((meta) => isMember(ks, meta, member)));
  return array(result.map((member) => bulk(member)));
}

function sunion(ks: Keyspace, argv: Buffer[]): Reply {
  const seen = new Map<string, Buffer>();
  for (const meta of setsOf(ks, argv)) {
    if (meta === null) continue;
    for (const member of members(ks, meta)) seen.set(member.toString('latin1'), member);
  }
  const sorted = [...seen.values()].sort(Buffer.compare);
  return array(sorted.map((member) => bulk(member)));
}

function sdiff(ks: Keyspace, argv: Buffer[]): Reply {
  const [first, ...rest] = setsOf(ks, argv);
  if (first === null || first === undefined) return array([]);
  const others = rest.filter((meta): meta is KeyMeta => meta !== null);
  const result = members(ks, first).filter((member) => !others.some((meta) => isMember(ks, meta, member)));
  return array(result.map((member) => bulk(member)));
}

const specs: CommandSpec[] = [
  {
    name: 'SADD',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      const existing = ks.lookupTyped(argv[1]!, KeyType.set);
      const meta = existing === null ? ks.create(argv[1]!, KeyType.set) : existing;
      let added = 0;
      for (let i = 2; i < argv.length; i++) if (addMember(ks, meta, argv[i]!)) added++;
      if (existing !== null && added > 0) ks.touch(existing);
      return integer(added);
    },
  },
  {
    name: 'SREM',
    arity: -3,
    write: true,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.set);
      if (meta === null) return integer(0);
      let removed = 0;
      for (let i = 2; i < argv.length; i++) if (removeMember(ks, meta, argv[i]!)) removed++;
      if (removed > 0) afterRemoval(ks, meta);
      return integer(removed);
    },
  },
  {
    name: 'SMEMBERS',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.set);
      return array(meta === null ? [] : members(ks, meta).map((member) => bulk(member)));
    },
  },
  {
    name: 'SISMEMBER',
    arity: 3,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.set);
      return integer(meta !== null && isMember(ks, meta, argv[2]!) ? 1 : 0);
    },
  },
  {
    name: 'SCARD',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookupTyped(argv[1]!, KeyType.set);
      return integer(meta === null ? 0 : cardinality(ks, meta));
    },
  },
  { name: 'SPOP', arity: -2, write: true, handler: spop },
  { name: 'SMOVE', arity: 4, write: true, handler: smove },
  { name: 'SINTER', arity: -2, write: false, handler: sinter },
  { name: 'SUNION', arity: -2, write: false, handler: sunion },
  { name: 'SDIFF', arity: -2, write: false, handler: sdiff },
];

export function registerSetCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
