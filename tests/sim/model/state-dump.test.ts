/**
 * The model's direct state dump against the checkers' dump through commands: for worlds of
 * every workload (every type, binary values, TTLs that run out, edge-case commands), the two
 * give the same keys, types, PTTLs and values at every point checked. The checkers use the
 * direct dump on the model's side, so any difference here would be a wrong verdict there.
 */
import { describe, expect, it } from 'vitest';
import type { Arg } from '../../../redlite/reply.ts';
import { dumpState } from '../../../sim/checkers/state-dump.ts';
import { WorldGenerator } from '../../../sim/generator/WorldGenerator.ts';
import { Model } from '../../../sim/model/index.ts';
import { configFor } from '../../../sim/run.ts';
import { VirtualClock } from '../../../sim/VirtualClock.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';

const CHECK_EVERY_OPS = 40;

describe('the model state dump', () => {
  it.each([
    ['mixed', 1n],
    ['mixed', 2n],
    ['expiry', 3n],
    ['expiry', 4n],
    ['zsets', 5n],
    ['hashes', 6n],
    ['sets', 7n],
    ['lists', 8n],
    ['kv', 9n],
  ])('equals the dump through commands in a %s world (seed %s)', (scenario, seed) => {
    const config = configFor({ seed, scenario, opsMax: 600 });
    const clock = new VirtualClock(config.epochMs);
    const model = new Model({ clock });
    let ops = 0;
    let checks = 0;
    let keysSeen = 0;
    for (const event of new WorldGenerator(config, defaultOpCatalogue())) {
      clock.advanceTo(event.atMs);
      if (event.kind !== 'op') continue;
      model.exec(event.argv as Arg[]);
      if (++ops % CHECK_EVERY_OPS !== 0) continue;
      const direct = model.dumpState();
      const viaCommands = dumpState((argv) => model.exec(argv));
      expect(direct).toEqual(viaCommands);
      keysSeen += direct.size;
      checks++;
    }
    expect(checks).toBeGreaterThan(10);
    expect(keysSeen).toBeGreaterThan(0);
  });
});
