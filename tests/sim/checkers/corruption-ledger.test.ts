/**
 * The corruption ledger's contract, without a world: the silent_corruption verdict before and
 * after corruption becomes possible, which error replies corruption explains and which keys
 * they mark, what state comparisons leave out, the unlistable store, and an adopted recovery.
 */
import { describe, expect, it } from 'vitest';
import { type Arg, error, integer, type Reply } from '../../../redlite/reply.ts';
import {
  CorruptionLedger,
  type ErrorReply,
  type UnexplainedError,
} from '../../../sim/checkers/CorruptionLedger.ts';
import { DumpError, type KeyState } from '../../../sim/checkers/state-dump.ts';

const ROT = error('ERR database disk image is malformed') as ErrorReply;

function unexplained(argv: Arg[], overrides: Partial<UnexplainedError> = {}): UnexplainedError {
  return { argv, actual: ROT, modelReply: () => integer(1), livenessPhase: false, ...overrides };
}

function state(value: string): KeyState {
  return { type: 'string', pttl: ':-1', value };
}

/** The keys a state comparison would still look at, on both sides. */
function compared(ledger: CorruptionLedger, keys: string[]): { actual: string[]; expected: string[] } {
  const actual = new Map(keys.map((key) => [key, state('$1\r\nv\r\n')]));
  const expected = new Map(keys.map((key) => [key, state('$1\r\nv\r\n')]));
  ledger.leaveOutCorrupted(actual, expected);
  return { actual: [...actual.keys()], expected: [...expected.keys()] };
}

const UNLISTABLE = new DumpError(['SCAN', '0'], ROT);

describe('the silent_corruption verdict', () => {
  const wrong: Reply = integer(7);

  it('leaves a mismatch to the op checkers until corruption is possible', () => {
    const ledger = new CorruptionLedger();
    expect(ledger.judgeReply('INCR', wrong, false)).toBeNull();
  });

  it('names a non-error mismatch after a corruption fault', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.judgeReply('INCR', wrong, false)).toBe(
      'INCR answered differently from the model without an error after corruption',
    );
  });

  it('allows an error reply or an agreeing reply after corruption', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.judgeReply('INCR', ROT, false)).toBeNull();
    expect(ledger.judgeReply('INCR', wrong, true)).toBeNull();
  });
});

describe('error replies corruption explains', () => {
  it('explains none before a corruption fault, and marks no key', () => {
    const ledger = new CorruptionLedger();
    expect(ledger.explainsError(unexplained(['GET', 'k:1']))).toBe(false);
    expect(compared(ledger, ['k:1']).actual).toEqual(['k:1']);
  });

  it('explains one after a corruption fault and leaves its keys out of later comparisons', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsError(unexplained(['SMOVE', 'k:1', 'k:2', 'member']))).toBe(true);
    expect(compared(ledger, ['k:1', 'k:2', 'k:3'])).toEqual({ actual: ['k:3'], expected: ['k:3'] });
  });

  it('does not explain an error the model answers as well, nor one with no model to ask', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsError(unexplained(['INCR', 'k:1'], { modelReply: () => ROT }))).toBe(false);
    expect(ledger.explainsError(unexplained(['INCR', 'k:1'], { modelReply: () => undefined }))).toBe(false);
    expect(compared(ledger, ['k:1']).actual).toEqual(['k:1']);
  });

  it('in the liveness phase, explains errors only on keys already known corrupted', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsError(unexplained(['GET', 'k:1'], { livenessPhase: true }))).toBe(false);
    expect(ledger.explainsError(unexplained(['GET', 'k:1']))).toBe(true);
    expect(ledger.explainsError(unexplained(['GET', 'k:1'], { livenessPhase: true }))).toBe(true);
    expect(ledger.explainsError(unexplained(['GET', 'k:2'], { livenessPhase: true }))).toBe(false);
  });

  it('excuses keyspace-wide reads only once some key is known corrupted', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.excusesKeyspaceRead(['DBSIZE'])).toBe(false);
    ledger.explainsError(unexplained(['GET', 'k:1']));
    for (const command of ['KEYS', 'scan', 'DBSIZE', 'RANDOMKEY']) {
      expect(ledger.excusesKeyspaceRead([command, '*'])).toBe(true);
    }
    expect(ledger.excusesKeyspaceRead(['GET', 'k:2'])).toBe(false);
  });
});

describe('state comparisons after corruption', () => {
  const rotted: KeyState = {
    type: 'string',
    pttl: ':-1',
    value: '-ERR database disk image is malformed\r\n',
  };

  it('keep a key whose dump holds an error until corruption is possible', () => {
    const ledger = new CorruptionLedger();
    const actual = new Map([['k:1', rotted]]);
    const expected = new Map([['k:1', state('$1\r\nv\r\n')]]);
    ledger.leaveOutCorrupted(actual, expected);
    expect([...actual.keys()]).toEqual(['k:1']);
    expect([...expected.keys()]).toEqual(['k:1']);
  });

  it('mark a key whose dump holds an error after corruption, and leave it out from then on', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    const actual = new Map([
      ['k:1', rotted],
      ['k:2', state('$1\r\nv\r\n')],
    ]);
    const expected = new Map([
      ['k:1', state('$1\r\nv\r\n')],
      ['k:2', state('$1\r\nv\r\n')],
    ]);
    ledger.leaveOutCorrupted(actual, expected);
    expect([...actual.keys()]).toEqual(['k:2']);
    expect([...expected.keys()]).toEqual(['k:2']);
    expect(compared(ledger, ['k:1', 'k:2']).actual).toEqual(['k:2']);
  });
});

describe('an unlistable store', () => {
  it('is excused only after corruption, and only for a failed SCAN', () => {
    const ledger = new CorruptionLedger();
    expect(ledger.excusesUnlistable(UNLISTABLE)).toBe(false);
    ledger.faultMayHaveCorrupted();
    expect(ledger.excusesUnlistable(new DumpError(['TYPE', 'k:1'], ROT))).toBe(false);
    expect(ledger.excusesUnlistable(new Error('SCAN'))).toBe(false);
    expect(ledger.unlistable).toBe(false);
    expect(ledger.excusesUnlistable(UNLISTABLE)).toBe(true);
    expect(ledger.unlistable).toBe(true);
  });

  it('counts every key as corrupted from then on', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    ledger.excusesUnlistable(UNLISTABLE);
    expect(compared(ledger, ['k:1', 'k:2'])).toEqual({ actual: [], expected: [] });
    expect(ledger.excusesKeyspaceRead(['KEYS', '*'])).toBe(true);
    expect(ledger.explainsError(unexplained(['GET', 'k:9'], { livenessPhase: true }))).toBe(true);
  });
});

describe('an adopted recovery', () => {
  it('skips the keys already known corrupted', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    ledger.explainsError(unexplained(['GET', 'k:1']));
    const known: boolean[] = [];
    ledger.adoptRecovery((corrupted) => known.push(corrupted.has('k:1'), corrupted.has('k:2')));
    expect(known).toEqual([true, false]);
  });

  it('leaves the keys it could not read out of later comparisons, and makes corruption possible', () => {
    const ledger = new CorruptionLedger();
    ledger.adoptRecovery((corrupted) => corrupted.add('k:2'));
    expect(compared(ledger, ['k:1', 'k:2']).actual).toEqual(['k:1']);
    expect(ledger.judgeReply('GET', integer(1), false)).not.toBeNull();
  });
});
