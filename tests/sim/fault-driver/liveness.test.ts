/**
 * The liveness phase: after the fault phase's `opsMax` ops, a fault world emits one
 * `liveness-restart` event, then a seeded number of further ops with no fault at all, and must
 * run clean. A fault-free world has no liveness phase, so its op count and events stay as
 * they were.
 */
import { describe, expect, it } from 'vitest';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import { FAULT_EVENTS, FAULT_KIND } from '../../../sim/config/fault-vocabulary.ts';
import { WorldGenerator } from '../../../sim/generator/WorldGenerator.ts';
import { runWorld } from '../../../sim/run.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';

const catalogue = defaultOpCatalogue();

describe('liveness phase', () => {
  it('follows the fault phase with a restart and fault-free ops', () => {
    for (let seed = 1n; seed <= 10n; seed++) {
      const config = drawConfig(seed, { scenario: 'hostile', knobs: { opsMax: 200 } }, catalogue);
      expect(config.livenessOps).toBeGreaterThan(0);
      const events = [...new WorldGenerator(config, catalogue)];
      const restarts = events.filter(
        (event) => event.kind === 'fault' && event.fault === FAULT_EVENTS.livenessRestart,
      );
      expect(restarts.length).toBe(1);
      const at = events.indexOf(restarts[0] as (typeof events)[number]);
      expect(events.slice(0, at).filter((event) => event.kind === 'op').length).toBe(200);
      const after = events.slice(at + 1);
      expect(after.filter((event) => event.kind === 'fault')).toEqual([]);
      expect(after.filter((event) => event.kind === 'op').length).toBe(config.livenessOps);
    }
  });

  it('runs clean after the faults and counts its ops', () => {
    let ranToTheEnd = 0;
    for (let seed = 1n; seed <= 6n; seed++) {
      const run = runWorld({ seed, scenario: 'hostile', opsMax: 200, durability: 'full' });
      expect(run.result.result, run.result.failure?.message).toBe('pass');
      if (run.result.stopped_by === 'halted') {
        // Rot made redlite refuse its file: the world ends there, before any liveness phase.
        expect(run.result.halt).toMatch(/refused to open|the store's own check finds/);
        expect(run.result.probes['recovery.liveness_restart']).toBeUndefined();
        continue;
      }
      ranToTheEnd++;
      expect(run.result.ops).toBe(200 + run.config.livenessOps);
      expect(run.result.probes['recovery.liveness_restart']).toBe(1);
    }
    expect(ranToTheEnd).toBeGreaterThanOrEqual(4);
  });

  it('is absent from fault-free worlds', () => {
    const config = drawConfig(5n, { scenario: 'kv', knobs: { opsMax: 100 } }, catalogue);
    expect(config.livenessOps).toBe(0);
    const events = [...new WorldGenerator(config, catalogue)];
    expect(events.filter((event) => event.kind === 'fault')).toEqual([]);
    expect(events.filter((event) => event.kind === 'op').length).toBe(100);
  });

  it('turns faults on in a fault-free scenario only when --faults asks', () => {
    const off = drawConfig(5n, { scenario: 'kv' }, catalogue);
    const on = drawConfig(5n, { scenario: 'kv', faults: [FAULT_KIND.crash, FAULT_KIND.diskFull] }, catalogue);
    expect(Object.values(off.faults).every((rate) => rate === 0)).toBe(true);
    expect(on.faults[FAULT_KIND.crash]).toBeGreaterThan(0);
    expect(on.faults[FAULT_KIND.diskFull]).toBeGreaterThan(0);
    expect(on.faults[FAULT_KIND.powerLoss]).toBe(0);
    const none = drawConfig(5n, { scenario: 'hostile', faults: [] }, catalogue);
    expect(Object.values(none.faults).every((rate) => rate === 0)).toBe(true);
  });
});
