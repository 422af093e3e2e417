/**
 * Bisect against a planted bug whose corruption is silent: LSET writes the neighbouring index
 * and still answers OK, so only a later read fails. Bisect must name the LSET, not the read,
 * and say that the state had diverged before the failing event. A hand-written trace pins the
 * exact event; a generated 1000-op run checks the same on a realistic trace.
 */
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../../redlite/index.ts';
import type { SimEvent } from '../../../sim/events.ts';
import { silentListCorruptionRedlite } from '../../../sim/planted-bugs/broken-redlite.ts';
import { runWorld } from '../../../sim/run.ts';
import { bisectTrace } from '../../../sim/trace-tools/bisect.ts';
import { executeTraceEvents } from '../../../sim/trace-tools/execute-trace.ts';
import { bisectLines } from '../../../sim/trace-tools/report-lines.ts';
import { op, toEvents } from '../../../sim/trace-tools/steps.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

const corrupting: TargetFactory = (path, options) =>
  silentListCorruptionRedlite()(path, options as RedliteOptions);

function traced(config: Parameters<typeof executeTraceEvents>[0], events: SimEvent[]) {
  return executeTraceEvents(config, events, { targetFactory: corrupting }).recorder.events;
}

describe('bisect on a silent LSET corruption', () => {
  // Any world config will do for hand-written steps; take one from a short run.
  const config = runWorld({ seed: 5n, scenario: 'lists', opsMax: 1, logLevel: 'silent' }).config;

  it('names the LSET, not the later read that exposes it', () => {
    const steps = toEvents(
      [
        op(1, 0, ['RPUSH', 'list', 'a', 'b', 'c', 'd']),
        op(2, 1, ['SET', 'counter', '1']),
        op(3, 0, ['LRANGE', 'list', '0', '-1']),
        op(4, 1, ['INCR', 'counter']),
        op(5, 0, ['LSET', 'list', '1', 'X']),
        op(6, 1, ['GET', 'counter']),
        op(7, 1, ['SET', 'other', 'v']),
        op(8, 1, ['INCR', 'counter']),
        op(9, 0, ['LINDEX', 'list', '2']),
        op(10, 0, ['LRANGE', 'list', '0', '-1']),
      ],
      config.epochMs,
    );
    const result = bisectTrace(config, traced(config, steps), { targetFactory: corrupting });
    expect(result.failure.event_index).toBe(8);
    expect(result.divergedAt).toBe(4);
    expect(result.divergedBeforeFailure).toBe(true);
    expect(result.stateDiff?.message).toMatch(/list/);
    const lines = bisectLines(result, config.epochMs);
    expect(lines).toContain('first diverging event: #4 (the 5th event of the trace)');
    expect(lines.find((line) => line.startsWith('>>'))).toMatch(/LSET list 1 X -> OK/);
    expect(lines.find((line) => line.startsWith('!!'))).toMatch(/LINDEX list 2/);
    expect(lines).toContain(
      'state had already diverged before the failing event: after #4, 4 event(s) earlier',
    );
  });

  it('says when the state still matched before a failing reply', () => {
    // A reply-only bug: LLEN answers 7, the state is never touched.
    const wrongLlen: TargetFactory = (path, options) => {
      const inner = corrupting(path, options);
      return {
        exec: (argv) => (String(argv[0]) === 'LLEN' ? { type: 'integer', value: 7 } : inner.exec(argv)),
        expireCycle: (limit) => inner.expireCycle(limit),
        close: () => inner.close(),
      };
    };
    const steps = toEvents(
      [op(1, 0, ['RPUSH', 'l', 'a', 'b']), op(2, 0, ['SET', 's', 'v']), op(3, 0, ['LLEN', 'l'])],
      config.epochMs,
    );
    const events = executeTraceEvents(config, steps, { targetFactory: wrongLlen }).recorder.events;
    const result = bisectTrace(config, events, { targetFactory: wrongLlen });
    expect(result.failure.event_index).toBe(2);
    expect(result.divergedAt).toBeNull();
    expect(result.divergedBeforeFailure).toBe(false);
    expect(bisectLines(result, config.epochMs)).toContain(
      'state still matched the model just before the failing event: the failure is the first disagreement',
    );
  });

  it('finds a diverging LSET in a generated 1000-op run, with agreement just before it', () => {
    let found: ReturnType<typeof runWorld> | null = null;
    for (let seed = 1n; seed <= 40n && found === null; seed++) {
      const run = runWorld({
        seed,
        scenario: 'lists',
        opsMax: 1000,
        targetFactory: corrupting,
        logLevel: 'silent',
      });
      if (run.result.failure !== null) found = run;
    }
    expect(found).not.toBeNull();
    const events = found!.execution.recorder.events;
    const result = bisectTrace(found!.config, events, { targetFactory: corrupting });
    expect(result.divergedAt).not.toBeNull();
    const at = result.divergedAt as number;
    const diverging = events[at]!;
    expect(diverging.event.kind === 'op' && String(diverging.event.argv[0]).toUpperCase()).toBe('LSET');
    expect(diverging.reply).toEqual({ type: 'simple', value: 'OK' });
    // Checked independently of the search: the prefix before the LSET agrees, with it diverges.
    const prefix = (length: number) =>
      executeTraceEvents(
        found!.config,
        events.slice(0, length).map((e) => e.event),
        { targetFactory: corrupting },
      ).failure;
    expect(prefix(at)).toBeNull();
    expect(prefix(at + 1)?.invariant).toBe('state_matches_model');
  });
});
