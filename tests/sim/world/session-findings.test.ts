/**
 * Sweep findings of session worlds that were the simulator's, not redlite's, kept as their
 * minimized traces (each failed before its fix, and now passes): two blocked clients whose
 * waits end at the same millisecond, which redlite lists in client order and the model in the
 * order they blocked (timeouts are not served by a push, so their order is no FIFO matter);
 * and a crash inside INCR after SELECT 2, which the recovery check settled on "not applied"
 * while it read database 0 alone, so that a later RPUSH to the key failed as WRONGTYPE.
 *
 * The same blindness came back once bit rot had struck (hostile seeds 709 and 933), because
 * comparisons then read database 0 alone again: a crash inside LPUSH in database 1 settled on
 * "not applied" (a later GET met the list as WRONGTYPE), and a power loss settled on a prefix
 * that kept a write database 1 had lost (a later DEL answered 0, not 1).
 *
 * And after bit rot, an error reply was pinned on corruption whenever the model, asked on a
 * copy, gave another answer; but the copy ran the command outside the client's session, where
 * EXEC is an unknown command. So "EXEC without MULTI" counted as damage, the model dropped the
 * client's watches, and the next MULTI...EXEC ran in the model where Redis and redlite answer
 * the nil array (hostile seed 833, shrunk).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';

function fixture(name: string): string {
  return fileURLToPath(new URL(`fixtures/${name}.trace.jsonl`, import.meta.url));
}

describe('session findings that were the simulator', () => {
  it('judges waits that end at the same millisecond as a set', () => {
    const trace = loadTrace(fixture('equal-deadlines'));
    expect(trace.events.map((traced) => traced.event.kind)).toContain('timer');
    const replay = replayTrace(trace);
    expect(replay.verdict, replay.summary).toBe('did-not-reproduce');
  });

  it('settles a crash in database 2 on what database 2 kept', () => {
    const trace = loadTrace(fixture('crash-in-db2'));
    expect(trace.events.some((traced) => traced.event.kind === 'fault')).toBe(true);
    const replay = replayTrace(trace);
    expect(replay.verdict, replay.summary).toBe('did-not-reproduce');
  });

  it.each([
    ['crash-in-db1-after-rot', 'crash-mid-io'],
    ['power-loss-in-db1-after-rot', 'power-loss'],
  ])('settles a recovery in database 1 on what it kept after bit rot (%s)', (name, recovery) => {
    const trace = loadTrace(fixture(name));
    const faults = trace.events.flatMap((traced) =>
      traced.event.kind === 'fault' ? [traced.event.fault] : [],
    );
    expect(faults).toEqual(['bit-rot', recovery]);
    const replay = replayTrace(trace);
    expect(replay.verdict, replay.summary).toBe('did-not-reproduce');
  });

  it('takes EXEC without MULTI after bit rot as the session error it is', () => {
    const trace = loadTrace(fixture('exec-without-multi-after-rot'));
    const commands = trace.events.flatMap((traced) =>
      traced.event.kind === 'op' ? [String(traced.event.argv[0])] : [traced.event.kind],
    );
    expect(commands).toEqual(['WATCH', 'DECR', 'fault', 'EXEC', 'MULTI', 'EXEC']);
    const replay = replayTrace(trace);
    expect(replay.verdict, replay.summary).toBe('did-not-reproduce');
  });
});
