/**
 * The model's direct state dump against the checkers' dump through commands: for worlds of
 * every workload (every type, binary values, TTLs that run out, edge-case commands), the two
 * give the same keys, types, PTTLs and values at every point checked, in database 0 and in the
 * others a session may SELECT. The checkers use the direct dump on the model's side, so any
 * difference here would be a wrong verdict there.
 */
import { describe, expect, it } from 'vitest';
import type { Arg } from '../../../redlite/reply.ts';
import { DATABASE_COUNT, dumpKeyName, modelDump } from '../../../sim/checkers/database-dumps.ts';
import { dumpState } from '../../../sim/checkers/state-dump.ts';
import { WorldGenerator } from '../../../sim/generator/WorldGenerator.ts';
import { Model } from '../../../sim/model/index.ts';
import { configFor } from '../../../sim/run.ts';
import { VirtualClock } from '../../../sim/VirtualClock.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';
import { ModelAdapter } from '../../../sim/world/model-adapter.ts';

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

  it('equals the dump through commands in every database, under the dump names', () => {
    const config = configFor({ seed: 10n, scenario: 'mixed', opsMax: 600 });
    const clock = new VirtualClock(config.epochMs);
    const model = new Model({ clock });
    const databases = 4;
    let ops = 0;
    let checks = 0;
    const keysByDb = new Array<number>(databases).fill(0);
    for (const event of new WorldGenerator(config, defaultOpCatalogue())) {
      clock.advanceTo(event.atMs);
      if (event.kind !== 'op') continue;
      // Each op goes to one of four databases, so every one of them holds keys.
      model.exec(event.argv as Arg[], ops % databases);
      if (++ops % CHECK_EVERY_OPS !== 0) continue;
      for (let db = 0; db < databases; db++) {
        const direct = model.dumpState(db);
        expect(direct).toEqual(dumpState((argv) => model.exec(argv, db)));
        keysByDb[db] = (keysByDb[db] ?? 0) + direct.size;
      }
      const whole = modelDump(new ModelAdapter(model), DATABASE_COUNT);
      const viaCommands = new Map<string, unknown>();
      for (let db = 0; db < DATABASE_COUNT; db++)
        for (const [key, state] of dumpState((argv) => model.exec(argv, db)))
          viaCommands.set(dumpKeyName(db, key), state);
      expect(whole).toEqual(viaCommands);
      checks++;
    }
    expect(checks).toBeGreaterThan(10);
    for (const keys of keysByDb) expect(keys).toBeGreaterThan(0);
  });
});
