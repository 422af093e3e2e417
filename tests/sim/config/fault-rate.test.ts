/**
 * `--fault-rate`: one chance per client op for every fault kind that is on (the spec's
 * `fault_rate`, as `vopr simulate` sets it). It sets exactly the kinds that are on, leaves
 * the others off, round-trips through a config (a trace's header), and refuses bad values.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../sim/config/ConfigError.ts';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import { configOverrides, worldFromConfig, worldFromFlags } from '../../../sim/config/flag-options.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';

const catalogue = defaultOpCatalogue();

function configOf(flags: Record<string, unknown>) {
  return drawConfig(7n, configOverrides(worldFromFlags(flags)), catalogue);
}

describe('--fault-rate', () => {
  it('gives every kind that is on the one rate, and no other kind a rate', () => {
    const config = configOf({ scenario: 'mixed', faults: 'crash,slow-disk', 'fault-rate': '0.001' });
    expect(config.faults.crash).toBe(0.001);
    expect(config.faults['slow-disk']).toBe(0.001);
    expect(config.faults['disk-full']).toBe(0);
    expect(config.faultRate).toBe(0.001);
  });

  it('round-trips through the config, and is absent when not given', () => {
    const config = configOf({ scenario: 'mixed', faults: 'disk-full', 'fault-rate': '0.01' });
    const rebuilt = drawConfig(7n, configOverrides(worldFromConfig(config)), catalogue);
    expect(rebuilt).toEqual(config);
    const plain = configOf({ scenario: 'mixed', faults: 'disk-full' });
    expect('faultRate' in plain).toBe(false);
    expect(plain.faults['disk-full']).toBe(0.005);
  });

  it('refuses a rate outside (0, 1] with the value shown', () => {
    for (const bad of ['0', '1.5', 'often', '-0.1']) {
      expect(() => worldFromFlags({ 'fault-rate': bad })).toThrow(ConfigError);
    }
    expect(() => worldFromFlags({ 'fault-rate': 'often' })).toThrow(/"often"/);
  });
});
