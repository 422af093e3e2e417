/**
 * The one human form of a failure: a RunResult's failure and a sweep report's failure record
 * print the same block, and a record without an event or an argv leaves those parts out.
 */
import { describe, expect, it } from 'vitest';
import { failureLines } from '../../sim/failure-lines.ts';
import type { FailureRecord } from '../../sim/report/types.ts';
import type { RunFailure } from '../../sim/run-types.ts';

const runFailure: RunFailure = {
  invariant: 'set_get_roundtrip',
  event_index: 12,
  message: 'GET replied "b", the model expected "a"',
  command: 'GET',
  argv: ['GET', 'k:1'],
  expected: '"a"',
  actual: '"b"',
};

const record: FailureRecord = {
  seed: '7',
  index: 7,
  scenario: 'kv',
  kind: 'invariant',
  invariant: 'set_get_roundtrip',
  message: 'GET replied "b", the model expected "a"',
  command: 'GET',
  event_index: 12,
  expected: '"a"',
  actual: '"b"',
  trace_path: null,
  shrunk_trace_path: null,
  replay: 'bin/vopr --seed 7',
  nondeterminism: null,
  timeline: null,
};

describe('failureLines', () => {
  it('prints the invariant, the event, the message, the op and both replies', () => {
    expect(failureLines(runFailure)).toEqual([
      'invariant set_get_roundtrip broken at event 12',
      '  GET replied "b", the model expected "a"',
      '  op:       GET k:1',
      '  expected: "a"',
      '  actual:   "b"',
    ]);
  });

  it('prints a sweep failure record the same way, naming the command where the argv is unknown', () => {
    const lines = failureLines(record);
    expect(lines.slice(0, 2)).toEqual(failureLines(runFailure).slice(0, 2));
    expect(lines.slice(3)).toEqual(failureLines(runFailure).slice(3));
    expect(lines[2]).toBe('  op:       GET');
  });

  it('leaves out the event, the op and the replies when the record has none', () => {
    const bare = { ...record, event_index: null, command: null, expected: null, actual: null };
    expect(failureLines(bare)).toEqual([
      'invariant set_get_roundtrip broken',
      '  GET replied "b", the model expected "a"',
    ]);
  });
});
