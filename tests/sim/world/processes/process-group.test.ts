import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../../redlite/reply.ts';
import { LINEARIZABLE } from '../../../../sim/checkers/linearizable.ts';
import type { SimEvent } from '../../../../sim/events.ts';
import {
  incrReadThenWriteRedlite,
  lateExpiryDeleteRedlite,
  splitReadRedlite,
} from '../../../../sim/planted-bugs/racy-redlite.ts';
import { executeTraceEvents } from '../../../../sim/trace-tools/execute-trace.ts';
import type { TargetFactory } from '../../../../sim/world/target.ts';
import { op, processesConfig } from './support.ts';

const config = processesConfig(2);

function run(events: SimEvent[], targetFactory?: TargetFactory) {
  return executeTraceEvents(config, events, targetFactory === undefined ? {} : { targetFactory });
}

function replies(events: SimEvent[], targetFactory?: TargetFactory): (Reply | null)[] {
  return run(events, targetFactory).recorder.events.map((traced) => traced.reply);
}

const bulk = (text: string): Reply => ({ type: 'bulk', value: Buffer.from(text) });

describe('a world of two processes', () => {
  it('runs the ops inside a pause between two statements of the paused op', () => {
    // GET reads in one statement; a pause before statement 1 never comes, so SET runs after.
    // INCR is BEGIN, read, write, COMMIT: paused before its read, the nested SET comes first.
    const events = [
      op(config, 0, 0, 0, ['SET', 'n', '1']),
      op(config, 1, 10, 0, ['INCR', 'n'], { pause: 0 }),
      op(config, 2, 11, 1, ['GET', 'n'], { inside: 1 }),
    ];
    expect(replies(events)).toEqual([
      { type: 'simple', value: 'OK' },
      { type: 'integer', value: 2 },
      bulk('1'),
    ]);
  });

  it('retries a writer locked out by the paused op once that op has returned', () => {
    // The paused INCR holds the write lock (after BEGIN IMMEDIATE); the nested SET meets
    // SQLITE_BUSY, runs again after the INCR, and wins.
    const events = [
      op(config, 0, 0, 0, ['SET', 'n', '1']),
      op(config, 1, 10, 0, ['INCR', 'n'], { pause: 2 }),
      op(config, 2, 11, 1, ['SET', 'n', '7'], { inside: 1 }),
      op(config, 3, 20, 1, ['GET', 'n']),
    ];
    const execution = run(events);
    expect(execution.failure).toBeNull();
    expect(execution.recorder.events.map((traced) => traced.reply)).toEqual([
      { type: 'simple', value: 'OK' },
      { type: 'integer', value: 2 },
      { type: 'simple', value: 'OK' },
      bulk('7'),
    ]);
  });

  it('judges the history: a lost update fails linearizable, at the op that shows it', () => {
    const lostUpdate = [
      op(config, 0, 0, 0, ['SET', 'n', '1']),
      op(config, 1, 10, 0, ['INCR', 'n'], { pause: 2 }),
      op(config, 2, 11, 1, ['INCR', 'n'], { inside: 1 }),
    ];
    expect(run(lostUpdate).failure).toBeNull();
    const failure = run(lostUpdate, incrReadThenWriteRedlite()).failure;
    expect(failure?.invariant).toBe(LINEARIZABLE);
    expect(failure?.message).toMatch(/^NOT linearizable/);
    expect([1, 2]).toContain(failure?.event_index);
  });
});

describe('the planted races, on hand-made traces', () => {
  it('a GET that deletes an expired key in a second transaction deletes a newer SET', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'k', 'v', 'PX', '10']),
      op(config, 1, 20, 0, ['GET', 'k'], { pause: 1 }),
      op(config, 2, 21, 1, ['SET', 'k', 'w'], { inside: 1 }),
    ];
    expect(run(events).failure).toBeNull();
    // The closing reads find k gone, which no order of the three ops explains.
    expect(run(events, lateExpiryDeleteRedlite()).failure?.invariant).toBe(LINEARIZABLE);
  });

  it('a GET reading the key row and its value apart meets a DEL in between', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'k', 'v']),
      op(config, 1, 20, 0, ['GET', 'k'], { pause: 1 }),
      op(config, 2, 21, 1, ['DEL', 'k'], { inside: 1 }),
    ];
    expect(run(events).failure).toBeNull();
    const failure = run(events, splitReadRedlite()).failure;
    expect(failure?.invariant).toBe(LINEARIZABLE);
    expect(failure?.event_index).toBe(1);
    expect(failure?.actual).toMatch(/checksum/);
  });

  it('stays quiet when no other process runs inside the race window', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'k', 'v', 'PX', '10']),
      op(config, 1, 20, 0, ['GET', 'k']),
      op(config, 2, 21, 1, ['SET', 'k', 'w']),
      op(config, 3, 30, 0, ['SET', 'n', '1']),
      op(config, 4, 31, 0, ['INCR', 'n']),
      op(config, 5, 32, 1, ['INCR', 'n']),
    ];
    for (const factory of [lateExpiryDeleteRedlite(), splitReadRedlite(), incrReadThenWriteRedlite()]) {
      expect(run(events, factory).failure).toBeNull();
    }
  });
});
