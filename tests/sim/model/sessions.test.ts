/**
 * The model's sessions (sim/model/session/): SELECT, MULTI/EXEC/DISCARD with EXECABORT after a
 * queueing error, WATCH dirtied by every kind of change (write, DEL, EXPIRE, RENAME, FLUSHDB,
 * expiry by time) and not by a read, and blocking pops served oldest waiter first, timed out at
 * their virtual deadlines, and never answered inside EXEC.
 */
import { describe, expect, it } from 'vitest';
import type { Arg, Reply } from '../../../redlite/reply.ts';
import { formatReply } from '../../../sim/format-reply.ts';
import { ModelSessions } from '../../../sim/model/session/ModelSessions.ts';
import type { AppliedStep } from '../../../sim/model/session/types.ts';
import { VirtualClock } from '../../../sim/VirtualClock.ts';
import { modelPortFor } from '../../../sim/world/model-adapter.ts';

function world() {
  const clock = new VirtualClock(1_700_000_000_000);
  const model = modelPortFor(clock);
  const store = {
    exec: (argv: readonly Arg[], db?: number) => model.exec(argv, db),
    execAdopting: (argv: readonly Arg[], observed: Reply, db?: number) =>
      model.execAdopting(argv, observed, db),
    isRandomCommand: (argv: readonly Arg[]) => model.isRandomCommand(argv),
    watchMark: (db: number, key: string) => model.watchMark?.(db, key),
  };
  const sessions = new ModelSessions(() => store, clock);
  /** A snapshot of the model, as the fault driver takes one at each checkpoint. */
  const snapshot = () => model.clone?.();
  const run = (client: number, ...argv: string[]): string => {
    const steps: AppliedStep[] = [];
    const outcome = sessions.exec(client, argv, null, steps);
    return outcome.kind === 'blocked' ? 'blocked' : formatReply(outcome.reply);
  };
  const served = (): string[] =>
    sessions.serveReady([]).map((wakeup) => `${wakeup.client}: ${formatReply(wakeup.reply)}`);
  return { clock, sessions, run, served, snapshot };
}

describe('model sessions: transactions', () => {
  it('queues commands and runs them at EXEC, in the database selected', () => {
    const { run } = world();
    expect(run(0, 'SELECT', '1')).toBe('OK');
    expect(run(0, 'MULTI')).toBe('OK');
    expect(run(0, 'SET', 'a', '1')).toBe('QUEUED');
    expect(run(0, 'INCR', 'a')).toBe('QUEUED');
    expect(run(0, 'EXEC')).toBe('[OK, (integer) 2]');
    expect(run(1, 'GET', 'a')).toBe('(nil)');
    expect(run(1, 'SELECT', '1')).toBe('OK');
    expect(run(1, 'GET', 'a')).toBe('"2"');
    expect(run(1, 'SELECT', '16')).toBe('(error) ERR DB index is out of range');
  });

  it('aborts with EXECABORT after a queueing error, and DISCARD drops the queue', () => {
    const { run } = world();
    run(0, 'MULTI');
    run(0, 'SET', 'a', '1');
    expect(run(0, 'GET')).toBe("(error) ERR wrong number of arguments for 'get' command");
    expect(run(0, 'EXEC')).toBe('(error) EXECABORT Transaction discarded because of previous errors.');
    expect(run(0, 'GET', 'a')).toBe('(nil)');
    run(0, 'MULTI');
    run(0, 'SET', 'a', '1');
    expect(run(0, 'DISCARD')).toBe('OK');
    expect(run(0, 'EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(run(0, 'GET', 'a')).toBe('(nil)');
  });

  it.each([
    ['a write', ['SET', 'k', 'other']],
    ['DEL', ['DEL', 'k']],
    ['EXPIRE', ['EXPIRE', 'k', '100']],
    ['RENAME', ['RENAME', 'k', 'j']],
    ['FLUSHDB', ['FLUSHDB']],
    ['the same value written again', ['SET', 'k', 'v']],
  ])('aborts a watched EXEC after %s by another client', (_what, change) => {
    const { run } = world();
    run(1, 'SET', 'k', 'v');
    run(0, 'WATCH', 'k');
    run(1, ...change);
    run(0, 'MULTI');
    run(0, 'SET', 'k', 'mine');
    expect(run(0, 'EXEC')).toBe('(nil array)');
  });

  it('aborts a watched EXEC when the key expired since WATCH, and runs one after a read only', () => {
    const { clock, run } = world();
    run(1, 'SET', 'k', 'v', 'PX', '50');
    run(0, 'WATCH', 'k');
    clock.advanceTo(clock.now() + 100);
    run(0, 'MULTI');
    run(0, 'SET', 'k', 'mine');
    expect(run(0, 'EXEC')).toBe('(nil array)');
    run(1, 'SET', 'j', 'v');
    run(0, 'WATCH', 'j');
    run(1, 'GET', 'j');
    run(0, 'MULTI');
    run(0, 'SET', 'j', 'mine');
    expect(run(0, 'EXEC')).toBe('[OK]');
  });
  it('runs a watched EXEC when a snapshot and a failed write only copied the key', () => {
    // A snapshot shares every key, and the next write copies the key before it fails; the copy
    // changes nothing the key holds, so WATCH must not see a change (a hostile sweep did).
    const { run, snapshot } = world();
    run(1, 'SET', 'k', 'v');
    run(0, 'WATCH', 'k');
    expect(snapshot()).toBeDefined();
    expect(run(1, 'LINSERT', 'k', 'AFTER', 'x', 'y')).toMatch(/^\(error\) WRONGTYPE/);
    run(0, 'MULTI');
    run(0, 'SET', 'k', 'mine');
    expect(run(0, 'EXEC')).toBe('[OK]');
    run(0, 'WATCH', 'k');
    expect(snapshot()).toBeDefined();
    run(1, 'SET', 'k', 'mine');
    run(0, 'MULTI');
    run(0, 'GET', 'k');
    expect(run(0, 'EXEC')).toBe('(nil array)');
  });

  it("keeps the watches after EXEC without MULTI, and tells a command's own reply without running it", () => {
    const { run, sessions } = world();
    const own = (client: number, ...argv: string[]): string | undefined => {
      const reply = sessions.session(client).ownReply(argv);
      return reply === undefined ? undefined : formatReply(reply);
    };
    run(0, 'WATCH', 'k');
    run(1, 'DECR', 'k');
    expect(own(0, 'EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(run(0, 'EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(own(0, 'MULTI')).toBe('OK');
    expect(own(0, 'DISCARD')).toBe('(error) ERR DISCARD without MULTI');
    expect(own(0, 'SELECT', '16')).toBe('(error) ERR DB index is out of range');
    expect(own(0, 'GET', 'k')).toBeUndefined();
    run(0, 'MULTI');
    expect(own(0, 'GET', 'k')).toBe('QUEUED');
    expect(own(0, 'MULTI')).toBe('(error) ERR MULTI calls can not be nested');
    expect(own(0, 'WATCH', 'k')).toBe('(error) ERR WATCH inside MULTI is not allowed');
    expect(own(0, 'EXEC')).toBe('(nil array)');
    expect(run(0, 'EXEC')).toBe('(nil array)');
    run(0, 'MULTI');
    run(0, 'GET', 'k');
    expect(own(0, 'EXEC')).toBeUndefined();
    expect(run(0, 'EXEC')).toBe('["-1"]');
  });
});

describe('model sessions: blocking pops', () => {
  it('serves the oldest waiter first, one element each', () => {
    const { run, served } = world();
    expect(run(0, 'BLPOP', 'q', '0')).toBe('blocked');
    expect(run(1, 'BLPOP', 'q', '0')).toBe('blocked');
    expect(run(2, 'RPUSH', 'q', 'a')).toBe('(integer) 1');
    expect(served()).toEqual(['0: ["q", "a"]']);
    run(2, 'RPUSH', 'q', 'b', 'c');
    expect(served()).toEqual(['1: ["q", "b"]']);
    expect(run(2, 'LRANGE', 'q', '0', '-1')).toBe('["c"]');
  });

  it('times a wait out once the clock passes start + timeout, with the nil array', () => {
    const { clock, sessions, run } = world();
    const start = clock.now();
    expect(run(0, 'BRPOP', 'q', '0.05')).toBe('blocked');
    expect(sessions.expireBlocked(start + 50)).toEqual([]);
    const ended = sessions.expireBlocked(start + 51);
    expect(ended.map((wakeup) => [wakeup.client, formatReply(wakeup.reply)])).toEqual([[0, '(nil array)']]);
    expect(sessions.session(0).isBlocked).toBe(false);
  });

  it('answers at once inside EXEC, and a move onto the wrong type ends the wait with the error', () => {
    const { run, served } = world();
    run(0, 'MULTI');
    run(0, 'BLPOP', 'q', '0');
    expect(run(0, 'EXEC')).toBe('[(nil array)]');
    run(2, 'SET', 'dst', 'string');
    expect(run(0, 'BLMOVE', 'q', 'dst', 'LEFT', 'LEFT', '0')).toBe('blocked');
    run(2, 'RPUSH', 'q', 'x');
    expect(served()).toEqual([
      '0: (error) WRONGTYPE Operation against a key holding the wrong kind of value',
    ]);
    expect(run(2, 'LLEN', 'q')).toBe('(integer) 1');
  });

  it('a closed connection leaves no wait, queue or watch behind', () => {
    const { sessions, run, served } = world();
    run(0, 'BLPOP', 'q', '0');
    run(1, 'MULTI');
    run(1, 'SET', 'a', '1');
    sessions.closeSession(0);
    sessions.closeSession(1);
    run(2, 'RPUSH', 'q', 'x');
    expect(served()).toEqual([]);
    expect(run(1, 'EXEC')).toBe('(error) ERR EXEC without MULTI');
    expect(run(2, 'GET', 'a')).toBe('(nil)');
  });
});
