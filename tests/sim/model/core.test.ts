/**
 * The model's own contract, without a Redis: lazy expiry on an injected clock, clone
 * independence, SPOP adoption, reply normalisation, and the number formats and glob matcher
 * it shares with every command. Expected strings here were taken from redis-server 7.0.15.
 */
import { describe, expect, it } from 'vitest';
import { type Arg, array, bulk, error, integer, type Reply } from '../../../redlite/reply.ts';
import { encodeResp2 } from '../../../redlite/resp.ts';
import { d2string } from '../../../sim/model/format.ts';
import { globMatch } from '../../../sim/model/glob.ts';
import {
  canonicalBytes,
  isRandomCommand,
  Model,
  normalizeReply,
  SCAN_CURSOR_MARKER,
} from '../../../sim/model/index.ts';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../../../sim/model/long-double.ts';

class ManualClock {
  constructor(public nowMs: number) {}
  now(): number {
    return this.nowMs;
  }
}

function text(reply: Reply): string {
  return encodeResp2(reply).toString('latin1');
}

function run(model: Model, argv: Arg[]): string {
  return text(model.exec(argv));
}

describe('lazy expiry on the injected clock', () => {
  it('hides an expired key from every command, DBSIZE, KEYS and SCAN included', () => {
    const clock = new ManualClock(1_000_000);
    const model = new Model({ clock });
    run(model, ['SET', 'a', '1', 'PX', '100']);
    run(model, ['RPUSH', 'l', 'x']);
    run(model, ['PEXPIRE', 'l', '50']);
    run(model, ['SET', 'keep', 'v']);
    expect(run(model, ['PTTL', 'a'])).toBe(':100\r\n');
    expect(run(model, ['DBSIZE'])).toBe(':3\r\n');
    clock.nowMs += 101;
    expect(run(model, ['GET', 'a'])).toBe('$-1\r\n');
    expect(run(model, ['TTL', 'a'])).toBe(':-2\r\n');
    expect(run(model, ['LLEN', 'l'])).toBe(':0\r\n');
    expect(run(model, ['DBSIZE'])).toBe(':1\r\n');
    expect(run(model, ['KEYS', '*'])).toBe('*1\r\n$4\r\nkeep\r\n');
    expect(run(model, ['SCAN', '0', 'COUNT', '10000'])).toBe('*2\r\n$1\r\n0\r\n*1\r\n$4\r\nkeep\r\n');
    expect(run(model, ['INCR', 'a'])).toBe(':1\r\n');
  });

  it('keeps a key live at its deadline millisecond and drops it one millisecond later, as Redis does', () => {
    // Redis's keyIsExpired: a key is expired when now > when, so at now == when it still
    // answers, with a PTTL of 0.
    const clock = new ManualClock(2_000);
    const model = new Model({ clock });
    run(model, ['SET', 'b', 'v', 'PX', '10']);
    clock.nowMs += 10;
    expect(run(model, ['PTTL', 'b'])).toBe(':0\r\n');
    expect(run(model, ['GET', 'b'])).toBe('$1\r\nv\r\n');
    clock.nowMs += 1;
    expect(run(model, ['GET', 'b'])).toBe('$-1\r\n');
    expect(run(model, ['PTTL', 'b'])).toBe(':-2\r\n');
  });

  it('rounds TTL to the nearest second and keeps expiry through INCR but not SET', () => {
    const clock = new ManualClock(5_000);
    const model = new Model({ clock });
    run(model, ['SET', 'n', '1', 'PX', '1499']);
    expect(run(model, ['TTL', 'n'])).toBe(':1\r\n');
    run(model, ['INCR', 'n']);
    expect(run(model, ['PTTL', 'n'])).toBe(':1499\r\n');
    run(model, ['SET', 'n', '5']);
    expect(run(model, ['PTTL', 'n'])).toBe(':-1\r\n');
  });
});

describe('clone', () => {
  it('is deep: writes to either copy never show in the other', () => {
    const model = new Model({ clock: new ManualClock(0) });
    const setup: Arg[][] = [
      ['SET', 's', 'v'],
      ['RPUSH', 'l', 'a', 'b'],
      ['HSET', 'h', 'f', '1'],
      ['SADD', 'set', 'm1', 'm2'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
    ];
    for (const argv of setup) run(model, argv);
    const copy = model.clone();
    const writes: Arg[][] = [
      ['APPEND', 's', 'x'],
      ['RPUSH', 'l', 'c'],
      ['HSET', 'h', 'g', '2'],
      ['SADD', 'set', 'm3'],
      ['ZADD', 'z', '9', 'a'],
      ['PEXPIRE', 's', '100000'],
    ];
    for (const argv of writes) run(copy, argv);
    const reads: Arg[][] = [
      ['GET', 's'],
      ['LRANGE', 'l', '0', '-1'],
      ['HGETALL', 'h'],
      ['SMEMBERS', 'set'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['PTTL', 's'],
    ];
    const original = reads.map((argv) => canonicalBytes(argv, model.exec(argv)).toString('latin1'));
    expect(original).toEqual([
      '$1\r\nv\r\n',
      '*2\r\n$1\r\na\r\n$1\r\nb\r\n',
      '*2\r\n$1\r\nf\r\n$1\r\n1\r\n',
      '*2\r\n$2\r\nm1\r\n$2\r\nm2\r\n',
      '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n',
      ':-1\r\n',
    ]);
    run(model, ['FLUSHDB']);
    expect(run(copy, ['DBSIZE'])).toBe(':5\r\n');
    expect(run(copy, ['ZSCORE', 'z', 'a'])).toBe('$1\r\n9\r\n');
  });
});

describe('execAdopting (SPOP)', () => {
  function setModel(): Model {
    const model = new Model({ clock: new ManualClock(0) });
    run(model, ['SADD', 's', 'a', 'b', 'c', 'd']);
    return model;
  }

  it('adopts a valid observed single pop and applies that choice', () => {
    const model = setModel();
    const result = model.execAdopting(['SPOP', 's'], bulk('c'));
    expect(result).toEqual({ reply: bulk('c'), adopted: true });
    expect(run(model, ['SISMEMBER', 's', 'c'])).toBe(':0\r\n');
    expect(run(model, ['SCARD', 's'])).toBe(':3\r\n');
  });

  it('adopts a valid counted pop in any order', () => {
    const model = setModel();
    const result = model.execAdopting(['SPOP', 's', '2'], array([bulk('d'), bulk('b')]));
    expect(result.adopted).toBe(true);
    expect(run(model, ['SMEMBERS', 's'])).toBe(text(array([bulk('a'), bulk('c')])));
  });

  it('refuses an impossible answer and applies its own choice instead', () => {
    for (const observed of [
      bulk('zzz'),
      array([bulk('a'), bulk('a')]),
      array([bulk('a')]),
      integer(1),
      error('ERR x'),
    ]) {
      const model = setModel();
      const argv = observed.type === 'array' ? ['SPOP', 's', '2'] : ['SPOP', 's'];
      const result = model.execAdopting(argv, observed);
      expect(result.adopted).toBe(false);
      const expected = argv.length === 3 ? array([bulk('a'), bulk('b')]) : bulk('a');
      expect(text(result.reply)).toBe(text(expected));
    }
  });

  it('is plain exec for other commands and for SPOP errors', () => {
    const model = setModel();
    expect(model.execAdopting(['SCARD', 's'], integer(99))).toEqual({ reply: integer(4), adopted: false });
    const bad = model.execAdopting(['SPOP', 's', '-1'], bulk('a'));
    expect(text(bad.reply)).toBe('-ERR value is out of range, must be positive\r\n');
    expect(run(model, ['SCARD', 's'])).toBe(':4\r\n');
  });
});

describe('normalizeReply', () => {
  it('sorts member lists, keeps HGETALL pairs together and masks SCAN cursors', () => {
    const members = array([bulk('b'), bulk(Buffer.from([0xff])), bulk('a')]);
    expect(text(normalizeReply(['SMEMBERS', 'x'], members))).toBe(
      text(array([bulk('a'), bulk('b'), bulk(Buffer.from([0xff]))])),
    );
    const pairs = array([bulk('f2'), bulk('1'), bulk('f1'), bulk('2')]);
    expect(text(normalizeReply(['hgetall', 'x'], pairs))).toBe(
      text(array([bulk('f1'), bulk('2'), bulk('f2'), bulk('1')])),
    );
    const scan = array([bulk('17'), array([bulk('k2'), bulk('k1')])]);
    expect(text(normalizeReply(['SCAN', '0'], scan))).toBe(
      text(array([bulk(SCAN_CURSOR_MARKER), array([bulk('k1'), bulk('k2')])])),
    );
    const spopCount = array([bulk('z'), bulk('y')]);
    expect(text(normalizeReply(['SPOP', 's', '2'], spopCount))).toBe(text(array([bulk('y'), bulk('z')])));
  });

  it('leaves ordered replies and errors alone', () => {
    const list = array([bulk('b'), bulk('a')]);
    expect(normalizeReply(['LRANGE', 'l', '0', '-1'], list)).toBe(list);
    const failure = error('ERR x');
    expect(normalizeReply(['SMEMBERS', 'x'], failure)).toBe(failure);
  });

  it('names the random commands', () => {
    expect(isRandomCommand(['spop', 's'])).toBe(true);
    expect(isRandomCommand(['SMEMBERS', 's'])).toBe(false);
  });
});

describe('number formats (expected strings from redis-server 7.0.15)', () => {
  it('prints scores with d2string', () => {
    const cases: [number, string][] = [
      [0.1, '0.10000000000000001'],
      [1e20, '1e+20'],
      [-0, '0'],
      [1e-5, '1.0000000000000001e-05'],
      [123456789.125, '123456789.125'],
      [4503599627370496, '4503599627370496'],
      [-4503599627370495, '-4503599627370495'],
      [1 / 3, '0.33333333333333331'],
      [2 ** 60, '1.152921504606847e+18'],
      [Infinity, 'inf'],
      [-Infinity, '-inf'],
    ];
    for (const [value, expected] of cases) expect(d2string(value)).toBe(expected);
  });

  it('adds like x87 long double and prints like %.17Lf, trimmed', () => {
    const incr = (a: string, b: string): string => {
      const x = parseLongDouble(a);
      const y = parseLongDouble(b);
      if (x?.kind !== 'finite' || y?.kind !== 'finite') return 'invalid';
      const sum = addLongDouble(x.value, y.value);
      return sum === null ? 'overflow' : formatLongDouble(sum);
    };
    expect(incr('0.1', '0.2')).toBe('0.3');
    expect(incr('10.5', '0.1')).toBe('10.6');
    expect(incr('1e17', '1.5')).toBe('100000000000000001.5');
    expect(incr('5.0e3', '2.0e2')).toBe('5200');
    expect(incr('-0', '-0')).toBe('0');
    expect(incr('0', '-1e-20')).toBe('0');
    expect(incr('1.23456789012345678901', '0')).toBe('1.23456789012345679');
    expect(incr('1e300', '1').startsWith('1000000000000000000008997324079559193870523944')).toBe(true);
    expect(parseLongDouble(' 1')).toBeNull();
    expect(parseLongDouble('1e')).toBeNull();
    expect(parseLongDouble('nan')).toBeNull();
    expect(parseLongDouble('inf')).toEqual({ kind: 'infinite' });
  });
});

describe('glob (stringmatchlen)', () => {
  it('matches as Redis does, odd patterns included', () => {
    const cases: [string, string, boolean][] = [
      ['*', '', false],
      ['h?llo', 'hello', true],
      ['h[ae]llo', 'hallo', true],
      ['h[^e]llo', 'hello', false],
      ['h[a-b]llo', 'hbllo', true],
      ['h[z-a]llo', 'hbllo', true],
      ['k\\*', 'k*', true],
      ['k\\*', 'kx', false],
      ['k[', 'k[', false],
      ['k[', 'k', false],
      ['**a', 'bba', true],
      ['a*b*c', 'axxbyyc', true],
      ['a*b*c', 'axxbyy', false],
    ];
    for (const [pattern, subject, expected] of cases)
      expect([pattern, subject, globMatch(pattern, subject)]).toEqual([pattern, subject, expected]);
  });
});
