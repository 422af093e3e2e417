import { describe, expect, it } from 'vitest';
import { EventOrderError, executeEvents } from '../../sim/execute-events.ts';
import { configFor, executeOptionsFor, runWorld } from '../../sim/run.ts';

describe('executeEvents', () => {
  const options = { seed: 777n, opsMax: 300 };
  const run = runWorld(options);
  const config = configFor(options);
  const events = run.execution.recorder.events.map((traced) => traced.event);

  it('re-executes a recorded event list, without a generator, to the same trace hash', () => {
    const again = executeEvents(config, events, executeOptionsFor(options));
    expect(again.failure).toBeNull();
    expect(again.recorder.traceHash()).toBe(run.result.trace_hash);
    expect(again.events).toBe(run.result.events);
  });

  it('runs an edited list: dropping events leaves the rest meaningful', () => {
    const kept = events.filter((event) => event.index % 3 !== 0);
    const edited = executeEvents(config, kept, executeOptionsFor(options));
    expect(edited.events).toBe(kept.length);
    expect(edited.failure).toBeNull();
    expect(edited.recorder.traceHash()).not.toBe(run.result.trace_hash);
  });

  it('refuses events out of time order, as a simulator bug', () => {
    const late = events.find((event) => event.atMs > (events[0]?.atMs ?? 0));
    expect(late).toBeDefined();
    const swapped = [late!, events[0]!];
    expect(() => executeEvents(config, swapped, executeOptionsFor(options))).toThrow(EventOrderError);
  });
});
