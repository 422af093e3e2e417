/**
 * Known findings of redlite in worlds of several processes, kept in view: each is a hand-made
 * trace that real redlite fails today. When redlite fixes one, its test fails here; then move
 * it to the passing side and switch the command back on in the `processes` scenario
 * (scenarios/catalogue.ts, KNOWN_RACE_READS_OFF).
 */
import { describe, expect, it } from 'vitest';
import { LINEARIZABLE } from '../../../../sim/checkers/linearizable.ts';
import type { SimEvent } from '../../../../sim/events.ts';
import { executeTraceEvents } from '../../../../sim/trace-tools/execute-trace.ts';
import { op, processesConfig } from './support.ts';

const config = processesConfig(2);

function failureOf(events: SimEvent[]) {
  return executeTraceEvents(config, events).failure;
}

describe('known findings: redlite reads that are not atomic across processes', () => {
  it('MGET reads each key in its own autocommit statement, so one MGET can see two states', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'a', '1']),
      op(config, 1, 10, 0, ['MGET', 'a', 'a'], { pause: 1 }),
      op(config, 2, 11, 1, ['SET', 'a', '2'], { inside: 1 }),
    ];
    const failure = failureOf(events);
    expect(failure?.invariant).toBe(LINEARIZABLE);
    expect(failure?.actual).toBe('["1", "2"]');
  });

  it('EXISTS over several keys counts them one statement at a time', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'a', '1']),
      op(config, 1, 10, 0, ['EXISTS', 'a', 'a'], { pause: 1 }),
      op(config, 2, 11, 1, ['DEL', 'a'], { inside: 1 }),
    ];
    const failure = failureOf(events);
    expect(failure?.invariant).toBe(LINEARIZABLE);
    expect(failure?.actual).toBe('(integer) 1');
  });

  it('PTTL reads the clock when the command starts, and the deadline after another process moved it', () => {
    const events = [
      op(config, 0, 0, 0, ['SET', 'k', 'v', 'PX', '100000']),
      op(config, 1, 10, 0, ['PTTL', 'k'], { pause: 0 }),
      op(config, 2, 11, 1, ['PEXPIRE', 'k', '5000'], { inside: 1 }),
    ];
    const failure = failureOf(events);
    expect(failure?.invariant).toBe(LINEARIZABLE);
    // 5001 ms: the new deadline (11 + 5000) less the clock read at 10, which no moment explains.
    expect(failure?.actual).toBe('(integer) 5001');
  });

  it('SETEX counts its deadline from the clock read when it starts, before it waited its turn', () => {
    const events = [
      op(config, 0, 10, 0, ['SETEX', 'k', '1', 'v'], { pause: 0 }),
      op(config, 1, 500, 1, ['SET', 'k', 'w'], { inside: 0 }),
      op(config, 2, 1020, 1, ['GET', 'k']),
    ];
    // SETEX took effect after the SET (at 500 or later), so its key lives until 1500 or later;
    // redlite's deadline is 10 + 1000, and the GET at 1020 finds the key gone.
    const failure = failureOf(events);
    expect(failure?.invariant).toBe(LINEARIZABLE);
    expect(failure?.actual).toBe('(nil)');
  });
});
