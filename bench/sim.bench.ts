/**
 * Simulator throughput, as ratios taken in the same run:
 * - ops/s through the whole simulator (generation, target, model, checkers, trace) on one
 *   `mixed` world, beside ops/s of the target alone on the very same stream: the same commands
 *   at the same virtual times, with the same expiry cycles and checkpoints (target ratio
 *   >= 0.6); the simulator's full state checks are checking work, so they count on its side only;
 * - seeds/s for default 1000-op seeds on one core (target >= 20).
 * Rounds alternate the two sides so machine load falls on both alike; the best round counts.
 */

import type { Arg } from '../redlite/reply.ts';
import type { SimEvent } from '../sim/events.ts';
import { WorldGenerator } from '../sim/generator/WorldGenerator.ts';
import { configFor, runWorld } from '../sim/run.ts';
import { VirtualClock } from '../sim/VirtualClock.ts';
import { defaultOpCatalogue, defaultTargetFactory } from '../sim/world/defaults.ts';
import { TempFolderStorage } from '../sim/world/Storage.ts';
import { TARGET_LOCKING } from '../sim/world/target.ts';

const OPS = 5000;
const ROUNDS = 3;
const SEEDS_WALL_MS = 6000;

function directOpsPerSecond(events: readonly SimEvent[], config: ReturnType<typeof configFor>): number {
  const storage = new TempFolderStorage(config.seed);
  const clock = new VirtualClock(config.epochMs);
  const target = defaultTargetFactory(storage.dbPath(), {
    clock,
    synchronous: config.durability,
    walCheckpointPages: config.walCheckpointPages,
    locking: TARGET_LOCKING,
  });
  try {
    let ops = 0;
    const start = performance.now();
    for (const event of events) {
      clock.advanceTo(event.atMs);
      if (event.kind === 'op') {
        target.exec(event.argv as Arg[]);
        ops++;
      } else if (event.kind === 'timer' && event.timer === 'expire-cycle') {
        target.expireCycle(config.expireCycleKeysMax);
      } else if (event.kind === 'timer' && event.timer === 'checkpoint') {
        target.checkpoint?.();
      }
    }
    return (ops / (performance.now() - start)) * 1000;
  } finally {
    target.close();
    storage.dispose(false);
  }
}

function simulatorOpsPerSecond(options: { seed: bigint; scenario: string; opsMax: number }): number {
  const start = performance.now();
  const run = runWorld(options);
  if (run.result.failure !== null)
    throw new Error(`bench world failed: ${JSON.stringify(run.result.failure)}`);
  return (run.result.ops / (performance.now() - start)) * 1000;
}

export async function run(): Promise<void> {
  const options = { seed: 20240601n, scenario: 'mixed', opsMax: OPS };
  const config = configFor(options);
  const events = [...new WorldGenerator(config, defaultOpCatalogue())];
  const opCount = events.filter((event) => event.kind === 'op').length;
  let direct = 0;
  let simulated = 0;
  for (let round = 0; round < ROUNDS; round++) {
    direct = Math.max(direct, directOpsPerSecond(events, config));
    simulated = Math.max(simulated, simulatorOpsPerSecond(options));
  }
  console.log(
    `mixed world, ${opCount} ops, ${events.length} events, seed ${config.seed}, durability ${config.durability}`,
  );
  console.log(`  target direct:   ${Math.round(direct)} ops/s`);
  console.log(`  whole simulator: ${Math.round(simulated)} ops/s`);
  console.log(`  ratio:           ${(simulated / direct).toFixed(2)} (target >= 0.6)`);

  let seeds = 0;
  const start = performance.now();
  while (performance.now() - start < SEEDS_WALL_MS) {
    runWorld({ seed: BigInt(1000 + seeds) });
    seeds++;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `default 1000-op seeds: ${seeds} in ${seconds.toFixed(1)} s = ${(seeds / seconds).toFixed(1)} seeds/s on one core (target >= 20)`,
  );
}
