import { describe, expect, it } from 'vitest';
import type { FaultEvent } from '../../sim/events.ts';
import { EventOrderError, executeEvents } from '../../sim/execute-events.ts';
import { configFor, executeOptionsFor, runWorld } from '../../sim/run.ts';
import type { FaultBackend } from '../../sim/world/fault-backend.ts';
import { tempFolderStorage } from '../../sim/world/Storage.ts';
import { NoFaultHandlerError } from '../../sim/world/World.ts';

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

describe('executeEvents and the fault backend', () => {
  const options = { seed: 3n, scenario: 'crash', opsMax: 300 };
  const config = configFor(options);
  const run = runWorld(options);
  const events = run.execution.recorder.events.map((traced) => traced.event);
  const faults = events.filter((event): event is FaultEvent => event.kind === 'fault');

  it('takes storage and fault driver from the backend it is given', () => {
    expect(faults.length).toBeGreaterThan(0);
    const seen: string[] = [];
    let attached = 0;
    const recording: FaultBackend = {
      storageFor: (worldConfig) => tempFolderStorage(worldConfig.seed),
      driverFor: () => ({
        handle: (event) => {
          seen.push(event.fault);
          return { reply: null, failure: null };
        },
        onTargetThrow: () => undefined,
        attach: () => {
          attached++;
        },
        beforeOp: () => {},
        explainReply: () => false,
        afterOp: () => {},
      }),
    };
    const execution = executeEvents(config, events, {
      ...executeOptionsFor(options),
      faultBackend: recording,
    });
    expect(attached).toBe(1);
    expect(seen).toEqual(faults.map((event) => event.fault));
    expect(execution.events).toBe(events.length);
  });

  it('without a backend, a fault event is a simulator error, not a silent skip', () => {
    const { faultBackend: _dropped, ...bare } = executeOptionsFor(options);
    expect(() => executeEvents(config, events, bare)).toThrow(NoFaultHandlerError);
  });
});
