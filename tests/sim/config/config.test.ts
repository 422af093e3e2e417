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
        // A world of one process leaves its process fields out (WorldConfig.processes).
        if (config[knob.name] === undefined && (knob.name === 'processes' || knob.name === 'switchRate'))
          continue;
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

  it('draws two to four processes for the processes scenario, and none for the others', () => {
    const counts = new Set<number>();
    for (let seed = 0n; seed < 40n; seed++) {
      const config = drawConfig(seed, { scenario: 'processes' }, ops);
      counts.add(config.processes ?? 1);
      expect(config.switchRate).toBeGreaterThanOrEqual(0.3);
      expect(config.switchRate).toBeLessThanOrEqual(0.7);
      expect(drawConfig(seed, {}, ops)).not.toHaveProperty('processes');
    }
    expect([...counts].sort()).toEqual([2, 3, 4]);
  });

  it('takes --processes as an override, and keeps every other draw of the seed', () => {
    const plain = drawConfig(9n, {}, ops);
    const four = drawConfig(9n, { knobs: { processes: 4 } }, ops);
    expect(four.processes).toBe(4);
    const { processes: _processes, switchRate: _switchRate, ...rest } = four;
    expect(rest).toEqual(plain);
    expect(drawConfig(9n, { scenario: 'processes', knobs: { processes: 1 } }, ops)).not.toHaveProperty(
      'processes',
    );
  });

  it('takes crashes and power cuts beside several processes, and refuses the other fault kinds', () => {
    const crash = drawConfig(1n, { scenario: 'crash', knobs: { processes: 2 } }, ops);
    expect(crash.processes).toBe(2);
    // Rare-path crashes come from a single process's probe hook; several processes take none.
    expect(crash.rarePathCrashRate).toBe(0);
    const both = drawConfig(1n, { faults: ['crash', 'power-loss'], knobs: { processes: 3 } }, ops);
    expect(both.processes).toBe(3);
    for (const kind of ['bit-rot', 'misdirected-write', 'disk-full', 'io-error', 'slow-disk'] as const) {
      expect(() => drawConfig(1n, { faults: ['crash', kind], knobs: { processes: 2 } }, ops), kind).toThrow(
        new RegExp(`with ${kind} faults`),
      );
    }
    expect(() => drawConfig(1n, { scenario: 'hostile', knobs: { processes: 2 } }, ops)).toThrow(ConfigError);
  });

  it('leaves sessions out of worlds of several processes, and refuses them with --target server', () => {
    expect(drawConfig(1n, { scenario: 'transactions' }, ops).sessions).toBeDefined();
    expect(
      drawConfig(1n, { scenario: 'transactions', faults: [], knobs: { processes: 2 } }, ops),
    ).not.toHaveProperty('sessions');
    expect(() => drawConfig(1n, { target: 'server', knobs: { processes: 2 } }, ops)).toThrow(
      /--target server/,
    );
    expect(drawConfig(1n, { target: 'server' }, ops).target).toBe('server');
  });
});
