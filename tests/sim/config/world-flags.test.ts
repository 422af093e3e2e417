/**
 * The world-flag table: its rows are well formed, integer flags take their bounds from the knob
 * table, switches accept only the bare flag, true or false, every world flag can be read back
 * from a config so that it rebuilds that config, and the derived overrides and printed flags
 * follow the table.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIO_NAMES } from '../../../scenarios/index.ts';
import { ConfigError } from '../../../sim/config/ConfigError.ts';
import {
  configOverrides,
  outputFromFlags,
  printedFlags,
  worldFromConfig,
  worldFromFlags,
} from '../../../sim/config/flag-options.ts';
import { knob } from '../../../sim/config/knobs.ts';
import { liveTargetOf } from '../../../sim/config/target-kind.ts';
import { FLAGS, WORLD_FLAGS } from '../../../sim/config/world-flags.ts';
import { configFor } from '../../../sim/run.ts';
import type { RunOptions } from '../../../sim/run-types.ts';

function rejection(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('the world-flag table', () => {
  it('has unique kebab-case names and unique option fields', () => {
    expect(new Set(FLAGS.map((row) => row.name)).size).toBe(FLAGS.length);
    expect(new Set(FLAGS.map((row) => row.key)).size).toBe(FLAGS.length);
    for (const row of FLAGS) {
      expect(row.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(row.description.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['ops', 'opsMax'],
    ['clients', 'clients'],
  ] as const)('bounds --%s by the knob table (%s)', (name, knobName) => {
    const { min, max } = knob(knobName);
    expect(worldFromFlags({ [name]: max })).toEqual({ [name === 'ops' ? 'opsMax' : name]: max });
    expect(worldFromFlags({ [name]: String(min) })).toEqual({ [name === 'ops' ? 'opsMax' : name]: min });
    const expected = `(expected an integer from ${min} to ${max})`;
    expect(rejection(() => worldFromFlags({ [name]: max + 1 }))).toBe(
      `invalid --${name}: ${max + 1} ${expected}`,
    );
    expect(rejection(() => worldFromFlags({ [name]: min - 1 }))).toBe(
      `invalid --${name}: ${min - 1} ${expected}`,
    );
    expect(rejection(() => worldFromFlags({ [name]: 'many' }))).toBe(`invalid --${name}: "many" ${expected}`);
    expect(rejection(() => worldFromFlags({ [name]: '2.5' }))).toBe(`invalid --${name}: 2.5 ${expected}`);
  });

  it('accepts a switch only as the bare flag, true or false', () => {
    const switches = FLAGS.filter((row) => row.type === 'boolean');
    expect(switches.map((row) => row.name)).toEqual(['strict-durability', 'strict-rot', 'keep-files']);
    for (const row of switches) {
      const parsed = (input: unknown) => ({
        ...worldFromFlags({ [row.name]: input }),
        ...outputFromFlags({ [row.name]: input }),
      });
      expect(parsed(true)).toEqual({ [row.key]: true });
      expect(parsed('true')).toEqual({ [row.key]: true });
      expect(parsed(false)).toEqual({});
      expect(parsed('false')).toEqual({});
      for (const bad of ['yes', 'no', '1', 1, '', 'TRUE']) {
        expect(rejection(() => parsed(bad))).toBe(
          `invalid --${row.name}: ${JSON.stringify(bad)} (expected the bare flag, true or false)`,
        );
      }
    }
  });

  it('refuses a flag given twice, naming it', () => {
    expect(rejection(() => worldFromFlags({ scenario: ['kv', 'lists'] }))).toBe(
      'invalid --scenario: "kv lists" (expected one value, given once)',
    );
  });

  it('takes every target in one --target: simulated ones shape the world, live ones are one spelling', () => {
    expect(worldFromFlags({ target: 'direct' })).toEqual({ target: 'direct' });
    expect(worldFromFlags({ target: 'server' })).toEqual({ target: 'server' });
    const live = (target: string) => worldFromFlags({ target }, 'allowed');
    expect(live('redis')).toEqual({ target: 'redis' });
    expect(live('redlite-server')).toEqual({ target: 'redlite-server' });
    expect(live('resp://[::1]:7000/')).toEqual({ target: 'resp://[::1]:7000' });
    expect(liveTargetOf('resp://127.0.0.1:6379')).toEqual({ kind: 'address', host: '127.0.0.1', port: 6379 });
    expect(liveTargetOf('server')).toBeNull();
    expect(liveTargetOf(undefined)).toBeNull();
    expect(configOverrides({ target: 'server' })).toEqual({ knobs: {}, target: 'server' });
    expect(configOverrides({ target: 'direct' })).toEqual({ knobs: {} });
    expect(configOverrides({ target: 'redis' })).toEqual({ knobs: {} });
    expect(rejection(() => live('memcached'))).toBe(
      'invalid --target: "memcached" (expected direct, server, resp://HOST:PORT, redis or redlite-server)',
    );
    expect(rejection(() => live('resp://nowhere'))).toMatch(/^invalid --target: "resp:\/\/nowhere"/);
    expect(rejection(() => live('resp://h:0'))).toMatch(/with a port from 1 to 65535\)$/);
  });

  it('refuses a live --target where world flags are shared across seeds', () => {
    expect(rejection(() => worldFromFlags({ target: 'redis' }))).toBe(
      'invalid --target: "redis" (expected direct or server; a live target runs one seed: vopr --seed N --target redis)',
    );
    expect(rejection(() => worldFromFlags({ scenario: 'kv', target: 'resp://h:1' }))).toMatch(
      /^invalid --target: "resp:\/\/h:1"/,
    );
  });

  it('keeps --faults in one spelling', () => {
    expect(worldFromFlags({ faults: ' crash, io-error,crash ' })).toEqual({ faults: 'crash,io-error' });
    expect(worldFromFlags({ faults: 'all' })).toEqual({ faults: 'all' });
    expect(rejection(() => worldFromFlags({ faults: 'crash,meteor' }))).toMatch(
      /^invalid --faults: "crash,meteor"/,
    );
  });
});

describe('reading world flags back from a config', () => {
  const worlds: RunOptions[] = [
    { seed: 1n },
    { seed: 2n, scenario: 'crash' },
    { seed: 3n, scenario: 'power-loss', faults: 'crash' },
    { seed: 4n, scenario: 'corruption', faults: 'none', strictDurability: true },
    { seed: 5n, scenario: 'kv', faults: 'all', clients: 3, durability: 'full', opsMax: 77 },
    { seed: 6n, scenario: 'transactions', faults: 'connection-drop', target: 'server' },
    { seed: 7n, scenario: 'hostile', target: 'direct' },
    ...SCENARIO_NAMES.flatMap((scenario) => [10n, 11n, 12n].map((seed) => ({ seed, scenario }))),
  ];

  it.each(
    worlds.map((options) => [
      JSON.stringify(options, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)),
      options,
    ]),
  )('rebuilds the same config for %s', (_name, options) => {
    const config = configFor(options);
    const world = worldFromConfig(config);
    expect(configFor({ seed: options.seed, ...world })).toEqual(config);
  });

  it('writes the fault kinds a config has on, and none when it has none', () => {
    expect(worldFromConfig(configFor({ seed: 3n, scenario: 'power-loss', faults: 'crash' })).faults).toBe(
      'crash',
    );
    expect(worldFromConfig(configFor({ seed: 1n, scenario: 'kv' })).faults).toBe('none');
  });
});

describe('what the table derives', () => {
  it('turns a world into config overrides, the flags winning over plain knob overrides', () => {
    expect(
      configOverrides(
        { opsMax: 50, clients: 2, scenario: 'kv', faults: 'crash', strictDurability: true },
        { opsMax: 9, thinkMsMax: 3 },
      ),
    ).toEqual({
      knobs: { opsMax: 50, clients: 2, thinkMsMax: 3 },
      scenario: 'kv',
      faults: ['crash'],
      strictDurability: true,
    });
  });

  it('prints world flags in table order, a switch that is on as the bare flag', () => {
    expect(
      printedFlags({
        strictDurability: true,
        faults: 'crash',
        opsMax: 9,
        scenario: 'kv',
        durability: 'full',
      }),
    ).toEqual([
      { name: 'scenario', text: 'kv' },
      { name: 'ops', text: '9' },
      { name: 'durability', text: 'full' },
      { name: 'faults', text: 'crash' },
      { name: 'strict-durability', text: null },
    ]);
    expect(printedFlags({ strictDurability: false })).toEqual([]);
  });

  it('lists the world rows in table order', () => {
    expect(WORLD_FLAGS.map((row) => row.name)).toEqual([
      'scenario',
      'ops',
      'clients',
      'durability',
      'faults',
      'processes',
      'fault-rate',
      'strict-durability',
      'strict-rot',
      'target',
    ]);
  });
});
