/**
 * What a seed chooses for a live run: the same every time, from a stream of its own; kills
 * only for servers the tool started, never with --faults none, within the op budget.
 */
import { describe, expect, it } from 'vitest';
import { drawLiveChoices, KILLS_MAX } from '../../../sim/live/live-choices.ts';
import { configFor } from '../../../sim/run.ts';

const REDIS = { kind: 'redis' } as const;

describe('drawLiveChoices', () => {
  it('is a function of the seed', () => {
    for (let seed = 1n; seed <= 20n; seed++) {
      const config = configFor({ seed });
      expect(drawLiveChoices(seed, config, REDIS, true)).toEqual(drawLiveChoices(seed, config, REDIS, true));
    }
  });

  it('draws every appendfsync policy and kills within bounds over a few seeds', () => {
    const policies = new Set<string>();
    let killed = 0;
    for (let seed = 1n; seed <= 40n; seed++) {
      const config = configFor({ seed, opsMax: 100 });
      const choices = drawLiveChoices(seed, config, REDIS, true);
      if (choices.setting?.kind === 'redis') policies.add(choices.setting.appendfsync);
      expect(choices.killAtOps.length).toBeLessThanOrEqual(KILLS_MAX);
      for (const at of choices.killAtOps) expect(at >= 1 && at < 100).toBe(true);
      expect([...choices.killAtOps].sort((a, b) => a - b)).toEqual(choices.killAtOps);
      if (choices.killAtOps.length > 0) killed++;
    }
    expect([...policies].sort()).toEqual(['always', 'everysec', 'no']);
    expect(killed).toBeGreaterThan(0);
    expect(killed).toBeLessThan(40);
  });

  it('kills no server at an address, and none when faults are off', () => {
    for (let seed = 1n; seed <= 20n; seed++) {
      const config = configFor({ seed });
      const address = drawLiveChoices(seed, config, { kind: 'address', host: 'h', port: 1 }, true);
      expect(address).toEqual({ setting: null, killAtOps: [] });
      expect(drawLiveChoices(seed, config, REDIS, false).killAtOps).toEqual([]);
    }
  });

  it("runs redlite-server with the config's durability as --synchronous", () => {
    for (const durability of ['normal', 'full'] as const) {
      const config = configFor({ seed: 7n, durability });
      expect(drawLiveChoices(7n, config, { kind: 'redlite-server' }, true).setting).toEqual({
        kind: 'redlite-server',
        synchronous: durability,
      });
    }
  });
});
