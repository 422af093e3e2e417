/**
 * Worlds of several processes (sim/world/processes/):
 * - seeds/s of the `processes` scenario with 1, 2 and 4 processes, in the same run, and the
 *   share of each world's wall time spent in the linearizability check at its end;
 * - determinism: `bin/vopr --seed N --processes 4` (default ops) twice for each of 200 seeds,
 *   same trace hash (tests/e2e/determinism-processes.test.ts runs a smaller sample on every
 *   test run).
 * Seeds that fail (redlite's known findings, README "Several processes") count like others.
 */
import { runWorld } from '../sim/run.ts';

const SEEDS = 20;
const OPS = 300;
const DETERMINISM_SEEDS = 200;

interface Timing {
  readonly wallMs: number;
  readonly checkMs: number;
  readonly failed: boolean;
}

/** One world, with the wall time between its closing reads and its verdict. */
function timedWorld(seed: bigint, processes: number): Timing {
  let closedAt = 0;
  let judgedAt = 0;
  const start = performance.now();
  const run = runWorld({
    seed,
    scenario: 'processes',
    processes,
    opsMax: OPS,
    logLevel: 'debug',
    logSink: {
      write: (line) => {
        if (line.includes('"closing reads done"')) closedAt = performance.now();
        else if (line.includes('"linearizability check"')) judgedAt = performance.now();
      },
    },
  });
  return {
    wallMs: performance.now() - start,
    checkMs: judgedAt > 0 ? judgedAt - closedAt : 0,
    failed: run.result.failure !== null,
  };
}

function throughput(): void {
  for (const processes of [1, 2, 4]) {
    const timings: Timing[] = [];
    for (let seed = 0; seed < SEEDS; seed++) timings.push(timedWorld(BigInt(seed), processes));
    const wallMs = timings.reduce((sum, timing) => sum + timing.wallMs, 0);
    const checkMs = timings.map((timing) => timing.checkMs).sort((a, b) => a - b);
    const failed = timings.filter((timing) => timing.failed).length;
    const median = checkMs[Math.floor(checkMs.length / 2)] ?? 0;
    const worst = checkMs[checkMs.length - 1] ?? 0;
    console.log(
      `processes=${processes}: ${((SEEDS * 1000) / wallMs).toFixed(2)} seeds/s (${OPS} ops, ${SEEDS} seeds, ${failed} failed); ` +
        `check ${median.toFixed(1)} ms median, ${worst.toFixed(1)} ms worst per world`,
    );
  }
}

function determinism(): void {
  let differing = 0;
  const start = performance.now();
  for (let seed = 0; seed < DETERMINISM_SEEDS; seed++) {
    const options = { seed: BigInt(seed), processes: 4 };
    const first = runWorld(options).result.trace_hash;
    const second = runWorld(options).result.trace_hash;
    if (first !== second) differing++;
  }
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `determinism: ${DETERMINISM_SEEDS} seeds x2 with --processes 4 (default ops): ${differing} differing hashes, ${seconds.toFixed(0)} s`,
  );
}

export async function run(): Promise<void> {
  throughput();
  determinism();
}
