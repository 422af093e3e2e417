/**
 * What the checker needs to know about each command the model serves, in one table: which
 * arguments are keys (for splitting the history by key), whether it only reads (so a branch may
 * share its parent's model), and how its outcome depends on the time it is applied at (for
 * choosing candidate times, time-candidates.ts). A test holds the table to the model's command
 * list, so a new command cannot be left out.
 *
 * It does not parse commands beyond that: the model judges them. A command the model does not
 * know touches no key (the model answers it with an error and changes nothing).
 */
import { type Arg, argBytes } from '../../redlite/reply.ts';

/**
 * Where the keys are: `first` argv[1]; `all` every argument; `pairs` argv[1], argv[3]...;
 * `two` argv[1] and argv[2]; `all-but-last` every argument but the last (a blocking pop's
 * timeout); `keyspace` every key there is; `none` no key.
 */
export type KeySpec = 'first' | 'all' | 'pairs' | 'two' | 'all-but-last' | 'keyspace' | 'none';

/**
 * How the outcome depends on the time t it is applied at:
 * - `steady`: only through which keys have expired (a step at each deadline);
 * - `ttl-read`: TTL/PTTL, whose reply runs down as t grows (and only reads);
 * - `deadline-write`: it may store a deadline: relative (t plus an amount, EXPIRE, SETEX, SET EX)
 *   or absolute (EXPIREAT, SET PXAT); see commandTiming for which.
 */
export type TimingClass = 'steady' | 'ttl-read' | 'deadline-write';

interface CommandTraits {
  readonly keys: KeySpec;
  readonly readOnly: boolean;
  readonly timing: TimingClass;
}

const read = (keys: KeySpec = 'first'): CommandTraits => ({ keys, readOnly: true, timing: 'steady' });
const write = (keys: KeySpec = 'first'): CommandTraits => ({ keys, readOnly: false, timing: 'steady' });
const deadline: CommandTraits = { keys: 'first', readOnly: false, timing: 'deadline-write' };
const ttl: CommandTraits = { keys: 'first', readOnly: true, timing: 'ttl-read' };

export const COMMAND_TRAITS: ReadonlyMap<string, CommandTraits> = new Map(
  Object.entries({
    append: write(),
    // Blocking pops wait only in a session; a history holds them as the pops they become when
    // a key is ready (live runs send no session commands: sim/live/run-live.ts).
    blmove: write('two'),
    blpop: write('all-but-last'),
    brpop: write('all-but-last'),
    brpoplpush: write('two'),
    dbsize: read('keyspace'),
    decr: write(),
    decrby: write(),
    del: write('all'),
    echo: read('none'),
    exists: read('all'),
    expire: deadline,
    expireat: deadline,
    flushdb: write('keyspace'),
    get: read(),
    getdel: write(),
    getrange: read(),
    hdel: write(),
    hexists: read(),
    hget: read(),
    hgetall: read(),
    hincrby: write(),
    hincrbyfloat: write(),
    hkeys: read(),
    hlen: read(),
    hmget: read(),
    hmset: write(),
    hset: write(),
    hsetnx: write(),
    hvals: read(),
    incr: write(),
    incrby: write(),
    incrbyfloat: write(),
    keys: read('keyspace'),
    lindex: read(),
    linsert: write(),
    llen: read(),
    lmove: write('two'),
    lpop: write(),
    lpush: write(),
    lpushx: write(),
    lrange: read(),
    lrem: write(),
    lset: write(),
    ltrim: write(),
    mget: read('all'),
    mset: write('pairs'),
    persist: write(),
    pexpire: deadline,
    pexpireat: deadline,
    ping: read('none'),
    psetex: deadline,
    pttl: ttl,
    rename: write('two'),
    renamenx: write('two'),
    rpop: write(),
    rpoplpush: write('two'),
    rpush: write(),
    rpushx: write(),
    sadd: write(),
    scan: read('keyspace'),
    scard: read(),
    sdiff: read('all'),
    set: deadline,
    setex: deadline,
    setnx: write(),
    setrange: write(),
    sinter: read('all'),
    sismember: read(),
    smembers: read(),
    smove: write('two'),
    spop: write(),
    srem: write(),
    strlen: read(),
    sunion: read('all'),
    ttl: ttl,
    type: read(),
    zadd: write(),
    zcard: read(),
    zcount: read(),
    zincrby: write(),
    zpopmax: write(),
    zpopmin: write(),
    zrange: read(),
    zrangebyscore: read(),
    zrank: read(),
    zrem: write(),
    zremrangebyrank: write(),
    zremrangebyscore: write(),
    zrevrange: read(),
    zrevrank: read(),
    zscore: read(),
  }),
);

const UNKNOWN: CommandTraits = { keys: 'none', readOnly: true, timing: 'steady' };

export function commandName(argv: readonly Arg[]): string {
  const first = argv[0];
  return first === undefined ? '' : argText(first).toLowerCase();
}

export function argText(arg: Arg): string {
  return argBytes(arg).toString('latin1');
}

export function traitsOf(argv: readonly Arg[]): CommandTraits {
  return COMMAND_TRAITS.get(commandName(argv)) ?? UNKNOWN;
}

/** The keys a command names, as latin1 strings (the model's key spelling); `keyspace` is separate. */
export function commandKeys(argv: readonly Arg[]): string[] {
  const spec = traitsOf(argv).keys;
  const args = argv.slice(1).map(argText);
  switch (spec) {
    case 'first':
      return args.slice(0, 1);
    case 'two':
      return args.slice(0, 2);
    case 'all':
      return args;
    case 'all-but-last':
      return args.slice(0, -1);
    case 'pairs':
      return args.filter((_, i) => i % 2 === 0);
    case 'keyspace':
    case 'none':
      return [];
  }
}

export function touchesKeyspace(argv: readonly Arg[]): boolean {
  return traitsOf(argv).keys === 'keyspace';
}

/** The timing of this very command: SET depends on its options (plain SET is steady). */
export function commandTiming(argv: readonly Arg[]): TimingClass {
  const traits = traitsOf(argv);
  if (commandName(argv) !== 'set') return traits.timing;
  const options = argv.slice(3).map((arg) => argText(arg).toUpperCase());
  return options.some((option) => EXPIRE_OPTIONS.has(option)) ? 'deadline-write' : 'steady';
}

const EXPIRE_OPTIONS = new Set(['EX', 'PX', 'EXAT', 'PXAT']);

/**
 * The absolute deadlines (Unix ms) a deadline write names, when all of them are absolute
 * (EXPIREAT, PEXPIREAT, SET EXAT/PXAT) and read as plain integers; null when any deadline is
 * relative to the time of the call or cannot be read here, so the caller must try every time.
 */
export function absoluteDeadlines(argv: readonly Arg[]): bigint[] | null {
  const name = commandName(argv);
  const text = argv.map(argText);
  if (name === 'expireat') return scaled(text[2], 1000n);
  if (name === 'pexpireat') return scaled(text[2], 1n);
  if (name !== 'set') return null;
  const deadlines: bigint[] = [];
  for (let i = 3; i < text.length; i++) {
    const option = (text[i] ?? '').toUpperCase();
    if (option === 'EX' || option === 'PX') return null;
    if (option !== 'EXAT' && option !== 'PXAT') continue;
    const found = scaled(text[i + 1], option === 'EXAT' ? 1000n : 1n);
    if (found === null) return null;
    deadlines.push(...found);
  }
  return deadlines;
}

function scaled(text: string | undefined, factor: bigint): bigint[] | null {
  if (text === undefined || !/^-?[0-9]{1,19}$/.test(text)) return null;
  return [BigInt(text) * factor];
}

/**
 * True when the command's reply or effect depends on a deadline's value, not only on whether
 * the key has one: TTL, PTTL, and the EXPIRE family with GT or LT (which compare deadlines).
 */
export function readsDeadlineValue(argv: readonly Arg[]): boolean {
  if (commandTiming(argv) === 'ttl-read') return true;
  if (!['expire', 'pexpire', 'expireat', 'pexpireat'].includes(commandName(argv))) return false;
  return argv.slice(3).some((arg) => ['GT', 'LT'].includes(argText(arg).toUpperCase()));
}

/**
 * The keys whose deadline's value some command can see: the first key of each command that
 * reads one (readsDeadlineValue), and, since RENAME and RENAMENX give the destination the
 * source's deadline, every key renamed into one of those, transitively. Of any other key, the
 * commands see only whether its deadline has passed. Order is ignored, which can only add keys.
 */
export function deadlineReadKeys(commands: readonly (readonly Arg[])[]): Set<string> {
  const keys = new Set<string>();
  const renames: [from: string, to: string][] = [];
  for (const argv of commands) {
    const named = commandKeys(argv);
    if (readsDeadlineValue(argv) && named[0] !== undefined) keys.add(named[0]);
    const name = commandName(argv);
    if ((name === 'rename' || name === 'renamenx') && named.length === 2)
      renames.push([named[0] as string, named[1] as string]);
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [from, to] of renames) {
      if (!keys.has(to) || keys.has(from)) continue;
      keys.add(from);
      grew = true;
    }
  }
  return keys;
}
