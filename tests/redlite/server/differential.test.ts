/**
 * bin/redlite-server against a real redis-server 7.0, over RESP, through the same client and
 * the same scripts, with zero divergences allowed: MULTI/EXEC/DISCARD and EXECABORT, WATCH
 * against every kind of change (and the no-op writes that must not count), SELECT, blocking
 * pops with two or three connections (FIFO wake-ups, timeouts, moves), LMOVE and RPOPLPUSH,
 * and AUTH/HELLO/CLIENT on servers with a password. Replies are compared as RESP2 bytes; only
 * client ids are compared as "some integer". HELLO 3 is left out: Redis speaks RESP3 and
 * redlite-server refuses it (NOPROTO).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis } from '../../support/redis-server.ts';
import { anyInt, block, cmd, runScript, type ScriptTarget, type Step, sleep } from './support/scripts.ts';
import { type ServerHandle, startPrivateRedis, startRedliteServer } from './support/servers.ts';

const PASSWORD = 'sesame';

let redis: ScriptTarget | null = null;
let stopRedis: () => void = () => {};
let redlite: ServerHandle | null = null;
let redisWithPassword: ServerHandle | null = null;
let redliteWithPassword: ServerHandle | null = null;

beforeAll(async () => {
  const handle = await startRedis();
  if (handle === null) return;
  redis = { connect: () => handle.connect() };
  stopRedis = () => handle.stop();
  redlite = await startRedliteServer();
  redisWithPassword = await startPrivateRedis(['--requirepass', PASSWORD]);
  redliteWithPassword = await startRedliteServer(['--requirepass', PASSWORD]);
}, 120_000);

afterAll(async () => {
  stopRedis();
  await Promise.all([redlite?.stop(), redisWithPassword?.stop(), redliteWithPassword?.stop()]);
});

async function expectSame(steps: readonly Step[]): Promise<void> {
  if (redis === null || redlite === null) return;
  const expected = await runScript(redis, steps);
  const actual = await runScript(redlite, steps);
  expect(actual).toEqual(expected);
}

async function expectSameWithPassword(steps: readonly Step[]): Promise<void> {
  if (redisWithPassword === null || redliteWithPassword === null) return;
  const controlHello = [['AUTH', PASSWORD]];
  const expected = await runScript({ connect: () => redisWithPassword!.connect(), controlHello }, steps);
  const actual = await runScript({ connect: () => redliteWithPassword!.connect(), controlHello }, steps);
  expect(actual).toEqual(expected);
}

/** WATCH k (set up by `before`), then `change` on another connection, then MULTI/SET/EXEC. */
function watchScript(before: Step[], change: Step[], key = 'k'): Step[] {
  return [
    ...before,
    cmd('a', 'WATCH', key),
    ...change,
    cmd('a', 'MULTI'),
    cmd('a', 'SET', 'result', 'ran'),
    cmd('a', 'EXEC'),
    cmd('a', 'GET', 'result'),
  ];
}

describe('MULTI, EXEC and DISCARD', () => {
  it('queues and runs, with runtime errors in place', async () => {
    await expectSame([
      cmd('a', 'MULTI'),
      cmd('a', 'SET', 'k', 'v'),
      cmd('a', 'INCR', 'k'),
      cmd('a', 'LPUSH', 'k', 'x'),
      cmd('a', 'GET', 'k'),
      cmd('a', 'PING'),
      cmd('a', 'ECHO', 'hi'),
      cmd('a', 'UNWATCH'),
      cmd('a', 'EXEC'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
    ]);
  });

  it('aborts after queueing errors and refuses strays', async () => {
    await expectSame([
      cmd('a', 'EXEC'),
      cmd('a', 'DISCARD'),
      cmd('a', 'MULTI', 'extra'),
      cmd('a', 'MULTI'),
      cmd('a', 'MULTI'),
      cmd('a', 'WATCH', 'k'),
      cmd('a', 'SET', 'k', 'v'),
      cmd('a', 'NOSUCHCOMMAND', 'x'),
      cmd('a', 'GET'),
      cmd('a', 'EXEC'),
      cmd('a', 'EXISTS', 'k'),
      cmd('a', 'MULTI'),
      cmd('a', 'SET', 'k', 'v'),
      cmd('a', 'DISCARD'),
      cmd('a', 'EXISTS', 'k'),
      cmd('a', 'MULTI'),
      cmd('a', 'SET', 'k', 'v'),
      cmd('a', 'EXEC', 'extra'),
      cmd('a', 'EXEC'),
      cmd('a', 'EXEC', 'extra'),
      cmd('a', 'DISCARD', 'extra'),
    ]);
  });

  it('runs SELECT inside, and blocking pops without waiting', async () => {
    await expectSame([
      cmd('a', 'RPUSH', 'q', 'x'),
      cmd('a', 'MULTI'),
      cmd('a', 'SELECT', '3'),
      cmd('a', 'SET', 'k', 'three'),
      cmd('a', 'SELECT', '99'),
      cmd('a', 'BLPOP', 'q', '0'),
      cmd('a', 'SELECT', '0'),
      cmd('a', 'BLPOP', 'q', '0'),
      cmd('a', 'BLPOP', 'q', '0'),
      cmd('a', 'BRPOP', 'q', '-1'),
      cmd('a', 'BLMOVE', 'q', 'z', 'LEFT', 'RIGHT', '0'),
      cmd('a', 'BRPOPLPUSH', 'q', 'z', 'x'),
      cmd('a', 'EXEC'),
      cmd('a', 'GET', 'k'),
      cmd('a', 'SELECT', '3'),
      cmd('a', 'GET', 'k'),
    ]);
  });
});

describe('WATCH', () => {
  const changes: [string, Step[], Step[]][] = [
    ['SET by another client', [], [cmd('b', 'SET', 'k', 'x')]],
    ['DEL', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'DEL', 'k')]],
    ['EXPIRE', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'EXPIRE', 'k', '100')]],
    ['PERSIST', [cmd('b', 'SET', 'k', 'v', 'EX', '100')], [cmd('b', 'PERSIST', 'k')]],
    ['RENAME onto it', [cmd('b', 'SET', 'src', 'v')], [cmd('b', 'RENAME', 'src', 'k')]],
    ['RENAME away', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'RENAME', 'k', 'elsewhere')]],
    ['FLUSHDB of an existing key', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'FLUSHDB')]],
    ['FLUSHDB without it', [], [cmd('b', 'SET', 'other', 'v'), cmd('b', 'FLUSHDB')]],
    ['another database', [], [cmd('b', 'SELECT', '1'), cmd('b', 'SET', 'k', 'x')]],
    ['the same client', [], [cmd('a', 'SET', 'k', 'mine')]],
    ['created then deleted', [], [cmd('b', 'SET', 'k', '1'), cmd('b', 'DEL', 'k')]],
    ['a read', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'GET', 'k'), cmd('b', 'EXISTS', 'k')]],
    ['a pushed and popped list', [], [cmd('b', 'LPUSH', 'k', 'x'), cmd('b', 'LPOP', 'k')]],
    ['LMOVE into it', [cmd('b', 'RPUSH', 'src', 'x')], [cmd('b', 'LMOVE', 'src', 'k', 'LEFT', 'LEFT')]],
  ];
  for (const [name, before, change] of changes) {
    it(`with ${name}`, async () => {
      await expectSame(watchScript(before, change));
    });
  }

  const noOps: [string, Step[], Step[]][] = [
    ['DEL of a missing key', [], [cmd('b', 'DEL', 'k')]],
    ['SET NX on an existing key', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'SET', 'k', 'w', 'NX')]],
    ['SET XX on a missing key', [], [cmd('b', 'SET', 'k', 'w', 'XX')]],
    ['SADD of a member present', [cmd('b', 'SADD', 'k', 'm')], [cmd('b', 'SADD', 'k', 'm')]],
    ['SREM of a member absent', [cmd('b', 'SADD', 'k', 'm')], [cmd('b', 'SREM', 'k', 'zz')]],
    ['HDEL of a field absent', [cmd('b', 'HSET', 'k', 'f', 'v')], [cmd('b', 'HDEL', 'k', 'zz')]],
    ['HSET of the same value', [cmd('b', 'HSET', 'k', 'f', 'v')], [cmd('b', 'HSET', 'k', 'f', 'v')]],
    ['ZADD of the same score', [cmd('b', 'ZADD', 'k', '1', 'm')], [cmd('b', 'ZADD', 'k', '1', 'm')]],
    ['ZREM of a member absent', [cmd('b', 'ZADD', 'k', '1', 'm')], [cmd('b', 'ZREM', 'k', 'zz')]],
    ['LREM of nothing', [cmd('b', 'RPUSH', 'k', 'a')], [cmd('b', 'LREM', 'k', '0', 'zz')]],
    ['LTRIM keeping all', [cmd('b', 'RPUSH', 'k', 'a')], [cmd('b', 'LTRIM', 'k', '0', '-1')]],
    ['LPUSHX on a missing key', [], [cmd('b', 'LPUSHX', 'k', 'a')]],
    ['EXPIRE on a missing key', [], [cmd('b', 'EXPIRE', 'k', '10')]],
    ['PERSIST without a TTL', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'PERSIST', 'k')]],
    ['INCRBY 0', [cmd('b', 'SET', 'k', '1')], [cmd('b', 'INCRBY', 'k', '0')]],
    ['APPEND of nothing', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'APPEND', 'k', '')]],
    ['SETRANGE of nothing', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'SETRANGE', 'k', '0', '')]],
    ['RENAME onto itself', [cmd('b', 'SET', 'k', 'v')], [cmd('b', 'RENAME', 'k', 'k')]],
    ['SMOVE of a member absent', [cmd('b', 'SADD', 'k', 'm')], [cmd('b', 'SMOVE', 'k', 'o', 'zz')]],
    ['SPOP of nothing', [cmd('b', 'SADD', 'k', 'm')], [cmd('b', 'SPOP', 'k', '0')]],
    ['a failing INCR', [cmd('b', 'SET', 'k', 'abc')], [cmd('b', 'INCR', 'k')]],
  ];
  for (const [name, before, change] of noOps) {
    it(`with ${name}`, async () => {
      await expectSame(watchScript(before, change));
    });
  }

  it('with expiry after WATCH, and a key already expired when watched', async () => {
    await expectSame([
      cmd('a', 'SET', 'k', 'v', 'PX', '100'),
      cmd('a', 'WATCH', 'k'),
      sleep(250),
      cmd('a', 'MULTI'),
      cmd('a', 'PING'),
      cmd('a', 'EXEC'),
      cmd('a', 'SET', 'e', 'v', 'PX', '50'),
      sleep(200),
      cmd('a', 'WATCH', 'e'),
      cmd('b', 'GET', 'e'),
      cmd('a', 'MULTI'),
      cmd('a', 'PING'),
      cmd('a', 'EXEC'),
      cmd('a', 'SET', 'f', 'v', 'PX', '50'),
      sleep(200),
      cmd('a', 'WATCH', 'f'),
      cmd('b', 'SET', 'f', 'new'),
      cmd('a', 'MULTI'),
      cmd('a', 'PING'),
      cmd('a', 'EXEC'),
    ]);
  });

  it('across several keys, UNWATCH, and after EXEC', async () => {
    await expectSame([
      cmd('a', 'WATCH', 'x', 'y', 'x'),
      cmd('b', 'SET', 'y', '1'),
      cmd('a', 'WATCH', 'z'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
      cmd('a', 'WATCH', 'x'),
      cmd('b', 'SET', 'x', '1'),
      cmd('a', 'UNWATCH'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
      cmd('a', 'WATCH', 'x'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
      cmd('b', 'SET', 'x', '2'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
      cmd('a', 'WATCH', 'x'),
      cmd('a', 'SELECT', '2'),
      cmd('b', 'SET', 'x', '3'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
    ]);
  });
});

describe('SELECT', () => {
  it('checks its argument and keeps databases apart', async () => {
    await expectSame([
      cmd('a', 'SELECT', '15'),
      cmd('a', 'SET', 'k', 'fifteen'),
      cmd('a', 'SELECT', '16'),
      cmd('a', 'SELECT', '-1'),
      cmd('a', 'SELECT', 'one'),
      cmd('a', 'SELECT', '2147483648'),
      cmd('a', 'SELECT', '99999999999999999999'),
      cmd('a', 'SELECT', '1.0'),
      cmd('a', 'SELECT'),
      cmd('a', 'GET', 'k'),
      cmd('b', 'GET', 'k'),
      cmd('a', 'SELECT', '0'),
      cmd('a', 'GET', 'k'),
      cmd('a', 'DBSIZE'),
    ]);
  });
});

describe('blocking pops', () => {
  it('wake the oldest waiter first, one element each', async () => {
    await expectSame([
      block('a', 'BLPOP', 'q', '0'),
      block('b', 'BLPOP', 'q', '0'),
      block('c', 'BRPOP', 'other', 'q', '0'),
      cmd('d', 'RPUSH', 'q', '1', '2'),
      cmd('d', 'LLEN', 'q'),
      cmd('d', 'LPUSH', 'q', '3'),
      cmd('d', 'LLEN', 'q'),
    ]);
  });

  it('answer at once when an element is there, or with WRONGTYPE and timeout errors', async () => {
    await expectSame([
      cmd('a', 'RPUSH', 'q', 'x', 'y'),
      cmd('a', 'SET', 's', 'str'),
      cmd('a', 'BLPOP', 'missing', 'q', '0'),
      cmd('a', 'BRPOP', 'q', '0'),
      cmd('a', 'BLPOP', 'missing', 's', '0'),
      cmd('a', 'BLPOP', 's', '-1'),
      cmd('a', 'BLPOP', 'q', 'abc'),
      cmd('a', 'BLPOP', 'q', '1e400'),
      cmd('a', 'BLPOP', 'q', 'inf'),
      cmd('a', 'BLPOP', 'q', '9223372036854776'),
      cmd('a', 'BLMOVE', 'q', 'z', 'UP', 'LEFT', '0'),
      cmd('a', 'BLMOVE', 's', 'z', 'LEFT', 'LEFT', '0'),
      cmd('a', 'BRPOPLPUSH', 'q', 'z', '-0.5'),
      cmd('a', 'BLPOP', 'q'),
    ]);
  });

  it('time out with the nil array, BLMOVE included', async () => {
    await expectSame([
      block('a', 'BLPOP', 'q', '0.1'),
      block('b', 'BLMOVE', 'q', 'z', 'LEFT', 'RIGHT', '0.1'),
      block('c', 'BRPOPLPUSH', 'q', 'z', '0.1'),
      block('d', 'BRPOP', 'q', '-0.0001'),
      sleep(400),
      cmd('e', 'RPUSH', 'q', 'late'),
    ]);
  });

  it('are served by pushes inside EXEC, by LMOVE, and chain through BLMOVE', async () => {
    await expectSame([
      block('a', 'BLMOVE', 'in', 'out', 'RIGHT', 'LEFT', '0'),
      block('b', 'BLPOP', 'out', '0'),
      cmd('c', 'MULTI'),
      cmd('c', 'RPUSH', 'in', 'job1', 'job2'),
      cmd('c', 'SET', 'x', '1'),
      cmd('c', 'EXEC'),
      cmd('c', 'LRANGE', 'in', '0', '-1'),
      block('b', 'BRPOP', 'dst', '0'),
      cmd('c', 'LMOVE', 'in', 'dst', 'LEFT', 'LEFT'),
      cmd('c', 'EXISTS', 'in', 'dst', 'out'),
    ]);
  });

  it('keep waiting through a key of another type, and a move into one answers WRONGTYPE', async () => {
    await expectSame([
      block('a', 'BLPOP', 'k', '0'),
      cmd('c', 'SET', 'k', 'string'),
      cmd('c', 'DEL', 'k'),
      cmd('c', 'RPUSH', 'k', 'now'),
      cmd('c', 'SET', 'str', 'x'),
      block('b', 'BRPOPLPUSH', 'in', 'str', '0'),
      cmd('c', 'RPUSH', 'in', 'stays'),
      cmd('c', 'LRANGE', 'in', '0', '-1'),
    ]);
  });

  it('in another database wait for that database only', async () => {
    await expectSame([
      cmd('a', 'SELECT', '4'),
      block('a', 'BLPOP', 'q', '0'),
      cmd('b', 'RPUSH', 'q', 'db0'),
      cmd('b', 'SELECT', '4'),
      cmd('b', 'RPUSH', 'q', 'db4'),
      cmd('b', 'SELECT', '0'),
      cmd('b', 'LLEN', 'q'),
    ]);
  });
});

describe('LMOVE and RPOPLPUSH', () => {
  it('move, rotate, and check types and arguments', async () => {
    await expectSame([
      cmd('a', 'RPUSH', 'a', '1', '2', '3'),
      cmd('a', 'LMOVE', 'a', 'b', 'LEFT', 'RIGHT'),
      cmd('a', 'LMOVE', 'a', 'b', 'right', 'left'),
      cmd('a', 'LMOVE', 'a', 'a', 'LEFT', 'RIGHT'),
      cmd('a', 'LRANGE', 'b', '0', '-1'),
      cmd('a', 'RPOPLPUSH', 'a', 'a'),
      cmd('a', 'RPOPLPUSH', 'a', 'c'),
      cmd('a', 'EXISTS', 'a'),
      cmd('a', 'RPOPLPUSH', 'a', 'c'),
      cmd('a', 'SET', 's', 'x'),
      cmd('a', 'LMOVE', 's', 'b', 'LEFT', 'LEFT'),
      cmd('a', 'LMOVE', 'b', 's', 'LEFT', 'LEFT'),
      cmd('a', 'LMOVE', 'missing', 's', 'LEFT', 'LEFT'),
      cmd('a', 'LMOVE', 'b', 'c', 'MIDDLE', 'LEFT'),
      cmd('a', 'LMOVE', 'b', 'c', 'LEFT'),
      cmd('a', 'LRANGE', 'c', '0', '-1'),
    ]);
  });
});

describe('AUTH, HELLO and CLIENT', () => {
  it('without a password', async () => {
    await expectSame([
      cmd('a', 'AUTH', 'anything'),
      cmd('a', 'AUTH', 'default', 'anything'),
      cmd('a', 'AUTH', 'someone', 'anything'),
      cmd('a', 'AUTH', 'a', 'b', 'c'),
      anyInt('a', 'HELLO'),
      anyInt('a', 'HELLO', '2'),
      cmd('a', 'HELLO', '4'),
      cmd('a', 'HELLO', '1'),
      cmd('a', 'HELLO', 'two'),
      cmd('a', 'HELLO', '2', 'BOGUS'),
      cmd('a', 'HELLO', '2', 'SETNAME'),
      cmd('a', 'HELLO', '2', 'SETNAME', 'bad name'),
      anyInt('a', 'HELLO', '2', 'SETNAME', 'hello-name'),
      cmd('a', 'CLIENT', 'GETNAME'),
      anyInt('a', 'CLIENT', 'ID'),
      cmd('a', 'CLIENT', 'ID', 'extra'),
      cmd('a', 'CLIENT'),
      cmd('a', 'CLIENT', 'NOSUCH'),
      cmd('a', 'CLIENT', 'SETNAME', 'two words'),
      cmd('a', 'CLIENT', 'SETNAME', 'caf\u00e9'),
      cmd('a', 'CLIENT', 'SETNAME', 'ok-name'),
      cmd('a', 'CLIENT', 'GETNAME'),
      cmd('a', 'CLIENT', 'SETNAME', ''),
      cmd('a', 'CLIENT', 'GETNAME'),
      cmd('a', 'CLIENT', 'SETNAME'),
      cmd('a', 'SELECT', '3'),
      cmd('a', 'MULTI'),
      cmd('a', 'RESET'),
      cmd('a', 'EXEC'),
      cmd('a', 'SET', 'where', 'db0'),
      cmd('a', 'SELECT', '0'),
      cmd('a', 'GET', 'where'),
    ]);
  });

  it('with a password', async () => {
    await expectSameWithPassword([
      cmd('a', 'GET', 'k'),
      cmd('a', 'PING'),
      cmd('a', 'MULTI'),
      cmd('a', 'EXEC'),
      cmd('a', 'EXEC', 'x'),
      cmd('a', 'HELLO', '2'),
      cmd('a', 'HELLO', '2', 'AUTH', 'default', 'wrong'),
      cmd('a', 'AUTH', 'wrong'),
      cmd('a', 'AUTH', 'someone', PASSWORD),
      cmd('a', 'GET', 'k'),
      cmd('a', 'AUTH', PASSWORD),
      cmd('a', 'SET', 'k', 'v'),
      cmd('a', 'AUTH', 'wrong'),
      cmd('a', 'GET', 'k'),
      cmd('a', 'RESET'),
      cmd('a', 'GET', 'k'),
      anyInt('a', 'HELLO', '2', 'AUTH', 'default', PASSWORD),
      cmd('a', 'GET', 'k'),
      cmd('b', 'AUTH', 'default', PASSWORD),
      cmd('b', 'MULTI'),
      cmd('b', 'AUTH', 'wrong'),
      cmd('b', 'GET', 'k'),
      cmd('b', 'EXEC'),
      cmd('c', 'QUIT'),
    ]);
  });
});
