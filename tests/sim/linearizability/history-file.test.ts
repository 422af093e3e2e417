/**
 * The history file (docs/history-format.md) and the recorder that builds histories: bytes and
 * replies round-trip exactly, every malformed line is refused with its line number, and the
 * recorder's rounding only widens intervals.
 */
import { describe, expect, it } from 'vitest';
import { bulk, integer, OK } from '../../../redlite/reply.ts';
import {
  HistoryFormatError,
  HistoryRecorder,
  HistoryVersionError,
  historyText,
  parseHistory,
  RecorderError,
} from '../../../sim/linearizability/index.ts';
import { history } from './histories.ts';

const HEADER = '{"format":"redlite-dst-history","version":1,"clock":"wall"}';
const OP =
  '{"id":0,"process":0,"invokeMs":1,"returnMs":2,"status":"ok","argv":["GET","k"],"reply":{"$":null}}';

describe('the JSON Lines history file', () => {
  it('round-trips commands, transactions, unknown outcomes and binary bytes', () => {
    const original = history([
      [0, 0, 1, 'SET x 1', '+OK'],
      [1, 0, null, 'INCR n'],
      [2, 3, 4, 'INCR n; GET n', [':1', '$1']],
    ]);
    const binary = {
      ...original,
      ops: [
        ...original.ops,
        {
          id: 3,
          process: 0,
          invokeMs: 5,
          returnMs: 6,
          commands: [['SET', Buffer.from([0, 255, 10]), Buffer.from('é')]],
          txn: false,
          status: 'ok' as const,
          reply: bulk(Buffer.from([1, 2, 3])),
        },
      ],
    };
    const text = historyText(binary, { seed: '42' });
    expect(text.split('\n')[0]).toBe(
      '{"format":"redlite-dst-history","version":1,"clock":"virtual","source":{"seed":"42"}}',
    );
    const parsed = parseHistory(text);
    expect(parsed.clock).toBe('virtual');
    expect(
      parsed.ops.map((op) => ({ ...op, commands: op.commands.map((argv) => argv.map(String)) })),
    ).toEqual(binary.ops.map((op) => ({ ...op, commands: op.commands.map((argv) => argv.map(String)) })));
    expect(parsed.ops[3]?.commands[0]?.[1]).toEqual(Buffer.from([0, 255, 10]));
    expect(parsed.ops[3]?.reply).toEqual(bulk(Buffer.from([1, 2, 3])));
  });

  it('refuses a malformed file with the line and the problem', () => {
    const cases: [string, string][] = [
      ['', 'history line 1: empty file'],
      ['{"format":"other","version":1,"clock":"wall"}', 'history line 1: expected a header'],
      ['{"format":"redlite-dst-history","version":1,"clock":"sundial"}', 'clock must be'],
      [`${HEADER}\nnot json`, 'history line 2: not valid JSON'],
      [`${HEADER}\n[1]`, 'history line 2: expected a JSON object'],
      [`${HEADER}\n${OP.replace('"id":0', '"id":0,"extra":1')}`, 'history line 2: unknown field "extra"'],
      [`${HEADER}\n${OP.replace('"status":"ok"', '"status":"maybe"')}`, 'status must be ok, unknown or fail'],
      [`${HEADER}\n${OP.replace('"invokeMs":1', '"invokeMs":1.5')}`, 'invokeMs must be an integer'],
      [`${HEADER}\n${OP.replace('"returnMs":2', '"returnMs":0')}`, 'returnMs 0 is before invokeMs 1'],
      [`${HEADER}\n${OP.replace(',"reply":{"$":null}', '')}`, 'status ok needs a reply'],
      [
        `${HEADER}\n${OP.replace('"argv":["GET","k"]', '"argv":["GET","k"],"txn":[]')}`,
        'exactly one of argv and txn',
      ],
      [`${HEADER}\n${OP.replace('{"$":null}', '{"?":1}')}`, 'history line 2: bad reply'],
      [`${HEADER}\n${OP}\n${OP}`, 'history line 3: history op #0: id used twice'],
      [
        `${HEADER}\n${OP.replace('"returnMs":2,"status":"ok"', '"returnMs":null,"status":"unknown"')}`,
        'an unknown outcome has no reply',
      ],
      [
        `${HEADER.replace('}', ',"losses":[{"id":5,"fromMs":9,"killMs":3,"upMs":4}]}')}`,
        'history line 1: history op #5: loss times must satisfy',
      ],
      [
        `${HEADER.replace('}', ',"losses":[{"id":5,"fromMs":1,"killMs":3,"upMs":4,"lost":[]}]}')}`,
        'history line 1: unknown field "lost"',
      ],
      [
        `${HEADER.replace('}', ',"losses":[{"id":0,"fromMs":1,"killMs":3,"upMs":4}]}')}\n${OP}`,
        'history line 2: history op #0: id used twice',
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseHistory(text), message).toThrow(HistoryFormatError);
      expect(() => parseHistory(text), message).toThrow(message);
    }
  });

  it('refuses another version rather than guessing', () => {
    expect(() => parseHistory('{"format":"redlite-dst-history","version":2,"clock":"wall"}')).toThrow(
      HistoryVersionError,
    );
  });
});

describe('HistoryRecorder', () => {
  it('records completions, failures and abandoned operations, in id order', () => {
    const recorder = new HistoryRecorder('wall');
    const set = recorder.invoke(0, ['SET', 'x', '1'], 10.7);
    const incr = recorder.invoke(1, ['INCR', 'n'], 11);
    const txn = recorder.invokeTxn(
      2,
      [
        ['GET', 'x'],
        ['GET', 'n'],
      ],
      12,
    );
    const open = recorder.invoke(3, ['GET', 'x'], 13);
    recorder.complete(set, OK, 12.2);
    recorder.abandon(incr);
    recorder.fail(txn, 14);
    expect(recorder.openCount).toBe(1);
    const recorded = recorder.history();
    expect(recorded.clock).toBe('wall');
    expect(recorded.ops.map((op) => [op.id, op.status, op.invokeMs, op.returnMs])).toEqual([
      [set, 'ok', 10, 13],
      [incr, 'unknown', 11, null],
      [txn, 'fail', 12, 14],
      [open, 'unknown', 13, null],
    ]);
    expect(recorded.ops[2]?.txn).toBe(true);
    expect(parseHistory(historyText(recorded)).ops).toHaveLength(4);
  });

  it('refuses to close an operation twice, or one it never opened', () => {
    const recorder = new HistoryRecorder('virtual');
    const handle = recorder.invoke(0, ['GET', 'x'], 5);
    recorder.complete(handle, integer(1), 6);
    expect(() => recorder.complete(handle, integer(1), 7)).toThrow(RecorderError);
    expect(() => recorder.abandon(99)).toThrow(RecorderError);
    const early = recorder.invoke(0, ['GET', 'x'], 5);
    expect(() => recorder.complete(early, integer(1), 3)).toThrow('before its invoke');
  });
});
