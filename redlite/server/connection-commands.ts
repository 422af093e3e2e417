/**
 * The connection commands of a session with Redis 7.0's replies: SELECT, AUTH, HELLO (RESP2
 * only), CLIENT ID / GETNAME / SETNAME / HELP, INFO, QUIT and RESET. There is one user,
 * `default`, with the hub's password (Redis's `requirepass`) or none.
 *
 * HELLO answers as a Redis 7.0.15 server (`server: redis`), as other Redis-compatible servers
 * do, because client libraries gate features on these fields; INFO says `server_name:redlite`.
 * HELLO 3 is refused with NOPROTO (this server speaks RESP2 only); ioredis then falls back to
 * RESP2 by itself, and node-redis needs `RESP: 2`.
 */
import { timingSafeEqual } from 'node:crypto';
import { isOption } from '../command.ts';
import { SYNTAX } from '../errors.ts';
import { DATABASE_COUNT } from '../Keyspace.ts';
import { parseLongLong } from '../parse/integers.ts';
import { array, bulk, error, integer, NIL, OK, type Reply, simple } from '../reply.ts';
import { type Outcome, replyOutcome } from './outcome.ts';
import type { Session } from './Session.ts';

export const REDIS_VERSION = '7.0.15';
const DEFAULT_USER = Buffer.from('default');
const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
const BAD_NAME = 'ERR Client names cannot contain spaces, newlines or special characters.';
const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;

/** Redis's ACL check for the one user: `default`, and the password when there is one. */
function credentialsMatch(session: Session, user: Buffer, password: Buffer): boolean {
  if (!user.equals(DEFAULT_USER)) return false;
  const expected = session.hub.requirePass;
  if (expected === null) return true;
  return expected.length === password.length && timingSafeEqual(expected, password);
}

/** Redis's `clientSetName`: empty clears the name; otherwise only '!' to '~' are allowed. */
function validName(name: Buffer): boolean {
  for (const byte of name) if (byte < 0x21 || byte > 0x7e) return false;
  return true;
}

export function select(session: Session, argv: Buffer[]): Outcome {
  // Redis's getIntFromObjectOrReply: a long, then the int range, each with its own error.
  const id = parseLongLong(argv[1]!);
  if (id === null) return replyOutcome(error('ERR value is not an integer or out of range'));
  if (id > INT_MAX || id < INT_MIN) {
    return replyOutcome(error(`ERR value is out of range, value must between ${INT_MIN} and ${INT_MAX}`));
  }
  if (id < 0n || id >= BigInt(DATABASE_COUNT)) return replyOutcome(error('ERR DB index is out of range'));
  session.selectDb(Number(id));
  return replyOutcome(OK);
}

export function auth(session: Session, argv: Buffer[]): Outcome {
  if (argv.length > 3) return replyOutcome(error(SYNTAX));
  if (argv.length === 2 && session.hub.requirePass === null) {
    return replyOutcome(
      error(
        'ERR AUTH <password> called without any password configured for the default user. ' +
          'Are you sure your configuration is correct?',
      ),
    );
  }
  const [user, password] = argv.length === 2 ? [DEFAULT_USER, argv[1]!] : [argv[1]!, argv[2]!];
  if (!credentialsMatch(session, user, password)) return replyOutcome(error(WRONGPASS));
  session.authenticate();
  return replyOutcome(OK);
}

/** HELLO's answer in RESP2: the server's map as a flat array of names and values. */
function helloReply(session: Session): Reply {
  return array([
    bulk('server'),
    bulk('redis'),
    bulk('version'),
    bulk(REDIS_VERSION),
    bulk('proto'),
    integer(2),
    bulk('id'),
    integer(session.id),
    bulk('mode'),
    bulk('standalone'),
    bulk('role'),
    bulk('master'),
    bulk('modules'),
    array([]),
  ]);
}

export function hello(session: Session, argv: Buffer[]): Outcome {
  if (argv.length >= 2) {
    const version = parseLongLong(argv[1]!);
    if (version === null)
      return replyOutcome(error('ERR Protocol version is not an integer or out of range'));
    if (version < 2n || version > 3n) return replyOutcome(error('NOPROTO unsupported protocol version'));
    if (version === 3n) return replyOutcome(error('NOPROTO sorry, this protocol version is not supported'));
  }
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (isOption(argv[i], 'AUTH') && more >= 2) {
      if (!credentialsMatch(session, argv[i + 1]!, argv[i + 2]!)) return replyOutcome(error(WRONGPASS));
      session.authenticate();
      i += 2;
    } else if (isOption(argv[i], 'SETNAME') && more >= 1) {
      const name = argv[i + 1]!;
      if (!validName(name)) return replyOutcome(error(BAD_NAME));
      session.setName(name.length === 0 ? null : Buffer.from(name));
      i += 1;
    } else {
      const nul = argv[i]!.indexOf(0);
      const option = argv[i]!.subarray(0, nul === -1 ? undefined : nul).toString('latin1');
      return replyOutcome(error(`ERR Syntax error in HELLO option '${option.replace(/[\r\n]/g, ' ')}'`));
    }
  }
  if (!session.authenticated) {
    return replyOutcome(
      error(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH ' +
          '<user> <pass> option can be used to authenticate the client and select the RESP protocol ' +
          'version at the same time',
      ),
    );
  }
  return replyOutcome(helloReply(session));
}

export function clientId(session: Session): Outcome {
  return replyOutcome(integer(session.id));
}

export function clientGetName(session: Session): Outcome {
  return replyOutcome(session.name === null ? NIL : bulk(session.name));
}

export function clientSetName(session: Session, argv: Buffer[]): Outcome {
  const name = argv[2]!;
  if (!validName(name)) return replyOutcome(error(BAD_NAME));
  session.setName(name.length === 0 ? null : Buffer.from(name));
  return replyOutcome(OK);
}

const CLIENT_HELP = [
  'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'HELP',
  '    Print this help.',
];

export function clientHelp(): Outcome {
  return replyOutcome(array(CLIENT_HELP.map((line) => simple(line))));
}

/** INFO: the few fields clients read (ioredis waits for `loading:0`), sections ignored. */
export function info(session: Session): Outcome {
  const lines = [
    '# Server',
    `redis_version:${REDIS_VERSION}`,
    'redis_mode:standalone',
    'server_name:redlite',
    '',
    '# Clients',
    `connected_clients:${session.hub.sessionCount}`,
    `blocked_clients:${session.hub.blockedCount}`,
    '',
    '# Persistence',
    'loading:0',
    '',
  ];
  return replyOutcome(bulk(lines.join('\r\n')));
}

export function quit(session: Session): Outcome {
  session.close();
  return { kind: 'close', reply: OK };
}

export function reset(session: Session): Outcome {
  session.reset();
  return replyOutcome(simple('RESET'));
}
