/**
 * Sessions and the hub driven directly, in virtual time, the way a simulator would: no sockets
 * and no timers. Covers MULTI/EXEC atomicity and queueing errors, WATCH against every kind of
 * change (including through a second handle on the same file), blocked pops served FIFO (also by
 * pushes inside EXEC and by moves), deadlines, AUTH, CLIENT, and leaving no trace on close.
 * Exact reply texts are compared with a real Redis in differential.test.ts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  array,
  bulk,
  encodeResp2,
  integer,
  NIL,
  NIL_ARRAY,
  OK,
  Redlite,
  type Reply,
} from '../../../redlite/index.ts';
import { type Outcome, type Session, SessionHub, SessionStateError } from '../../../redlite/server/index.ts';
import { execGroup, groupableCount } from '../../../redlite/server/pipeline-groups.ts';

const QUEUED: Reply = { type: 'simple', value: 'QUEUED' };
const err = (value: string): Reply => ({ type: 'error', value });

interface World {
  clock: { ms: number; now(): number };
  redlite: Redlite;
  hub: SessionHub;
}

const opened: Redlite[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const redlite of opened.splice(0)) redlite.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function world(options: { requirePass?: string; path?: string } = {}): World {
  const clock = {
    ms: 1_000_000,
    now() {
      return this.ms;
    },
  };
  const redlite = Redlite.open(options.path ?? ':memory:', { clock });
  opened.push(redlite);
  return {
    clock,
    redlite,
    hub: new SessionHub(redlite, { clock, requirePass: options.requirePass ?? null }),
  };
}

function reply(session: Session, ...argv: string[]): Reply {
  const outcome: Outcome = session.exec(argv);
  if (outcome.kind !== 'reply') throw new Error(`${argv.join(' ')}: expected a reply, got ${outcome.kind}`);
  return outcome.reply;
}

function wire(replyValue: Reply): string {
  return encodeResp2(replyValue).toString('latin1');
}

/** Runs a command and serves the hub, as a host must after every command. */
function run(hub: SessionHub, session: Session, ...argv: string[]): { outcome: Outcome; woken: string[] } {
  const outcome = session.exec(argv);
  const woken = hub.serveReady().map((w) => `${w.session.id}:${wire(w.reply)}`);
  return { outcome, woken };
}

describe('MULTI and EXEC', () => {
  it('queues, then answers every command in one array; errors inside stay in their place', () => {
    const { hub } = world();
    const s = hub.open();
    expect(reply(s, 'MULTI')).toEqual(OK);
    expect(reply(s, 'SET', 'k', 'v')).toEqual(QUEUED);
    expect(reply(s, 'LPUSH', 'k', 'x')).toEqual(QUEUED);
    expect(reply(s, 'SELECT', '2')).toEqual(QUEUED);
    expect(reply(s, 'SET', 'k', 'two')).toEqual(QUEUED);
    expect(reply(s, 'EXEC')).toEqual(
      array([OK, err('WRONGTYPE Operation against a key holding the wrong kind of value'), OK, OK]),
    );
    expect(s.db).toBe(2);
    expect(reply(s, 'GET', 'k')).toEqual(bulk('two'));
    expect(hub.redlite.exec(['GET', 'k'])).toEqual(bulk('v'));
  });

  it('aborts after a queueing error, refuses nesting and strays, and discards cleanly', () => {
    const { hub } = world();
    const s = hub.open();
    expect(reply(s, 'EXEC')).toEqual(err('ERR EXEC without MULTI'));
    expect(reply(s, 'DISCARD')).toEqual(err('ERR DISCARD without MULTI'));
    reply(s, 'MULTI');
    expect(reply(s, 'MULTI')).toEqual(err('ERR MULTI calls can not be nested'));
    expect(reply(s, 'WATCH', 'k')).toEqual(err('ERR WATCH inside MULTI is not allowed'));
    expect(reply(s, 'SET', 'k', 'v')).toEqual(QUEUED);
    expect(reply(s, 'GET')).toEqual(err("ERR wrong number of arguments for 'get' command"));
    expect(reply(s, 'SET', 'other', 'v')).toEqual(QUEUED);
    expect(reply(s, 'EXEC')).toEqual(err('EXECABORT Transaction discarded because of previous errors.'));
    expect(reply(s, 'EXISTS', 'k', 'other')).toEqual(integer(0));
    reply(s, 'MULTI');
    reply(s, 'SET', 'k', 'v');
    expect(reply(s, 'DISCARD')).toEqual(OK);
    expect(reply(s, 'EXISTS', 'k')).toEqual(integer(0));
    reply(s, 'MULTI');
    expect(reply(s, 'EXEC', 'extra')).toEqual(
      err("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"),
    );
    expect(s.inMulti).toBe(false);
  });

  it('runs blocking pops inside EXEC without waiting', () => {
    const { hub } = world();
    const s = hub.open();
    reply(s, 'MULTI');
    reply(s, 'BLPOP', 'none', '0');
    reply(s, 'BLMOVE', 'none', 'x', 'LEFT', 'LEFT', '0');
    expect(reply(s, 'EXEC')).toEqual(array([NIL_ARRAY, NIL]));
  });
});

describe('WATCH', () => {
  function watchThenExec(
    w: World,
    change: (other: Session, self: Session) => void,
    setup?: (s: Session) => void,
  ) {
    const self = w.hub.open();
    const other = w.hub.open();
    setup?.(other);
    expect(reply(self, 'WATCH', 'k')).toEqual(OK);
    change(other, self);
    reply(self, 'MULTI');
    reply(self, 'SET', 'done', '1');
    return reply(self, 'EXEC');
  }

  it('aborts EXEC for every kind of change, by anyone, and only then', () => {
    const cases: [string, (other: Session, self: Session) => void, ((s: Session) => void)?][] = [
      ['SET', (o) => reply(o, 'SET', 'k', 'new')],
      ['DEL', (o) => reply(o, 'DEL', 'k'), (s) => reply(s, 'SET', 'k', 'v')],
      ['EXPIRE', (o) => reply(o, 'EXPIRE', 'k', '100'), (s) => reply(s, 'SET', 'k', 'v')],
      ['RENAME', (o) => reply(o, 'RENAME', 'src', 'k'), (s) => reply(s, 'SET', 'src', 'v')],
      ['FLUSHDB', (o) => reply(o, 'FLUSHDB'), (s) => reply(s, 'SET', 'k', 'v')],
      ['same client', (_o, self) => reply(self, 'SET', 'k', 'mine')],
      [
        'created then deleted',
        (o) => {
          reply(o, 'SET', 'k', '1');
          reply(o, 'DEL', 'k');
        },
      ],
    ];
    for (const [name, change, setup] of cases) {
      expect([name, wire(watchThenExec(world(), change, setup))]).toEqual([name, '*-1\r\n']);
    }
    const untouched: [string, (other: Session) => void][] = [
      ['a read', (o) => reply(o, 'GET', 'k')],
      ['another key', (o) => reply(o, 'SET', 'k2', 'x')],
      [
        'another database',
        (o) => {
          reply(o, 'SELECT', '1');
          reply(o, 'SET', 'k', 'x');
        },
      ],
      ['a no-op DEL', (o) => reply(o, 'DEL', 'k')],
      ['FLUSHDB of nothing watched', (o) => reply(o, 'FLUSHDB')],
    ];
    for (const [name, change] of untouched) {
      expect([name, wire(watchThenExec(world(), change))]).toEqual([name, '*1\r\n+OK\r\n']);
    }
  });

  it('treats expiry after WATCH as a change, and the deletion of a key already expired as none', () => {
    const w = world();
    const s = w.hub.open();
    reply(s, 'SET', 'k', 'v', 'PX', '100');
    reply(s, 'WATCH', 'k');
    w.clock.ms += 200;
    reply(s, 'MULTI');
    reply(s, 'PING');
    expect(reply(s, 'EXEC')).toEqual(NIL_ARRAY);

    reply(s, 'SET', 'e', 'v', 'PX', '100');
    w.clock.ms += 200;
    reply(s, 'WATCH', 'e');
    expect(reply(w.hub.open(), 'GET', 'e')).toEqual(NIL);
    w.redlite.expireCycle(10);
    reply(s, 'MULTI');
    reply(s, 'PING');
    expect(reply(s, 'EXEC')).toEqual(array([{ type: 'simple', value: 'PONG' }]));
  });

  it('sees a change made through another handle on the same file, by version', () => {
    const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'session-'));
    folders.push(folder);
    const path = join(folder, 'db');
    const w = world({ path });
    const s = w.hub.open();
    reply(s, 'SET', 'k', 'v');
    reply(s, 'WATCH', 'k');
    const otherProcess = Redlite.open(path);
    otherProcess.exec(['APPEND', 'k', 'x']);
    otherProcess.close();
    reply(s, 'MULTI');
    reply(s, 'GET', 'k');
    expect(reply(s, 'EXEC')).toEqual(NIL_ARRAY);
  });

  it('UNWATCH forgets the change; EXEC and DISCARD unwatch', () => {
    const w = world();
    const [s, o] = [w.hub.open(), w.hub.open()];
    reply(s, 'WATCH', 'k');
    reply(o, 'SET', 'k', '1');
    reply(s, 'UNWATCH');
    reply(s, 'MULTI');
    expect(reply(s, 'EXEC')).toEqual(array([]));
    reply(s, 'WATCH', 'k');
    reply(s, 'MULTI');
    reply(s, 'DISCARD');
    reply(o, 'SET', 'k', '2');
    reply(s, 'MULTI');
    expect(reply(s, 'EXEC')).toEqual(array([]));
  });
});

describe('blocked pops', () => {
  it('serves waiting sessions oldest first, one element each, with [key, element]', () => {
    const { hub } = world();
    const [a, b, c, pusher] = [hub.open(), hub.open(), hub.open(), hub.open()];
    expect(run(hub, a, 'BLPOP', 'q', '0').outcome.kind).toBe('blocked');
    expect(run(hub, b, 'BRPOP', 'other', 'q', '0').outcome.kind).toBe('blocked');
    expect(run(hub, c, 'BLPOP', 'q', '0').outcome.kind).toBe('blocked');
    expect(run(hub, pusher, 'RPUSH', 'q', '1', '2').woken).toEqual([
      `${a.id}:*2\r\n$1\r\nq\r\n$1\r\n1\r\n`,
      `${b.id}:*2\r\n$1\r\nq\r\n$1\r\n2\r\n`,
    ]);
    expect(c.isBlocked).toBe(true);
    expect(run(hub, pusher, 'LPUSH', 'other', 'x').woken).toEqual([]);
    expect(run(hub, pusher, 'LPUSH', 'q', '3').woken).toEqual([`${c.id}:*2\r\n$1\r\nq\r\n$1\r\n3\r\n`]);
    expect(hub.blockedCount).toBe(0);
  });

  it('wakes on pushes inside EXEC and on moves, chaining BLMOVE to the next waiter', () => {
    const { hub } = world();
    const [mover, popper, pusher] = [hub.open(), hub.open(), hub.open()];
    run(hub, mover, 'BLMOVE', 'in', 'out', 'LEFT', 'RIGHT', '0');
    run(hub, popper, 'BLPOP', 'out', '0');
    reply(pusher, 'MULTI');
    reply(pusher, 'RPUSH', 'in', 'job');
    reply(pusher, 'SET', 'unrelated', '1');
    expect(run(hub, pusher, 'EXEC').woken).toEqual([
      `${mover.id}:$3\r\njob\r\n`,
      `${popper.id}:*2\r\n$3\r\nout\r\n$3\r\njob\r\n`,
    ]);
    run(hub, popper, 'BLPOP', 'dst', '0');
    reply(pusher, 'RPUSH', 'src', 'z');
    expect(run(hub, pusher, 'LMOVE', 'src', 'dst', 'LEFT', 'LEFT').woken).toEqual([
      `${popper.id}:*2\r\n$3\r\ndst\r\n$1\r\nz\r\n`,
    ]);
  });

  it('answers a move into a key of another type with WRONGTYPE, keeping the element', () => {
    const { hub } = world();
    const [mover, pusher] = [hub.open(), hub.open()];
    reply(pusher, 'SET', 'str', 'x');
    run(hub, mover, 'BRPOPLPUSH', 'in', 'str', '0');
    expect(run(hub, pusher, 'RPUSH', 'in', 'a').woken).toEqual([
      `${mover.id}:-WRONGTYPE Operation against a key holding the wrong kind of value\r\n`,
    ]);
    expect(reply(pusher, 'LLEN', 'in')).toEqual(integer(1));
  });

  it('keeps waiting when the key is created with another type', () => {
    const { hub } = world();
    const [a, b] = [hub.open(), hub.open()];
    run(hub, a, 'BLPOP', 'k', '0');
    expect(run(hub, b, 'SET', 'k', 'x').woken).toEqual([]);
    reply(b, 'DEL', 'k');
    expect(run(hub, b, 'RPUSH', 'k', 'y').woken).toEqual([`${a.id}:*2\r\n$1\r\nk\r\n$1\r\ny\r\n`]);
  });

  it('times out at its deadline, one millisecond past the timeout, with the nil array', () => {
    const w = world();
    const [a, b, c] = [w.hub.open(), w.hub.open(), w.hub.open()];
    run(w.hub, a, 'BLPOP', 'q', '0.5');
    run(w.hub, b, 'BLMOVE', 'q', 'z', 'LEFT', 'LEFT', '0.5');
    run(w.hub, c, 'BLPOP', 'q', '0');
    const start = w.clock.ms;
    expect(w.hub.nextDeadlineMs()).toBe(start + 501);
    expect(w.hub.expireBlocked(start + 500)).toEqual([]);
    const woken = w.hub.expireBlocked(start + 501);
    expect(woken.map((x) => [x.session.id, wire(x.reply)])).toEqual([
      [a.id, '*-1\r\n'],
      [b.id, '*-1\r\n'],
    ]);
    expect(w.hub.nextDeadlineMs()).toBeNull();
    expect(c.isBlocked).toBe(true);
  });

  it('refuses commands while blocked, and a closed blocked session leaves no trace', () => {
    const { hub } = world();
    const [a, b, pusher] = [hub.open(), hub.open(), hub.open()];
    run(hub, a, 'BLPOP', 'q', '0');
    run(hub, b, 'BLPOP', 'q', '0');
    expect(() => a.exec(['PING'])).toThrow(SessionStateError);
    a.close();
    expect(() => a.exec(['PING'])).toThrow(SessionStateError);
    expect(run(hub, pusher, 'RPUSH', 'q', 'x').woken).toEqual([`${b.id}:*2\r\n$1\r\nq\r\n$1\r\nx\r\n`]);
    expect(hub.blockedCount).toBe(0);
    expect(hub.sessionCount).toBe(2);
  });

  it('drops a closed session’s transaction and watches', () => {
    const w = world();
    const s = w.hub.open();
    reply(s, 'WATCH', 'k');
    reply(s, 'MULTI');
    reply(s, 'SET', 'k', 'half');
    s.close();
    expect(w.redlite.exec(['EXISTS', 'k'])).toEqual(integer(0));
    expect(w.hub.watches.watchedKeyCount).toBe(0);
  });
});

describe('pipeline groups', () => {
  const PIPELINE = [
    ['SET', 'a', '1'],
    ['INCR', 'a'],
    ['RPUSH', 'l', 'x'],
    ['LPUSH', 'a', 'x'],
    ['GET', 'a'],
    ['LPOP', 'l'],
  ].map((argv) => argv.map((arg) => Buffer.from(arg)));

  it('answer exactly as the same commands run one by one, an error reply included', () => {
    const alone = world();
    const oneByOne = PIPELINE.map((argv) => reply(alone.hub.open(), ...argv.map(String)));
    const grouped = world();
    const s = grouped.hub.open();
    expect(groupableCount(s, PIPELINE)).toBe(PIPELINE.length);
    expect(execGroup(s, PIPELINE)).toEqual(oneByOne);
    expect(grouped.redlite.exec(['GET', 'a'])).toEqual(bulk('2'));
  });

  it('form only where nobody could tell: no wait anywhere, no MULTI, no AUTH due, no own command', () => {
    const w = world();
    const [s, waiter] = [w.hub.open(), w.hub.open()];
    const withSelect = [PIPELINE[0]!, [Buffer.from('SELECT'), Buffer.from('1')], PIPELINE[1]!];
    expect(groupableCount(s, withSelect)).toBe(1);
    run(w.hub, waiter, 'BLPOP', 'q', '0');
    expect(groupableCount(s, PIPELINE)).toBe(0);
    waiter.close();
    reply(s, 'MULTI');
    expect(groupableCount(s, PIPELINE)).toBe(0);
    reply(s, 'DISCARD');
    expect(groupableCount(s, PIPELINE)).toBe(PIPELINE.length);
    const guarded = world({ requirePass: 'pw' }).hub.open();
    expect(groupableCount(guarded, PIPELINE)).toBe(0);
    expect(() => execGroup(guarded, PIPELINE)).toThrow(SessionStateError);
  });

  it('run again one by one, each once, when the group cannot commit', () => {
    let failCommit = true;
    let pipelineStatements = 0;
    const clock = {
      ms: 1_000_000,
      now() {
        return this.ms;
      },
    };
    const redlite = Redlite.open(':memory:', {
      clock,
      hooks: {
        beforeStatement: (info) => {
          // The group's statements are BEGIN and COMMIT: fail the COMMIT, once.
          if (info.command === 'PIPELINE' && ++pipelineStatements === 2) {
            failCommit = false;
            throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR');
          }
        },
      },
    });
    opened.push(redlite);
    const s = new SessionHub(redlite, { clock }).open();
    const incr = [Buffer.from('INCR'), Buffer.from('n')];
    expect(execGroup(s, [incr, incr, incr])).toEqual([integer(1), integer(2), integer(3)]);
    expect(failCommit).toBe(false);
    expect(redlite.exec(['GET', 'n'])).toEqual(bulk('3'));
  });
});

describe('connection commands', () => {
  it('asks for AUTH first, and RESET asks again', () => {
    const { hub } = world({ requirePass: 'secret' });
    const s = hub.open();
    expect(reply(s, 'GET', 'k')).toEqual(err('NOAUTH Authentication required.'));
    expect(reply(s, 'AUTH', 'wrong')).toEqual(
      err('WRONGPASS invalid username-password pair or user is disabled.'),
    );
    expect(reply(s, 'AUTH', 'default', 'secret')).toEqual(OK);
    expect(reply(s, 'GET', 'k')).toEqual(NIL);
    expect(reply(s, 'RESET')).toEqual({ type: 'simple', value: 'RESET' });
    expect(reply(s, 'PING')).toEqual(err('NOAUTH Authentication required.'));
    expect(wire(reply(s, 'HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'me'))).toContain(
      '$5\r\nproto\r\n:2',
    );
    expect(reply(s, 'CLIENT', 'GETNAME')).toEqual(bulk('me'));
  });

  it('gives ids, names and a RESP2-only HELLO', () => {
    const { hub } = world();
    const [a, b] = [hub.open(), hub.open()];
    expect(reply(b, 'CLIENT', 'ID')).toEqual(integer((reply(a, 'CLIENT', 'ID').value as number) + 1));
    expect(reply(a, 'CLIENT', 'SETNAME', 'has space')).toEqual(
      err('ERR Client names cannot contain spaces, newlines or special characters.'),
    );
    expect(reply(a, 'CLIENT', 'SETNAME', 'worker-1')).toEqual(OK);
    expect(reply(a, 'CLIENT', 'GETNAME')).toEqual(bulk('worker-1'));
    expect(reply(a, 'HELLO', '3')).toEqual(err('NOPROTO sorry, this protocol version is not supported'));
    expect(reply(a, 'CLIENT', 'NOPE')).toEqual(err("ERR unknown subcommand 'NOPE'. Try CLIENT HELP."));
    expect(a.exec(['QUIT'])).toEqual({ kind: 'close', reply: OK });
    expect(a.isClosed).toBe(true);
  });
});
