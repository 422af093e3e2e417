/**
 * SET's options (Redis `parseExtendedStringArgumentsOrReply`) and the expiry arithmetic shared
 * by SET, SETEX and PSETEX (`getExpireMillisecondsOrReply`), with Redis's acceptance rules:
 * repeated NX or EX is fine, conflicting ones are a syntax error, a missing value too.
 */
import { NOT_INTEGER, ReplyError, SYNTAX } from '../errors.ts';
import { type EpochMs, toEpochMs } from '../Keyspace.ts';
import { LLONG_MAX, parseLongLong } from '../parse/integers.ts';

export const SetFlag = {
  nx: 1,
  xx: 2,
  keepTtl: 4,
  get: 8,
  ex: 16,
  px: 32,
  exat: 64,
  pxat: 128,
} as const;

export interface SetOptions {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, when given. */
  expire: Buffer | null;
}

const EXPIRY_FLAGS = SetFlag.ex | SetFlag.px | SetFlag.exat | SetFlag.pxat;

function optionName(arg: Buffer): string {
  return arg.length <= 7 ? arg.toString('latin1').toUpperCase() : '';
}

export function parseSetOptions(argv: Buffer[], from: number): SetOptions {
  let flags = 0;
  let expire: Buffer | null = null;
  for (let j = from; j < argv.length; j++) {
    const name = optionName(argv[j]!);
    const next = j === argv.length - 1 ? null : argv[j + 1]!;
    if (name === 'NX' && !(flags & SetFlag.xx)) {
      flags |= SetFlag.nx;
    } else if (name === 'XX' && !(flags & SetFlag.nx)) {
      flags |= SetFlag.xx;
    } else if (name === 'GET') {
      flags |= SetFlag.get;
    } else if (name === 'KEEPTTL' && !(flags & EXPIRY_FLAGS)) {
      flags |= SetFlag.keepTtl;
    } else if (
      (name === 'EX' || name === 'PX' || name === 'EXAT' || name === 'PXAT') &&
      next !== null &&
      !(flags & SetFlag.keepTtl) &&
      !(flags & EXPIRY_FLAGS & ~expiryFlag(name))
    ) {
      flags |= expiryFlag(name);
      expire = next;
      j++;
    } else {
      throw new ReplyError(SYNTAX);
    }
  }
  return { flags, expire };
}

function expiryFlag(name: string): number {
  if (name === 'EX') return SetFlag.ex;
  if (name === 'PX') return SetFlag.px;
  if (name === 'EXAT') return SetFlag.exat;
  return SetFlag.pxat;
}

/** The absolute expiry in ms for SET-family expiry arguments, or Redis's error replies. */
export function expireAtFromArgument(expire: Buffer, flags: number, command: string, nowMs: number): EpochMs {
  const parsed = parseLongLong(expire);
  if (parsed === null) throw new ReplyError(NOT_INTEGER);
  const invalid = new ReplyError(`ERR invalid expire time in '${command}' command`);
  const seconds = (flags & (SetFlag.ex | SetFlag.exat)) !== 0;
  if (parsed <= 0n || (seconds && parsed > LLONG_MAX / 1000n)) throw invalid;
  let ms = seconds ? parsed * 1000n : parsed;
  if (flags & (SetFlag.ex | SetFlag.px)) ms += BigInt(nowMs);
  if (ms > LLONG_MAX || ms <= 0n) throw invalid;
  return toEpochMs(ms);
}
