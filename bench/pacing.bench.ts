/**
 * The cost of pacing (sim/pacing.ts): the same world run the CLI's way, paced with a pacer like
 * bin/vopr.ts's (a wall-clock check at every pause, an event-loop turn every 100 ms, a stop
 * check), against the straight run the sweep's workers make (target: under 2% slower). Rounds
 * alternate the two sides so machine load falls on both alike, beside a straight-vs-straight
 * control whose spread is the machine's noise.
 *
 * Leaves out: the simulator's own throughput (sim.bench.ts).
 */

import { EVENTS_PER_PAUSE } from '../sim/execute-events.ts';
import { finishNow, finishPaced, type Pacer, type Steps } from '../sim/pacing.ts';
import { runWorld, runWorldPaced } from '../sim/run.ts';

/** Pacing costs little next to machine noise, so its comparison pairs many small blocks. */
const PACING_BLOCKS = 16;
const RUNS_PER_BLOCK = 3;
const PACING_OPS = 1500;
/** As bin/vopr.ts: wall time between two event-loop turns of a paced run. */
const TURN_MS = 100;

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
  await pacingCost({ seed: 20240601n, scenario: 'mixed', opsMax: PACING_OPS });
}
