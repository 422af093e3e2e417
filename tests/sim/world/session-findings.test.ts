/**
 * Two sweep findings of session worlds that were the simulator's, not redlite's, kept as their
 * minimized traces (each failed before its fix, and now passes): two blocked clients whose
 * waits end at the same millisecond, which redlite lists in client order and the model in the
 * order they blocked (timeouts are not served by a push, so their order is no FIFO matter);
 * and a crash inside INCR after SELECT 2, which the recovery check settled on "not applied"
 * while it read database 0 alone, so that a later RPUSH to the key failed as WRONGTYPE.
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
});
