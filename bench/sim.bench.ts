/**
 * Simulator throughput, as ratios taken in the same run:
 * - ops/s through the whole simulator (generation, target, model, checkers, trace) on one
 *   `mixed` world, beside ops/s of the target alone on the very same stream: the same commands
 *   at the same virtual times, with the same expiry cycles and checkpoints (target ratio
 *   >= 0.6); the simulator's full state checks are checking work, so they count on its side only;
 * - seeds/s for default 1000-op seeds on one core (target >= 20).
 *
 * The machine is shared, so each side is timed by the CPU time it used (process.cpuUsage),
 * which other processes disturb far less than wall time, and the rounds interleave the two
 * sides (alternating which goes first): each round gives its own ratio, and the median round
 * counts, printed with the spread and the wall-time figures beside it.
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
const ROUNDS = 7;
const SEEDS_WALL_MS = 6000;

interface Timing {
  cpuMs: number;
  wallMs: number;
}

function timed(body: () => void): Timing {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  body();
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - wallBefore };
}

function direct(events: readonly SimEvent[], config: ReturnType<typeof configFor>): Timing {
  const storage = new TempFolderStorage(config.seed);
  const clock = new VirtualClock(config.epochMs);
  const target = defaultTargetFactory(storage.dbPath(), {
    clock,
    synchronous: config.durability,
    walCheckpointPages: config.walCheckpointPages,
    locking: TARGET_LOCKING,
  });
  try {
    return timed(() => {
      for (const event of events) {
        clock.advanceTo(event.atMs);
        if (event.kind === 'op') {
          target.exec(event.argv as Arg[]);
        } else if (event.kind === 'timer' && event.timer === 'expire-cycle') {
          target.expireCycle(config.expireCycleKeysMax);
        } else if (event.kind === 'timer' && event.timer === 'checkpoint') {
          target.checkpoint?.();
        }
      }
    });
  } finally {
    target.close();
    storage.dispose(false);
  }
}

function simulated(options: { seed: bigint; scenario: string; opsMax: number }): Timing {
  return timed(() => {
    const run = runWorld(options);
    if (run.result.failure !== null)
      throw new Error(`bench world failed: ${JSON.stringify(run.result.failure)}`);
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function run(): Promise<void> {
  const options = { seed: 20240601n, scenario: 'mixed', opsMax: OPS };
  const config = configFor(options);
  const events = [...new WorldGenerator(config, defaultOpCatalogue())];
  const opCount = events.filter((event) => event.kind === 'op').length;
  // A warm-up of each side, so the JIT and SQLite's caches are warm for both.
  direct(events, config);
  simulated(options);
  const rounds: { direct: Timing; simulated: Timing }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      const d = direct(events, config);
      rounds.push({ direct: d, simulated: simulated(options) });
    } else {
      const s = simulated(options);
      rounds.push({ direct: direct(events, config), simulated: s });
    }
  }
  const opsPerS = (ms: number) => Math.round((opCount / ms) * 1000);
  const cpuRatios = rounds.map((r) => r.direct.cpuMs / r.simulated.cpuMs);
  const wallRatios = rounds.map((r) => r.direct.wallMs / r.simulated.wallMs);
  console.log(
    `mixed world, ${opCount} ops, ${events.length} events, seed ${config.seed}, durability ${config.durability}`,
  );
  console.log(
    `  target direct:   ${opsPerS(median(rounds.map((r) => r.direct.cpuMs)))} ops per CPU second (median)`,
  );
  console.log(
    `  whole simulator: ${opsPerS(median(rounds.map((r) => r.simulated.cpuMs)))} ops per CPU second (median)`,
  );
  console.log(
    `  ratio:           ${median(cpuRatios).toFixed(2)} (target >= 0.6; median of ${ROUNDS} interleaved rounds, ` +
      `rounds ${Math.min(...cpuRatios).toFixed(2)}..${Math.max(...cpuRatios).toFixed(2)}; ` +
      `by wall time ${median(wallRatios).toFixed(2)})`,
  );

  let seeds = 0;
  const seedsTime = timed(() => {
    const start = performance.now();
    while (performance.now() - start < SEEDS_WALL_MS) {
      runWorld({ seed: BigInt(1000 + seeds) });
      seeds++;
    }
  });
  console.log(
    `default 1000-op seeds: ${seeds} in ${(seedsTime.cpuMs / 1000).toFixed(1)} CPU s = ` +
      `${((seeds / seedsTime.cpuMs) * 1000).toFixed(1)} seeds/s on one core (target >= 20; ` +
      `${((seeds / seedsTime.wallMs) * 1000).toFixed(1)} per wall second)`,
  );
}
