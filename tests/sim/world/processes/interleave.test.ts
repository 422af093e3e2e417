import { describe, expect, it } from 'vitest';
import { processOfClient } from '../../../../sim/config/WorldConfig.ts';
import type { SimEvent } from '../../../../sim/events.ts';
import {
  interleaveProcesses,
  NESTED_OPS_MAX,
  PAUSE_STATEMENTS,
} from '../../../../sim/generator/interleave-processes.ts';
import { WorldGenerator } from '../../../../sim/generator/WorldGenerator.ts';
import { configFor } from '../../../../sim/run.ts';
import { defaultOpCatalogue } from '../../../../sim/world/defaults.ts';
import { NestedGroupError, nestedGroups } from '../../../../sim/world/processes/nested-groups.ts';
import { op, processesConfig } from './support.ts';

function eventsOf(seed: bigint, scenario: string, processes?: number): SimEvent[] {
  const config = configFor({
    seed,
    scenario,
    opsMax: 400,
    ...(processes === undefined ? {} : { processes }),
  });
  return [...new WorldGenerator(config, defaultOpCatalogue())];
}

describe('switches drawn by the generator', () => {
  it('leaves a one-process world without any switch, and its config without process fields', () => {
    const config = configFor({ seed: 7n, scenario: 'kv' });
    expect(config).not.toHaveProperty('processes');
    expect(config).not.toHaveProperty('switchRate');
    for (const event of eventsOf(7n, 'kv')) {
      expect(event).not.toHaveProperty('pause');
      expect(event).not.toHaveProperty('inside');
    }
  });

  it('nests only ops of other processes, right after their op, without reordering anything', () => {
    const config = configFor({ seed: 3n, scenario: 'processes', opsMax: 400, processes: 3 });
    const events = [...new WorldGenerator(config, defaultOpCatalogue())];
    let pauses = 0;
    let nested = 0;
    for (const [position, event] of events.entries()) {
      expect(event.index).toBe(position);
      if (position > 0) expect(event.atMs).toBeGreaterThanOrEqual((events[position - 1] as SimEvent).atMs);
      if (event.kind !== 'op') continue;
      if (event.pause !== undefined) {
        pauses++;
        expect(PAUSE_STATEMENTS).toContain(event.pause);
        expect(event.inside).toBeUndefined();
      }
      if (event.inside === undefined) continue;
      nested++;
      const outer = events[event.inside];
      expect(outer?.kind === 'op' && outer.pause !== undefined).toBe(true);
      if (outer?.kind !== 'op') continue;
      expect(processOfClient(config, event.client)).not.toBe(processOfClient(config, outer.client));
      expect(position - event.inside).toBeLessThanOrEqual(NESTED_OPS_MAX);
      for (let between = event.inside + 1; between < position; between++) {
        expect((events[between] as { inside?: number }).inside).toBe(event.inside);
      }
    }
    expect(pauses).toBeGreaterThan(20);
    expect(nested).toBeGreaterThanOrEqual(pauses);
  });

  it('draws the same switches for the same seed', () => {
    expect(eventsOf(11n, 'processes')).toEqual(eventsOf(11n, 'processes'));
  });

  it('passes a one-process stream through as the very same events', () => {
    const config = configFor({ seed: 5n, scenario: 'kv', opsMax: 50 });
    const events = [...new WorldGenerator(config, defaultOpCatalogue())];
    expect([...interleaveProcesses(config, events)]).toEqual(events);
  });
});

describe('nestedGroups', () => {
  const config = processesConfig();

  it('groups an op with the ops inside its pause, and runs an orphan inside op on its own', () => {
    const events = [
      op(config, 0, 0, 0, ['GET', 'a'], { pause: 1 }),
      op(config, 1, 1, 1, ['SET', 'a', 'x'], { inside: 0 }),
      op(config, 2, 2, 1, ['SET', 'a', 'y'], { inside: 0 }),
      op(config, 3, 3, 0, ['GET', 'a']),
      op(config, 4, 4, 1, ['GET', 'a'], { inside: 9 }),
    ];
    const groups = [...nestedGroups(events)].map((group) => group.map((event) => event.index));
    expect(groups).toEqual([[0, 1, 2], [3], [4]]);
  });

  it('refuses a nested op earlier than the one before it', () => {
    const events = [
      op(config, 0, 5, 0, ['GET', 'a'], { pause: 1 }),
      op(config, 1, 4, 1, ['GET', 'a'], { inside: 0 }),
    ];
    expect(() => [...nestedGroups(events)]).toThrow(NestedGroupError);
  });
});
