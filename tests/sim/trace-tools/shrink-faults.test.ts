/**
 * Fault events through the real executor: the shrinker treats them as events with their own
 * seed, drops the ones the failure does not need and keeps the one it does, and the emitted
 * test spells them as named steps. A stand-in fault handler plays the faults subsystem: a
 * `lose-key` fault deletes a key behind the model's back (as a lost write would), a `noop`
 * fault does nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Arg } from '../../../redlite/reply.ts';
import type { PendingEvent, SimEvent } from '../../../sim/events.ts';
import { runWorld } from '../../../sim/run.ts';
import { ShrinkBudget } from '../../../sim/trace-tools/budget.ts';
import { emitTest } from '../../../sim/trace-tools/emit-test.ts';
import type { TraceRunParts } from '../../../sim/trace-tools/execute-trace.ts';
import { shrinkTrace } from '../../../sim/trace-tools/shrink-trace.ts';
import { bytes, fault, op, timer, toEvents } from '../../../sim/trace-tools/steps.ts';
import { modelTargetFactory } from '../../../sim/world/model-target.ts';
import type { FaultHandler } from '../../../sim/world/World.ts';

const loseKey: FaultHandler = (event, world) => {
  if (event.fault === 'lose-key') world.target.exec(['DEL', String(event.params?.key)]);
  return { reply: null, failure: null };
};

const parts: TraceRunParts = { targetFactory: modelTargetFactory, faultHandler: loseKey };
const config = runWorld({
  seed: 9n,
  scenario: 'kv',
  opsMax: 1,
  targetFactory: modelTargetFactory,
  logLevel: 'silent',
}).config;

function noisyTrace(): SimEvent[] {
  const steps: PendingEvent[] = [];
  for (let i = 0; i < 300; i++) {
    const at = i * 2;
    if (i === 10) steps.push(op(at, 0, ['SET', 'precious', 'value-that-matters']));
    else if (i === 150) steps.push(fault(at, 'lose-key', '12345', { key: 'precious' }));
    else if (i === 280) steps.push(op(at, 1, ['GET', 'precious']));
    else if (i % 25 === 0) steps.push(fault(at, 'noop', String(1000 + i)));
    else if (i % 40 === 0) steps.push(timer(at, 'expire-cycle', String(i)));
    else steps.push(op(at, i % 4, ['SET', `key:${i % 17}`, `v${i}`]));
  }
  return toEvents(steps, config.epochMs);
}

describe('shrinking with fault events', () => {
  it('keeps the fault the failure needs and drops the others', () => {
    const events = noisyTrace();
    expect(events.filter((event) => event.kind === 'fault')).toHaveLength(12);
    const budget = new ShrinkBudget({ runsMax: 2000, wallMsMax: 60_000 }, () => performance.now());
    const result = shrinkTrace(config, events, budget, parts);
    expect(result.original.invariant).toBe('set_get_roundtrip');
    expect(result.minimized.failure?.invariant).toBe('set_get_roundtrip');
    const kept = result.outcome.events;
    expect(kept.map((event) => event.kind)).toEqual(['op', 'fault', 'op']);
    const [set, lost, get] = kept as [SimEvent, SimEvent, SimEvent];
    expect(set.kind === 'op' && set.argv[0]).toBe('SET');
    // The fault is the very event it was, seed and params included.
    expect(lost).toEqual(events[150]);
    expect(get.kind === 'op' && get.argv).toEqual(['GET', 'precious']);
    expect(result.outcome.passes.find((pass) => pass.name === 'drop faults')?.eventsAfter).toBeLessThan(
      events.length,
    );
  });

  it('spells faults and binary arguments as named steps in an emitted test', () => {
    const steps = toEvents(
      [
        op(5, 0, ['SET', Buffer.from([0, 255, 10]) as Arg, "it's"]),
        fault(6, 'power-loss', '77', { survivingSectors: 3 }),
        timer(7, 'checkpoint', '8'),
      ],
      config.epochMs,
    );
    const text = emitTest({
      config: config as unknown as Record<string, unknown>,
      seed: config.seed,
      scenario: config.scenario,
      events: steps,
      failure: { invariant: 'crash_recovery_consistent', event_index: 1, message: 'lost */ a write' },
      rootFromTest: '../..',
    });
    expect(text).toContain(
      `op(5, 0, ['SET', bytes('${Buffer.from([0, 255, 10]).toString('base64')}'), 'it\\'s']),`,
    );
    expect(text).toContain("fault(6, 'power-loss', '77', { survivingSectors: 3 }),");
    expect(text).toContain("timer(7, 'checkpoint', '8'),");
    expect(text).toContain("import { bytes, fault, op, timer } from '../../sim/trace-tools/steps.ts';");
    expect(text).toContain('lost *\\/ a write');
    expect(bytes(Buffer.from([0, 255, 10]).toString('base64'))).toEqual(Buffer.from([0, 255, 10]));
  });
});
