/**
 * EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT with 7.0's NX/XX/GT/LT (Redis `expireGenericCommand`),
 * and TTL, PTTL, PERSIST. Options are parsed before the time, overflow is checked in 64 bits,
 * and a time at or before now deletes the key (answering 1), as in Redis.
 */
import { type CommandSpec, type CommandTable, defineCommands, isOption } from '../command.ts';
import { ReplyError } from '../errors.ts';
import { type Keyspace, toEpochMs } from '../Keyspace.ts';
import { LLONG_MAX, LLONG_MIN, requireLongLong } from '../parse/integers.ts';
import { integer, type Reply } from '../reply.ts';

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

function parseExpireFlags(argv: Buffer[]): number {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const arg = argv[j]!;
    if (isOption(arg, 'NX')) flags |= NX;
    else if (isOption(arg, 'XX')) flags |= XX;
    else if (isOption(arg, 'GT')) flags |= GT;
    else if (isOption(arg, 'LT')) flags |= LT;
    else throw new ReplyError(`ERR Unsupported option ${cString(arg)}`);
  }
  if (flags & NX && flags & (XX | GT | LT)) {
    throw new ReplyError('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (flags & GT && flags & LT)
    throw new ReplyError('ERR GT and LT options at the same time are not compatible');
  return flags;
}

/** The argument as C's %s prints it: up to the first NUL byte. */
function cString(arg: Buffer): string {
  const nul = arg.indexOf(0);
  return (nul === -1 ? arg : arg.subarray(0, nul)).toString('latin1');
}

function expireGeneric(
  ks: Keyspace,
  argv: Buffer[],
  command: string,
  basetimeMs: number,
  unitSeconds: boolean,
): Reply {
  const flags = parseExpireFlags(argv);
  let when = requireLongLong(argv[2]!);
  const invalid = new ReplyError(`ERR invalid expire time in '${command}' command`);
  if (unitSeconds) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalid;
    when *= 1000n;
  }
  const base = BigInt(basetimeMs);
  if (when > LLONG_MAX - base) throw invalid;
  when += base;
  const meta = ks.lookup(argv[1]!);
  if (meta === null) return integer(0);
  const current = meta.expireAt === null ? null : BigInt(meta.expireAt);
  if (flags & NX && current !== null) return integer(0);
  if (flags & XX && current === null) return integer(0);
  if (flags & GT && (current === null || when <= current)) return integer(0);
  if (flags & LT && current !== null && when >= current) return integer(0);
  if (when <= BigInt(ks.nowMs)) {
    ks.remove(meta);
    return integer(1);
  }
  ks.touch(meta, { expireAt: toEpochMs(when) });
  return integer(1);
}

function ttlGeneric(ks: Keyspace, key: Buffer, milliseconds: boolean): Reply {
  const meta = ks.lookup(key);
  if (meta === null) return integer(-2);
  if (meta.expireAt === null) return integer(-1);
  let ttl = BigInt(meta.expireAt) - BigInt(ks.nowMs);
  if (ttl < 0n) ttl = 0n;
  const value = milliseconds ? ttl : (ttl + 500n) / 1000n;
  return integer(toEpochMs(value));
}

const specs: CommandSpec[] = [
  {
    name: 'EXPIRE',
    arity: -3,
    write: true,
    handler: (ks, argv) => expireGeneric(ks, argv, 'expire', ks.nowMs, true),
  },
  {
    name: 'PEXPIRE',
    arity: -3,
    write: true,
    handler: (ks, argv) => expireGeneric(ks, argv, 'pexpire', ks.nowMs, false),
  },
  {
    name: 'EXPIREAT',
    arity: -3,
    write: true,
    handler: (ks, argv) => expireGeneric(ks, argv, 'expireat', 0, true),
  },
  {
    name: 'PEXPIREAT',
    arity: -3,
    write: true,
    handler: (ks, argv) => expireGeneric(ks, argv, 'pexpireat', 0, false),
  },
  { name: 'TTL', arity: 2, write: false, handler: (ks, argv) => ttlGeneric(ks, argv[1]!, false) },
  { name: 'PTTL', arity: 2, write: false, handler: (ks, argv) => ttlGeneric(ks, argv[1]!, true) },
  {
    name: 'PERSIST',
    arity: 2,
    write: true,
    handler: (ks, argv) => {
      const meta = ks.lookup(argv[1]!);
      if (meta === null || meta.expireAt === null) return integer(0);
      ks.touch(meta, { expireAt: null });
      return integer(1);
    },
  },
];

export function registerExpireCommands(table: CommandTable): void {
  defineCommands(table, specs);
}
