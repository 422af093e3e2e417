/**
 * Keyspace commands: DEL, EXISTS, TYPE, RENAME, RENAMENX, KEYS, SCAN, DBSIZE, FLUSHDB, and the
 * connection commands PING and ECHO. SCAN's cursor is redlite's own: the last key id visited
 * (ids only grow, so a full iteration sees every key that lived through it). KEYS and SCAN
 * skip expired keys; DBSIZE counts only live ones (Redis also counts expired, unreclaimed keys).
 */
import { type CommandSpec, type CommandTable, defineCommands, isOption } from '../command.ts';
import { arityError, NO_SUCH_KEY, ReplyError, SYNTAX } from '../errors.ts';
import { globMatch } from '../glob.ts';
import { KEY_COLUMNS, KEY_TUPLE_WIDTH, type Keyspace } from '../Keyspace.ts';
import { clampToSafe, requireLongLong } from '../parse/integers.ts';
import { array, bulk, integer, OK, type Reply, simple } from '../reply.ts';
import { TYPE_NAMES } from '../schema.ts';

const SCAN_COUNT_DEFAULT = 10;
const ULONG_MAX = 18446744073709551615n;
const ID_MAX = 9223372036854775807n;

/** Rows come in raw mode: the keys row's KEY_TUPLE_WIDTH columns, then the key at KEY_TUPLE_WIDTH. */
const SCAN_SQL = `SELECT ${KEY_COLUMNS}, k.key AS key FROM keys k WHERE k.db = ? AND k.id > ? ORDER BY k.id LIMIT +?`;
const KEYS_SQL = `SELECT ${KEY_COLUMNS}, k.key AS key FROM keys k WHERE k.db = ? ORDER BY k.id`;

function renameGeneric(ks: Keyspace, argv: Buffer[], nx: boolean): Reply {
  const from = argv[1]!;
  const to = argv[2]!;
  const source = ks.lookup(from);
  if (source === null) throw new ReplyError(NO_SUCH_KEY);
  if (from.equals(to)) return nx ? integer(0) : OK;
  const target = ks.lookup(to);
  if (target !== null) {
    if (nx) return integer(0);
    ks.remove(target);
  }
  ks.rename(source, to);
  return nx ? integer(1) : OK;
}

/** Redis `parseScanCursorOrReply`: strtoul, no leading space, the whole text (up to a NUL). */
function parseCursor(arg: Buffer): bigint {
  const nul = arg.indexOf(0);
  const text = (nul === -1 ? arg : arg.subarray(0, nul)).toString('latin1');
  const invalid = new ReplyError('ERR invalid cursor');
  if (text.length > 0 && /^\s/.test(text)) throw invalid;
  if (text.length === 0) return 0n;
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (match === null) throw invalid;
  const magnitude = BigInt(match[2]!);
  if (magnitude > ULONG_MAX) throw invalid;
  return match[1] === '-' && magnitude !== 0n ? ULONG_MAX + 1n - magnitude : magnitude;
}

function scan(ks: Keyspace, argv: Buffer[]): Reply {
  const cursor = parseCursor(argv[1]!);
  let count = SCAN_COUNT_DEFAULT;
  let pattern: Buffer | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length; ) {
    const remaining = argv.length - i;
    if (isOption(argv[i], 'COUNT') && remaining >= 2) {
      const parsed = requireLongLong(argv[i + 1]!);
      if (parsed < 1n) throw new ReplyError(SYNTAX);
      count = clampToSafe(parsed);
      i += 2;
    } else if (isOption(argv[i], 'MATCH') && remaining >= 2) {
      const candidate = argv[i + 1]!;
      pattern = candidate.length === 1 && candidate[0] === 0x2a ? null : candidate;
      i += 2;
    } else if (isOption(argv[i], 'TYPE') && remaining >= 2) {
      typeName = argv[i + 1]!.toString('latin1').toLowerCase();
      i += 2;
    } else {
      throw new ReplyError(SYNTAX);
    }
  }
  if (cursor > ID_MAX) return array([bulk('0'), array([])]);
  const rows = ks.sql.allRaw(SCAN_SQL, ks.db, cursor, count);
  const found: Reply[] = [];
  for (const row of rows) {
    const meta = ks.verifyTuple(row, row[KEY_TUPLE_WIDTH] as Buffer);
    if (ks.isExpired(meta.expireAt)) continue;
    if (typeName !== null && TYPE_NAMES[meta.type] !== typeName) continue;
    if (pattern !== null && !globMatch(pattern, meta.key)) continue;
    found.push(bulk(meta.key));
  }
  const next = rows.length < count ? '0' : String(rows[rows.length - 1]![0]);
  return array([bulk(next), array(found)]);
}

function keysCommand(ks: Keyspace, argv: Buffer[]): Reply {
  const pattern = argv[1]!;
  const matchAll = pattern.length === 1 && pattern[0] === 0x2a;
  const rows = ks.sql.allRaw(KEYS_SQL, ks.db);
  const found: Reply[] = [];
  for (const row of rows) {
    const meta = ks.verifyTuple(row, row[KEY_TUPLE_WIDTH] as Buffer);
    if (ks.isExpired(meta.expireAt)) continue;
    if (matchAll || globMatch(pattern, meta.key)) found.push(bulk(meta.key));
  }
  return array(found);
}

function flushdb(ks: Keyspace, argv: Buffer[]): Reply {
  if (argv.length > 2) throw new ReplyError(SYNTAX);
  if (argv.length === 2 && !isOption(argv[1], 'SYNC') && !isOption(argv[1], 'ASYNC'))
    throw new ReplyError(SYNTAX);
  ks.recordFlush();
  for (const table of ['strings', 'lists', 'hashes', 'sets', 'zsets']) {
    ks.sql.run(`DELETE FROM ${table} WHERE key_id IN (SELECT id FROM keys WHERE db = ?)`, ks.db);
  }
  ks.sql.run('DELETE FROM keys WHERE db = ?', ks.db);
  return OK;
}

const specs: CommandSpec[] = [
  {
    name: 'DEL',
    arity: -2,
    write: true,
    handler: (ks, argv) => {
      let deleted = 0;
      for (let i = 1; i < argv.length; i++) {
        const meta = ks.lookup(argv[i]!);
        if (meta === null) continue;
        ks.remove(meta);
        deleted++;
      }
      return integer(deleted);
    },
  },
  {
    name: 'EXISTS',
    arity: -2,
    write: false,
    handler: (ks, argv) => {
      let found = 0;
      for (let i = 1; i < argv.length; i++) if (ks.lookup(argv[i]!) !== null) found++;
      return integer(found);
    },
  },
  {
    name: 'TYPE',
    arity: 2,
    write: false,
    handler: (ks, argv) => {
      const meta = ks.lookup(argv[1]!);
      return simple(meta === null ? 'none' : (TYPE_NAMES[meta.type] ?? 'none'));
    },
  },
  { name: 'RENAME', arity: 3, write: true, handler: (ks, argv) => renameGeneric(ks, argv, false) },
  { name: 'RENAMENX', arity: 3, write: true, handler: (ks, argv) => renameGeneric(ks, argv, true) },
  { name: 'KEYS', arity: 2, write: false, handler: keysCommand },
  { name: 'SCAN', arity: -2, write: false, handler: scan },
  {
    name: 'DBSIZE',
    arity: 1,
    write: false,
    handler: (ks) => {
      const row = ks.sql.get<{ n: number }>(
        'SELECT count(*) AS n FROM keys WHERE db = ? AND (expire_at IS NULL OR expire_at >= ?)',
        ks.db,
        ks.nowMs,
      );
      return integer(row?.n ?? 0);
    },
  },
  { name: 'FLUSHDB', arity: -1, write: true, handler: flushdb },
  {
    name: 'PING',
    arity: -1,
    write: false,
    handler: (_ks, argv) => {
      if (argv.length > 2) throw arityError('ping');
      return argv.length === 2 ? bulk(argv[1]!) : simple('PONG');
    },
  },
  { name: 'ECHO', arity: 2, write: false, handler: (_ks, argv) => bulk(argv[1]!) },
];

export function registerKeyCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
