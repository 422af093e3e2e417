/**
 * Simulator throughput, as ratios taken in the same run:
 * - ops/s through the whole simulator (generation, target, model, checkers, trace) on one
 *   `mixed` world, run as a sweep's worker runs each seed (`runSeed`), beside ops/s of the target alone on the very same stream: the same commands
 *   at the same virtual times, with the same expiry cycles and checkpoints (target ratio
 *   >= 0.6); the simulator's full state checks are checking work, so they count on its side only.
 *   When the world has sessions (this seed's does), the target alone is what a server runs:
 *   redlite behind its own connection layer (redlite/server's SessionHub, one Session per
 *   client), serving blocked clients after each command and timing their waits out, as a world
 *   does; bare `Redlite.exec` would answer MULTI, SELECT and blocking pops differently and so
 *   would not be the same stream;
 * - seeds/s for default 1000-op seeds on one core (target >= 20).
 *
 * The machine is shared, so each side is timed by the CPU time it used (process.cpuUsage),
 * which other processes disturb far less than wall time, and the rounds interleave the two
 * sides (alternating which goes first): each round gives its own ratio, and the median round
 * counts, printed with the spread and the wall-time figures beside it. Both sides are warmed
 * by WARM_UP_WORLDS runs first, so the rounds time the JIT's steady state.
 */

import { Redlite } from '../redlite/index.ts';
import type { Arg } from '../redlite/reply.ts';
import type { Session } from '../redlite/server/Session.ts';
import { SessionHub } from '../redlite/server/SessionHub.ts';
import type { SimEvent } from '../sim/events.ts';
import { WorldGenerator } from '../sim/generator/WorldGenerator.ts';
import { configFor, runSeed } from '../sim/run.ts';
import { VirtualClock } from '../sim/VirtualClock.ts';
import { defaultOpCatalogue, defaultTargetFactory } from '../sim/world/defaults.ts';
import { TempFolderStorage } from '../sim/world/Storage.ts';
import { TARGET_LOCKING } from '../sim/world/target.ts';

const OPS = 5000;
const ROUNDS = 7;
const WARM_UP_WORLDS = 12;
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
  // As a world does (sim/world/sessions/defaults.ts): redlite's own sessions when it has them.
  const hub =
    config.sessions === undefined || !(target instanceof Redlite) ? null : new SessionHub(target, { clock });
  const sessions = new Map<number, Session>();
  const session = (client: number, from: SessionHub): Session => {
    let found = sessions.get(client);
    if (found === undefined || found.isClosed) {
      found = from.open();
      sessions.set(client, found);
    }
    return found;
  };
  try {
    return timed(() => {
      for (const event of events) {
        clock.advanceTo(event.atMs);
        // Waits due by now end first, as a server times clients out before it reads more.
        hub?.expireBlocked(event.atMs);
        if (event.kind === 'op') {
          if (hub === null) {
            target.exec(event.argv as Arg[]);
          } else {
            // A blocked client sends nothing until its wait ends, as in a world.
            const client = session(event.client, hub);
            if (client.isBlocked) continue;
            client.exec(event.argv as Arg[]);
            hub.serveReady();
          }
        } else if (event.kind === 'timer' && event.timer === 'expire-cycle') {
          target.expireCycle(config.expireCycleKeysMax);
        } else if (event.kind === 'timer' && event.timer === 'checkpoint') {
          target.checkpoint?.();
        }
      }
    });
  } finally {
    hub?.close();
    target.close();
    storage.dispose(false);
  }
}

function simulated(options: { seed: bigint; scenario: string; opsMax: number }): Timing {
  return timed(() => {
    const result = runSeed(options);
    if (result.failure !== null) throw new Error(`bench world failed: ${JSON.stringify(result.failure)}`);
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
  // Both sides warm up until the JIT has settled, as it has in a sweep's worker after its first
  // seeds: the simulator has far more code than the target alone, and V8 goes on compiling
  // functions that turn hot late for about a dozen of these worlds (`--trace-opt`: 450 to 700
  // ms of TurboFan compiles in each of the first two, about 100 ms each up to the twelfth,
  // under 40 ms after), so one warm-up world timed the JIT's start as much as the simulator.
  for (let world = 0; world < WARM_UP_WORLDS; world++) {
    direct(events, config);
    simulated(options);
  }
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
    `mixed world, ${opCount} ops, ${events.length} events, seed ${config.seed}, durability ${config.durability}, ` +
      `sessions ${config.sessions === undefined ? 'off (the target alone is Redlite.exec)' : "on (the target alone is redlite's SessionHub)"}`,
  );
  console.log(
    `  target direct:   ${opsPerS(median(rounds.map((r) => r.direct.cpuMs)))} ops per CPU second (median)`,
  );
  console.log(
    `  whole simulator: ${opsPerS(median(rounds.map((r) => r.simulated.cpuMs)))} ops per CPU second (median)`,
  );
  console.log(
    `  ratio:           ${median(cpuRatios).toFixed(2)} (target >= 0.6; median of ${ROUNDS} interleaved rounds after ${WARM_UP_WORLDS} warm-up worlds each, ` +
      `rounds ${Math.min(...cpuRatios).toFixed(2)}..${Math.max(...cpuRatios).toFixed(2)}; ` +
      `by wall time ${median(wallRatios).toFixed(2)})`,
  );

  let seeds = 0;
  const seedsTime = timed(() => {
    const start = performance.now();
    while (performance.now() - start < SEEDS_WALL_MS) {
      runSeed({ seed: BigInt(1000 + seeds) });
      seeds++;
    }
  });
  console.log(
    `default 1000-op seeds: ${seeds} in ${(seedsTime.cpuMs / 1000).toFixed(1)} CPU s = ` +
      `${((seeds / seedsTime.cpuMs) * 1000).toFixed(1)} seeds/s on one core (target >= 20; ` +
      `${((seeds / seedsTime.wallMs) * 1000).toFixed(1)} per wall second)`,
  );
}
