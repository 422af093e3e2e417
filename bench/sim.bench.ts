/**
 * Simulator throughput, as ratios taken in the same run:
 * - ops/s through the whole simulator (generation, target, model, checkers, trace) on one
 *   `mixed` world, beside ops/s of the target alone on the very same stream: the same commands
 *   at the same virtual times, with the same expiry cycles and checkpoints (target ratio
 *   >= 0.6); the simulator's full state checks are checking work, so they count on its side only;
 * - seeds/s for default 1000-op seeds on one core (target >= 20);
 * - the cost of pacing (sim/pacing.ts): the same world run the CLI's way, paced with a pacer
 *   like bin/vopr.ts's (a wall-clock check at every pause, an event-loop turn every 100 ms, a
 *   stop check), against the straight run the sweep's workers make (target: under 2% slower).
 * Rounds alternate the two sides so machine load falls on both alike; the best round counts.
 */

import type { Arg } from '../redlite/reply.ts';
import type { SimEvent } from '../sim/events.ts';
import { EVENTS_PER_PAUSE } from '../sim/execute-events.ts';
import { WorldGenerator } from '../sim/generator/WorldGenerator.ts';
import { finishNow, finishPaced, type Pacer, type Steps } from '../sim/pacing.ts';
import { configFor, runWorld, runWorldPaced } from '../sim/run.ts';
import { VirtualClock } from '../sim/VirtualClock.ts';
import { defaultOpCatalogue, defaultTargetFactory } from '../sim/world/defaults.ts';
import { TempFolderStorage } from '../sim/world/Storage.ts';
import { TARGET_LOCKING } from '../sim/world/target.ts';

const OPS = 5000;
const ROUNDS = 3;
const SEEDS_WALL_MS = 6000;
/** Pacing costs little next to machine noise, so its comparison pairs many small blocks. */
const PACING_BLOCKS = 16;
const RUNS_PER_BLOCK = 3;
const PACING_OPS = 1500;
/** As bin/vopr.ts: wall time between two event-loop turns of a paced run. */
const TURN_MS = 100;

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

/** A pacer that does what bin/vopr.ts's does, without the signal handlers. */
function cliLikePacer(): Pacer & { turns: number } {
  let lastTurnMs = performance.now();
  const pacer = {
    turns: 0,
    turn: () => {
      const nowMs = performance.now();
      if (nowMs - lastTurnMs < TURN_MS) return null;
      lastTurnMs = nowMs;
      pacer.turns++;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
    stopReason: () => null,
  };
  return pacer;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface PacingWorld {
  seed: bigint;
  scenario: string;
  opsMax: number;
}

/** A loop that pauses as the executor does, with no world around it: the mechanism alone. */
function* pausingLoop(pauses: number): Steps<number> {
  let stopped = 0;
  for (let i = 0; i < pauses; i++) if ((yield) != null) stopped++;
  return stopped;
}

/** Nanoseconds one pause costs paced (CLI) beyond what it costs straight (sweep workers). */
async function pauseCostNs(): Promise<number> {
  const pauses = 2_000_000;
  const straightStart = performance.now();
  finishNow(pausingLoop(pauses));
  const straightMs = performance.now() - straightStart;
  const pacedStart = performance.now();
  await finishPaced(pausingLoop(pauses), cliLikePacer());
  const pacedMs = performance.now() - pacedStart;
  return ((pacedMs - straightMs) * 1e6) / pauses;
}

/** CPU milliseconds of `runs` runs of one world, straight or paced. */
async function blockCpuMs(side: 'straight' | 'paced', options: PacingWorld, runs: number): Promise<number> {
  const start = cpuMs();
  for (let i = 0; i < runs; i++) {
    if (side === 'straight') runWorld(options);
    else await runWorldPaced(options, cliLikePacer());
  }
  const spent = cpuMs() - start;
  // A settling turn, so one block's deferred garbage collection is not charged to the next.
  await new Promise<void>((resolve) => setTimeout(resolve, 30));
  return spent;
}

/** The median, first and third quartile of `second`/`first` over paired blocks, in alternating order. */
async function pairedRatios(
  first: 'straight' | 'paced',
  second: 'straight' | 'paced',
  options: PacingWorld,
): Promise<[number, number, number]> {
  const ratios: number[] = [];
  for (let block = 0; block < PACING_BLOCKS; block++) {
    const times: number[] = [];
    for (const side of block % 2 === 0 ? [first, second] : [second, first])
      times.push(await blockCpuMs(side, options, RUNS_PER_BLOCK));
    const [a, b] = block % 2 === 0 ? times : [...times].reverse();
    ratios.push((b as number) / (a as number));
  }
  ratios.sort((x, y) => x - y);
  const at = (q: number) => ratios[Math.floor(q * (ratios.length - 1))] as number;
  return [at(0.5), at(0.25), at(0.75)];
}

/**
 * The cost of pacing two ways. Measured: CPU time of blocks of runs of one world, straight and
 * paced, paired and alternating, beside a control that pairs straight with straight: the
 * control's spread is the machine's noise. Costed: the extra time of one pause of the
 * mechanism alone, times the pauses of a run, against the run.
 */
async function pacingCost(options: PacingWorld): Promise<void> {
  const run = await runWorldPaced(options, cliLikePacer());
  const [paced, pacedLow, pacedHigh] = await pairedRatios('straight', 'paced', options);
  const [control, controlLow, controlHigh] = await pairedRatios('straight', 'straight', options);
  const perPauseNs = await pauseCostNs();
  const pauses = Math.ceil(run.result.events / EVENTS_PER_PAUSE) + 1;
  const straightMs = (await blockCpuMs('straight', options, 1)) || 1;
  const estimate = (pauses * perPauseNs) / 1e6 / straightMs;
  const range = (low: number, high: number) => `quartiles ${low.toFixed(3)}-${high.toFixed(3)}`;
  console.log(
    `pacing (the CLI's signal-responsive path), ${PACING_BLOCKS} paired blocks of ${RUNS_PER_BLOCK} runs of a ${options.opsMax}-op world:`,
  );
  console.log(`  paced/straight CPU:       ${paced.toFixed(3)} (${range(pacedLow, pacedHigh)})`);
  console.log(
    `  straight/straight control: ${control.toFixed(3)} (${range(controlLow, controlHigh)}): the noise`,
  );
  console.log(
    `  mechanism: ${perPauseNs.toFixed(0)} ns extra per pause x ${pauses} pauses = ${(estimate * 100).toFixed(3)}% of a run (target < 2%)`,
  );
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
  await pacingCost({ ...options, opsMax: PACING_OPS });

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
