/**
 * The checker's parts on their own: the entry list's lift and unlift, the linearized set's key,
 * union-find, the transition memo's bound, candidate times, SPOP's possible pops, the command
 * table (held to the model's), and the canonical key records.
 */
import { describe, expect, it } from 'vitest';
import { COMMAND_TRAITS, commandKeys, commandTiming } from '../../../sim/linearizability/command-traits.ts';
import { EntryList } from '../../../sim/linearizability/EntryList.ts';
import { readKeyRecord } from '../../../sim/linearizability/key-state.ts';
import { LinearizedSet } from '../../../sim/linearizability/LinearizedSet.ts';
import { SearchClock } from '../../../sim/linearizability/SearchClock.ts';
import { spopChoices } from '../../../sim/linearizability/spop-choices.ts';
import { TransitionMemo } from '../../../sim/linearizability/TransitionMemo.ts';
import { opTiming, planTimes } from '../../../sim/linearizability/time-candidates.ts';
import { earliestTimeAtMost } from '../../../sim/linearizability/ttl-time.ts';
import { UnionFind } from '../../../sim/linearizability/UnionFind.ts';
import { COMMANDS } from '../../../sim/model/command-table.ts';
import { Model } from '../../../sim/model/index.ts';
import { createTestOpContext, OPS } from '../../../sim/ops/index.ts';
import { Rng } from '../../../sim/random/index.ts';

function walk(list: EntryList): string[] {
  const seen: string[] = [];
  for (let entry = list.first(); entry !== list.tail; entry = list.nextOf(entry)) {
    seen.push(`${list.isCall(entry) ? 'call' : 'ret'}${list.opOf(entry)}@${list.timeOf(entry)}`);
  }
  return seen;
}

describe('EntryList', () => {
  const ops = [
    { invokeMs: 0, returnMs: 5 },
    { invokeMs: 5, returnMs: 6 },
    { invokeMs: 2, returnMs: null },
  ];

  it('orders entries by time, calls before returns at the same time', () => {
    const list = new EntryList(ops);
    expect(walk(list)).toEqual(['call0@0', 'call2@2', 'call1@5', 'ret0@5', 'ret1@6']);
    expect(list.firstReturnMs()).toBe(5);
  });

  it('restores the list exactly when lifts are undone newest first', () => {
    const list = new EntryList(ops);
    const before = walk(list);
    list.lift(list.callOf(0));
    expect(walk(list)).toEqual(['call2@2', 'call1@5', 'ret1@6']);
    list.lift(list.callOf(2));
    expect(walk(list)).toEqual(['call1@5', 'ret1@6']);
    list.unlift(list.callOf(2));
    list.unlift(list.callOf(0));
    expect(walk(list)).toEqual(before);
  });
});

describe('LinearizedSet', () => {
  const ops = [
    { invokeMs: 0, returnMs: 10 },
    { invokeMs: 1, returnMs: 3 },
    { invokeMs: 2, returnMs: null },
    { invokeMs: 4, returnMs: 5 },
  ];

  it('gives one key per set, whatever the order of adding', () => {
    const a = new LinearizedSet(ops);
    a.add(1);
    a.add(3);
    const b = new LinearizedSet(ops);
    b.add(3);
    b.add(1);
    expect(a.key()).toBe(b.key());
    const c = new LinearizedSet(ops);
    c.add(1);
    expect(c.key()).not.toBe(a.key());
  });

  it('moves the frontier past linearized and unreturned operations, and back on remove', () => {
    const set = new LinearizedSet(ops);
    expect(set.frontier).toBe(0);
    const before = set.add(0);
    expect(set.frontier).toBe(1);
    const second = set.add(1);
    expect(set.frontier).toBe(3);
    set.remove(1, second);
    expect(set.frontier).toBe(1);
    set.remove(0, before);
    expect(set.frontier).toBe(0);
    expect(set.size).toBe(0);
  });

  it('keeps unreturned operations in the key', () => {
    const with2 = new LinearizedSet(ops);
    with2.add(2);
    expect(with2.key()).not.toBe(new LinearizedSet(ops).key());
  });
});

describe('UnionFind and TransitionMemo', () => {
  it('joins sets transitively', () => {
    const sets = new UnionFind(5);
    sets.union(0, 1);
    sets.union(3, 4);
    sets.union(1, 4);
    expect(new Set([0, 1, 3, 4].map((i) => sets.find(i))).size).toBe(1);
    expect(sets.find(2)).not.toBe(sets.find(0));
  });

  it('forgets the oldest generation once two are full, and keeps what was used lately', () => {
    const memo = new TransitionMemo<number>(2);
    memo.set('a', 1);
    memo.set('b', 2);
    memo.set('c', 3); // a and b age
    expect(memo.get('a')).toBe(1); // refreshed into the young generation
    memo.set('d', 4); // the young one (c, a) ages; b is forgotten
    memo.set('e', 5);
    expect(memo.get('b')).toBeUndefined();
    expect(memo.get('a')).toBe(1);
    expect(() => new TransitionMemo(0)).toThrow(RangeError);
  });
});

describe('candidate times', () => {
  const base = { timeSensitive: true, deadlinesMs: [], windowMsMax: 100 };

  it('tries only the first millisecond where time cannot matter', () => {
    expect(
      planTimes({
        ...base,
        timeSensitive: false,
        window: { loMs: 5, hiMs: 50 },
        timing: opTiming([['SET', 'k', 'v', 'PX', '9']], false),
      }).times,
    ).toEqual([5]);
  });

  it('adds each deadline in the window and the millisecond after it', () => {
    expect(
      planTimes({
        ...base,
        window: { loMs: 5, hiMs: 50 },
        timing: opTiming([['GET', 'k']], false),
        deadlinesMs: [3, 20, 50, 70],
      }).times,
    ).toEqual([5, 20, 21, 50]);
  });

  it('adds an absolute deadline the command writes, and asks for TTL to be solved', () => {
    expect(
      planTimes({ ...base, window: { loMs: 0, hiMs: 9 }, timing: opTiming([['PEXPIREAT', 'k', '4']], false) })
        .times,
    ).toEqual([0, 4, 5]);
    expect(
      planTimes({
        ...base,
        window: { loMs: 0, hiMs: 9000 },
        timing: opTiming([['EXPIREAT', 'k', '4']], false),
      }).times,
    ).toEqual([0, 4000, 4001]);
    expect(
      planTimes({ ...base, window: { loMs: 0, hiMs: 9 }, timing: opTiming([['PTTL', 'k']], false) }).solveTtl,
    ).toBe(true);
  });

  it('tries every millisecond for a relative deadline, and says when it had to stop', () => {
    const short = planTimes({
      ...base,
      window: { loMs: 0, hiMs: 3 },
      timing: opTiming([['EXPIRE', 'k', '10']], false),
    });
    expect(short).toEqual({ times: [0, 1, 2, 3], truncated: false, solveTtl: false });
    const long = planTimes({
      ...base,
      windowMsMax: 3,
      window: { loMs: 0, hiMs: 9 },
      timing: opTiming([['SETEX', 'k', '1', 'v']], false),
    });
    expect(long).toEqual({ times: [0, 1, 2, 9], truncated: true, solveTtl: false });
  });

  it('tries every millisecond for a transaction that reads a TTL', () => {
    const txn = opTiming(
      [
        ['INCR', 'n'],
        ['PTTL', 'k'],
      ],
      true,
    );
    expect(planTimes({ ...base, window: { loMs: 0, hiMs: 2 }, timing: txn })).toEqual({
      times: [0, 1, 2],
      truncated: false,
      solveTtl: false,
    });
  });

  it('classifies SET by its options', () => {
    expect(commandTiming(['SET', 'k', 'v'])).toBe('steady');
    expect(commandTiming(['set', 'k', 'v', 'px', '5'])).toBe('deadline-write');
    expect(commandTiming(['SET', 'k', 'v', 'KEEPTTL'])).toBe('steady');
  });
});

describe('earliestTimeAtMost', () => {
  // A PTTL for a deadline at 100: 100 - t while alive, -2 after.
  const pttl = (atMs: number): bigint => (atMs <= 100 ? BigInt(100 - atMs) : -2n);

  it('finds the earliest time a running-down reply reaches the observed value', () => {
    expect(earliestTimeAtMost({ loMs: 0, hiMs: 90 }, 37n, pttl)).toBe(63);
    expect(earliestTimeAtMost({ loMs: 70, hiMs: 90 }, 37n, pttl)).toBe(70);
    expect(earliestTimeAtMost({ loMs: 0, hiMs: 200 }, -2n, pttl)).toBe(101);
  });

  it('finds none when even the latest time answers more', () => {
    expect(earliestTimeAtMost({ loMs: 0, hiMs: 50 }, 10n, pttl)).toBeNull();
    expect(earliestTimeAtMost({ loMs: 0, hiMs: 50 }, 10n, () => null)).toBeNull();
  });
});

describe('SPOP choices', () => {
  it('lists each member, or each set of count members', () => {
    expect(spopChoices(['a', 'b'], null, 10).replies.map((reply) => reply.value?.toString())).toEqual([
      'a',
      'b',
    ]);
    expect(spopChoices(['a', 'b', 'c'], '2', 10).replies).toHaveLength(3);
    expect(spopChoices(['a', 'b'], '5', 10)).toEqual({ replies: [], truncated: false });
  });

  it('says when there are more than choicesMax', () => {
    expect(spopChoices(['a', 'b', 'c', 'd', 'e', 'f'], '3', 10)).toEqual({ replies: [], truncated: true });
  });
});

describe('the command table', () => {
  it('covers exactly the commands the model serves', () => {
    expect([...COMMAND_TRAITS.keys()].sort()).toEqual([...COMMANDS.keys()].sort());
  });

  it('finds keys where each command keeps them', () => {
    expect(commandKeys(['MSET', 'a', '1', 'b', '2'])).toEqual(['a', 'b']);
    expect(commandKeys(['SMOVE', 's', 't', 'm'])).toEqual(['s', 't']);
    expect(commandKeys(['DEL', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(commandKeys(['ZADD', 'z', '1', 'm'])).toEqual(['z']);
    expect(commandKeys(['BLPOP', 'a', 'b', '0.5'])).toEqual(['a', 'b']);
    expect(commandKeys(['BLMOVE', 's', 't', 'LEFT', 'RIGHT', '0'])).toEqual(['s', 't']);
    expect(commandKeys(['NOSUCH', 'a'])).toEqual([]);
  });

  it('marks as read-only only commands that never change the model', () => {
    const readOnly = [...COMMAND_TRAITS].filter(([, traits]) => traits.readOnly).map(([name]) => name);
    const rng = new Rng(7n);
    const model = new Model({ clock: { now: () => 1_000_000 } });
    const ctx = createTestOpContext({ rng, keyCount: 4, nowMs: 1_000_000, edgeRate: 0.1, expiryRate: 0 });
    for (let i = 0; i < 400; i++) model.exec(rng.pick(OPS).generate(ctx));
    const readers = OPS.filter((op) => readOnly.includes(op.name.toLowerCase()));
    expect(readers.length).toBe(readOnly.length);
    const dump = (): string[] =>
      ['k0', 'k1', 'k2', 'k3'].map((key) => readKeyRecord(model, key, 1_000_000, EXACT).digest);
    const before = dump();
    for (let i = 0; i < 2000; i++) model.exec(rng.pick(readers).generate(ctx));
    expect(dump()).toEqual(before);
  });
});

const EXACT = { read: true, farFromMs: null, exactKeys: new Set<string>() };

describe('key records', () => {
  const clock = new SearchClock(1000);

  it('are equal for equal states whatever the order the values were built in', () => {
    const a = new Model({ clock });
    const b = new Model({ clock });
    a.exec(['SADD', 's', 'x', 'y', 'z']);
    b.exec(['SADD', 's', 'z', 'y', 'x']);
    a.exec(['HSET', 'h', 'f', '1', 'g', '2']);
    b.exec(['HSET', 'h', 'g', '2', 'f', '1']);
    for (const key of ['s', 'h', 'missing'])
      expect(readKeyRecord(a, key, 1000, EXACT)).toEqual(readKeyRecord(b, key, 1000, EXACT));
  });

  it('differ in type, value, order, score and deadline', () => {
    const model = new Model({ clock });
    model.exec(['RPUSH', 'l1', 'a', 'b']);
    model.exec(['RPUSH', 'l2', 'b', 'a']);
    model.exec(['SADD', 's1', 'a', 'b']);
    model.exec(['ZADD', 'z1', '1', 'a']);
    model.exec(['ZADD', 'z2', '1.5', 'a']);
    model.exec(['SET', 'k1', 'v']);
    model.exec(['SET', 'k2', 'v', 'PX', '50']);
    model.exec(['SET', 'k3', 'v', 'PX', '51']);
    const digests = ['l1', 'l2', 's1', 'z1', 'z2', 'k1', 'k2', 'k3'].map(
      (key) => readKeyRecord(model, key, 1000, EXACT).digest,
    );
    expect(new Set(digests).size).toBe(digests.length);
    expect(readKeyRecord(model, 'k2', 1000, EXACT).deadlineMs).toBe(1050);
    expect(readKeyRecord(model, 'k1', 1000, EXACT).deadlineMs).toBeNull();
  });

  it('record every deadline past the history as one, when no operation reads a deadline value', () => {
    const model = new Model({ clock });
    model.exec(['SET', 'a', 'v', 'PX', '5000']);
    model.exec(['SET', 'b', 'v', 'PX', '7000']);
    model.exec(['SET', 'c', 'v', 'PX', '50']);
    const view = { read: true, farFromMs: 2000, exactKeys: new Set<string>() };
    expect(readKeyRecord(model, 'a', 1000, view).digest).toBe(readKeyRecord(model, 'b', 1000, view).digest);
    expect(readKeyRecord(model, 'a', 1000, view).deadlineMs).toBe(6000);
    expect(readKeyRecord(model, 'c', 1000, view).digest).toBe('string|1050|$1:v');
    expect(readKeyRecord(model, 'a', 1000, EXACT).digest).not.toBe(
      readKeyRecord(model, 'b', 1000, EXACT).digest,
    );
  });

  it('keep the deadlines of keys whose deadline is read exact, far or not', () => {
    const model = new Model({ clock });
    model.exec(['SET', 'a', 'v', 'PX', '5000']);
    model.exec(['SET', 'b', 'v', 'PX', '7000']);
    const view = { read: true, farFromMs: 2000, exactKeys: new Set(['a', 'b']) };
    expect(readKeyRecord(model, 'a', 1000, view).digest).not.toBe(
      readKeyRecord(model, 'b', 1000, view).digest,
    );
    const onlyA = { ...view, exactKeys: new Set(['a']) };
    expect(readKeyRecord(model, 'a', 1000, onlyA).digest).toBe('string|6000|$1:v');
    expect(readKeyRecord(model, 'b', 1000, onlyA).digest).toBe('string|far|$1:v');
  });

  it('keep long values as a digest', () => {
    const model = new Model({ clock });
    model.exec(['SET', 'big', 'x'.repeat(10_000)]);
    const record = readKeyRecord(model, 'big', 1000, {
      read: false,
      farFromMs: null,
      exactKeys: new Set<string>(),
    });
    expect(record.digest.startsWith('#')).toBe(true);
    expect(record.digest.length).toBeLessThan(64);
  });
});
