/**
 * Keyspace commands: DEL, EXISTS, TYPE, the EXPIRE family (with 7.0's NX/XX/GT/LT), TTL,
 * PTTL, PERSIST, RENAME, RENAMENX, KEYS, SCAN, DBSIZE, FLUSHDB, and PING/ECHO.
 *
 * SCAN's cursor here is an index into the bytewise-sorted live keys. Redis's cursor is a hash
 * table position, so only a scan that completes in one call (COUNT at least the key count,
 * which the generators always ask for) is comparable; normalizeReply masks other cursors.
 */
import { array, bulk, integer, OK, type Reply, simple } from '../../../redlite/reply.ts';
import { invalidExpireError, NO_SUCH_KEY, ReplyError, SYNTAX } from '../errors.ts';
import { globMatch } from '../glob.ts';
import type { Keyspace } from '../Keyspace.ts';
import { int64Arg, longArg } from '../numbers.ts';
import { arg, type CommandSpec, type CommandTable, ONE, text, texts, ZERO } from './types.ts';

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const ULONG_MAX = (1n << 64n) - 1n;

interface ExpireFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

function parseExpireFlags(argv: readonly string[]): ExpireFlags {
  const flags: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (let i = 3; i < argv.length; i++) {
    const option = arg(argv, i);
    const upper = option.toUpperCase();
    if (upper === 'NX') flags.nx = true;
    else if (upper === 'XX') flags.xx = true;
    else if (upper === 'GT') flags.gt = true;
    else if (upper === 'LT') flags.lt = true;
    else throw new ReplyError(`ERR Unsupported option ${option}`);
  }
  if (flags.nx && (flags.xx || flags.gt || flags.lt)) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags.gt && flags.lt) throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  return flags;
}

function expireCommand(name: string, seconds: boolean, relative: boolean): CommandSpec {
  return {
    arity: -3,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const flags = parseExpireFlags(argv);
      let when = int64Arg(arg(argv, 2));
      if (seconds) {
        if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n)
          throw new ReplyError(invalidExpireError(name));
        when *= 1000n;
      }
      const base = relative ? ks.nowMs() : 0n;
      if (when > INT64_MAX - base) throw new ReplyError(invalidExpireError(name));
      when += base;
      const current = ks.expireAt(key);
      if (current === undefined) return ZERO;
      if (flags.nx && current !== null) return ZERO;
      if (flags.xx && current === null) return ZERO;
      if (flags.gt && (current === null || when <= current)) return ZERO;
      if (flags.lt && current !== null && when >= current) return ZERO;
      ks.setExpireAt(key, when);
      return ONE;
    },
  };
}

function ttlCommand(milliseconds: boolean): CommandSpec {
  return {
    arity: 2,
    run: (ks, argv) => {
      const expireAt = ks.expireAt(arg(argv, 1));
      if (expireAt === undefined) return integer(-2);
      if (expireAt === null) return integer(-1);
      let ttl = expireAt - ks.nowMs();
      if (ttl < 0n) ttl = 0n;
      const value = milliseconds ? ttl : (ttl + 500n) / 1000n;
      return integer(value <= 9007199254740991n ? Number(value) : value);
    },
  };
}

function renameCommand(nx: boolean): CommandSpec {
  return {
    arity: 3,
    run: (ks, argv) => {
      const from = arg(argv, 1);
      const to = arg(argv, 2);
      if (!ks.exists(from)) throw new ReplyError(NO_SUCH_KEY);
      if (from === to) return nx ? ZERO : OK;
      if (nx && ks.exists(to)) return ZERO;
      ks.rename(from, to);
      return nx ? ONE : OK;
    },
  };
}

/** strtoul as parseScanCursorOrReply uses it: optional sign, digits, wraps negatives. */
function parseCursor(cursorText: string): bigint {
  const match = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/.exec(cursorText);
  if (!match || /^[ \t\n\v\f\r]/.test(cursorText)) throw new ReplyError('ERR invalid cursor');
  const magnitude = BigInt(match[2] ?? '0');
  if (magnitude > ULONG_MAX) throw new ReplyError('ERR invalid cursor');
  return match[1] === '-' ? (ULONG_MAX + 1n - magnitude) & ULONG_MAX : magnitude;
}

function scan(ks: Keyspace, argv: readonly string[]): Reply {
  const cursor = parseCursor(arg(argv, 1));
  let count = 10;
  let pattern: string | null = null;
  let typeName: string | null = null;
  for (let i = 2; i < argv.length; ) {
    const option = arg(argv, i).toUpperCase();
    const left = argv.length - i;
    if (option === 'COUNT' && left >= 2) {
      count = longArg(arg(argv, i + 1));
      if (count < 1) throw new ReplyError(SYNTAX);
    } else if (option === 'MATCH' && left >= 2) {
      pattern = arg(argv, i + 1);
      if (pattern === '*') pattern = null;
    } else if (option === 'TYPE' && left >= 2) {
      typeName = arg(argv, i + 1).toLowerCase();
    } else throw new ReplyError(SYNTAX);
    i += 2;
  }
  const keys = ks.liveKeys().sort();
  const start = cursor > BigInt(keys.length) ? keys.length : Number(cursor);
  const end = Math.min(keys.length, start + count);
  const found: string[] = [];
  for (let i = start; i < end; i++) {
    const key = keys[i] as string;
    if (pattern !== null && !globMatch(pattern, key)) continue;
    if (typeName !== null && typeName !== typeOf(ks, key)) continue;
    found.push(key);
  }
  const next = end >= keys.length ? '0' : String(end);
  return array([bulk(next), texts(found)]);
}

function typeOf(ks: Keyspace, key: string): string {
  return ks.peek(key)?.kind ?? 'none';
}

export const KEY_COMMANDS: CommandTable = {
  del: {
    arity: -2,
    run: (ks, argv) => {
      let deleted = 0;
      for (let i = 1; i < argv.length; i++) if (ks.delete(arg(argv, i))) deleted++;
      return integer(deleted);
    },
  },
  exists: {
    arity: -2,
    run: (ks, argv) => {
      let found = 0;
      for (let i = 1; i < argv.length; i++) if (ks.exists(arg(argv, i))) found++;
      return integer(found);
    },
  },
  type: { arity: 2, run: (ks, argv) => simple(typeOf(ks, arg(argv, 1))) },
  expire: expireCommand('expire', true, true),
  pexpire: expireCommand('pexpire', false, true),
  expireat: expireCommand('expireat', true, false),
  pexpireat: expireCommand('pexpireat', false, false),
  ttl: ttlCommand(false),
  pttl: ttlCommand(true),
  persist: {
    arity: 2,
    run: (ks, argv) => {
      const key = arg(argv, 1);
      const expireAt = ks.expireAt(key);
      if (expireAt === undefined || expireAt === null) return ZERO;
      ks.setExpireAt(key, null);
      return ONE;
    },
  },
  rename: renameCommand(false),
  renamenx: renameCommand(true),
  keys: {
    arity: 2,
    run: (ks, argv) => {
      const pattern = arg(argv, 1);
      const all = pattern === '*';
      return texts(ks.liveKeys().filter((key) => all || globMatch(pattern, key)));
    },
  },
  scan: { arity: -2, run: scan },
  dbsize: { arity: 1, run: (ks) => integer(ks.liveKeys().length) },
  flushdb: {
    arity: -1,
    run: (ks, argv) => {
      if (argv.length > 2) throw new ReplyError(SYNTAX);
      if (argv.length === 2 && !['SYNC', 'ASYNC'].includes(arg(argv, 1).toUpperCase())) {
        throw new ReplyError(SYNTAX);
      }
      ks.clear();
      return OK;
    },
  },
  ping: {
    arity: -1,
    run: (_ks, argv) => {
      if (argv.length > 2) throw new ReplyError("ERR wrong number of arguments for 'ping' command");
      return argv.length === 2 ? text(arg(argv, 1)) : simple('PONG');
    },
  },
  echo: { arity: 2, run: (_ks, argv) => text(arg(argv, 1)) },
};
