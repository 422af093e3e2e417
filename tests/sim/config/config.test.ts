import { describe, expect, it } from 'vitest';
import { FAULT_FREE_SCENARIOS } from '../../../scenarios/index.ts';
import { ConfigError } from '../../../sim/config/ConfigError.ts';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import { KNOBS } from '../../../sim/config/knobs.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';

const ops = defaultOpCatalogue();

describe('drawConfig', () => {
  it('is a pure function of the seed', () => {
    for (let seed = 0n; seed < 20n; seed++) {
      expect(JSON.stringify(drawConfig(seed, {}, ops))).toBe(JSON.stringify(drawConfig(seed, {}, ops)));
    }
  });

  it('keeps every knob inside the table bounds and picks every fault-free scenario over many seeds', () => {
    const scenarios = new Set<string>();
    const durabilities = new Set<string>();
    for (let seed = 0n; seed < 300n; seed++) {
      const config = drawConfig(seed, {}, ops) as unknown as Record<string, unknown>;
      for (const knob of KNOBS) {
        const value = config[knob.name] as number;
        expect(value, `${knob.name} for seed ${seed}`).toBeGreaterThanOrEqual(knob.min);
        expect(value, `${knob.name} for seed ${seed}`).toBeLessThanOrEqual(knob.max);
      }
      scenarios.add(config.scenario as string);
      durabilities.add(config.durability as string);
      expect(Object.keys(config.opWeights as object).length).toBeGreaterThan(0);
    }
    // Fault scenarios are asked for by name; a seed alone picks a fault-free workload.
    expect([...scenarios].sort()).toEqual(FAULT_FREE_SCENARIOS.map((scenario) => scenario.name).sort());
    expect([...durabilities].sort()).toEqual(['full', 'normal']);
  });

  it('switches ops off per seed (swarm testing)', () => {
    const mixes = new Set<string>();
    for (let seed = 0n; seed < 30n; seed++) {
      mixes.add(Object.keys(drawConfig(seed, { scenario: 'mixed' }, ops).opWeights).join(','));
    }
    expect(mixes.size).toBeGreaterThan(20);
  });

  it('applies overrides without shifting the other draws', () => {
    const base = drawConfig(7n, {}, ops);
    const overridden = drawConfig(
      7n,
      { scenario: base.scenario, durability: 'full', knobs: { opsMax: 50 } },
      ops,
    );
    expect(overridden.opsMax).toBe(50);
    expect(overridden.durability).toBe('full');
    expect(overridden.keySpaceSize).toBe(base.keySpaceSize);
    expect(overridden.opWeights).toEqual(base.opWeights);
  });

  it('gives each client a profile that does not depend on the client count', () => {
    const few = drawConfig(99n, { scenario: 'mixed', knobs: { clients: 2 } }, ops);
    const many = drawConfig(99n, { scenario: 'mixed', knobs: { clients: 9 } }, ops);
    expect(many.clientProfiles.slice(0, 2)).toEqual(few.clientProfiles);
  });

  it('rejects bad overrides with the option and the value', () => {
    expect(() => drawConfig(1n, { scenario: 'nope' }, ops)).toThrow(/invalid scenario: "nope"/);
    expect(() => drawConfig(1n, { knobs: { opsMax: -5 } }, ops)).toThrow(ConfigError);
    expect(() => drawConfig(1n, { knobs: { opsMax: -5 } }, ops)).toThrow(/opsMax: -5/);
    expect(() => drawConfig(1n, { knobs: { clients: 17 } }, ops)).toThrow(
      /clients: 17 \(expected an integer from 1 to 16\)/,
    );
    expect(() => drawConfig(1n, { knobs: { keySpaceSize: 2.5 } }, ops)).toThrow(/keySpaceSize: 2.5/);
  });
});
