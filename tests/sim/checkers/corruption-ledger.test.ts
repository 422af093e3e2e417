/**
 * The corruption ledger's contract, without a world: the silent_corruption verdict before and
 * after corruption becomes possible, which error replies corruption explains and which keys
 * they mark, what state comparisons leave out, the unlistable store, and a refused open.
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

  it('explains one after a corruption fault, yet keeps comparing its keys once they read cleanly', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsError(unexplained(['SMOVE', 'k:1', 'k:2', 'member']))).toBe(true);
    expect(compared(ledger, ['k:1', 'k:2', 'k:3'])).toEqual({
      actual: ['k:1', 'k:2', 'k:3'],
      expected: ['k:1', 'k:2', 'k:3'],
    });
  });

  it('does not explain an error the model answers as well, nor one with no model to ask', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsError(unexplained(['INCR', 'k:1'], { modelReply: () => ROT }))).toBe(false);
    expect(ledger.explainsError(unexplained(['INCR', 'k:1'], { modelReply: () => undefined }))).toBe(false);
    expect(compared(ledger, ['k:1']).actual).toEqual(['k:1']);
  });

  it('in the liveness phase, explains a corruption error on any key, other errors only on corrupted keys', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    const busy = error('ERR something else went wrong') as ErrorReply;
    expect(ledger.explainsError(unexplained(['GET', 'k:1'], { livenessPhase: true, actual: busy }))).toBe(
      false,
    );
    expect(ledger.explainsError(unexplained(['GET', 'k:1'], { livenessPhase: true }))).toBe(true);
    expect(ledger.explainsError(unexplained(['GET', 'k:1'], { livenessPhase: true, actual: busy }))).toBe(
      true,
    );
    expect(ledger.explainsError(unexplained(['GET', 'k:2'], { livenessPhase: true, actual: busy }))).toBe(
      false,
    );
  });

  it('excuses keyspace-wide reads only once some key is known corrupted', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    expect(ledger.excusesKeyspaceRead(['DBSIZE'])).toBe(false);
    ledger.explainsError(unexplained(['GET', 'k:1']));
    for (const command of ['KEYS', 'scan', 'DBSIZE']) {
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

  it('leave out a key whose dump holds an error after corruption, and compare it again once it reads cleanly', () => {
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
    expect(compared(ledger, ['k:1', 'k:2']).actual).toEqual(['k:1', 'k:2']);
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

  it('lets any key answer errors from then on, yet compares every key that reads cleanly', () => {
    const ledger = new CorruptionLedger();
    ledger.faultMayHaveCorrupted();
    ledger.excusesUnlistable(UNLISTABLE);
    expect(compared(ledger, ['k:1', 'k:2'])).toEqual({ actual: ['k:1', 'k:2'], expected: ['k:1', 'k:2'] });
    expect(ledger.excusesKeyspaceRead(['KEYS', '*'])).toBe(true);
    expect(ledger.explainsError(unexplained(['GET', 'k:9'], { livenessPhase: true }))).toBe(true);
  });
});

describe('a store that refuses to open', () => {
  it('is explained only by a corruption error after a corruption fault', () => {
    const ledger = new CorruptionLedger();
    const refusal = "redlite refuses to open 'x.db': the database is corrupt: row 3 missing from index i";
    expect(ledger.explainsRefusedOpen(refusal)).toBe(false);
    ledger.faultMayHaveCorrupted();
    expect(ledger.explainsRefusedOpen(refusal)).toBe(true);
    expect(ledger.explainsRefusedOpen("redlite cannot open 'x.db': database disk image is malformed")).toBe(
      true,
    );
    expect(ledger.explainsRefusedOpen("redlite cannot open 'x.db': unable to open database file")).toBe(
      false,
    );
  });
});
