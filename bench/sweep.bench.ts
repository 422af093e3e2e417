/**
 * Sweep benchmarks, figures taken in one run so they share the machine's conditions:
 *
 * - throughput in seeds/s with 1 worker and with 2, and their ratio (the target is at least
 *   1.8x on two cores), at the default ops per seed and at --ops 200, where the parent's share
 *   of the work is largest. Rates are steady-state, as in a nightly sweep whose workers each run
 *   thousands of seeds: from the moment every worker has finished its first WARM_SEEDS seeds
 *   (and the sweep twice that) to the last seed, so neither worker start-up (tsx compiling the
 *   simulator) nor V8's warm-up (see WARM_SEEDS) blurs the scaling. The machine's
 *   speed drifts by a quarter within minutes on a shared host, so the two sweeps are run in
 *   interleaved rounds (alternating which goes first), each round gives its own ratio, and the
 *   median round counts, printed with the spread;
 * - the parent's CPU (process.cpuUsage) for each of those sweeps: seconds per 1000 seeds, and
 *   its share of one core over the sweep (the target is under 3% at 2 workers);
 * - two ceilings the sweep cannot beat: a CPU-only loop in 1 and 2 processes (the cores), and
 *   the sweep's very seeds run by bare seed loops, all in one process against half in each of
 *   two (the cores for this workload: SQLite on tmpfs shares more than a spin loop does);
 * - RSS per worker over 5,000 seeds: the median of each worker's first and last 500 readings.
 *   A leak (an unclosed database, a growing module-level cache) shows as growth.
 *
 * `npm run bench sweep` runs only this file. SWEEP_BENCH_SEEDS, SWEEP_BENCH_DEFAULT_SEEDS,
 * SWEEP_BENCH_ROUNDS and SWEEP_BENCH_RSS_SEEDS override the seed counts and rounds for a quick look.
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sweepOptionsFrom, WORKER_HEAP_MB_DEFAULT } from '../sim/sweep/options.ts';
import { runSweep } from '../sim/sweep/run-sweep.ts';
import { WORKER_V8_FLAGS } from '../sim/sweep/WorkerHandle.ts';

const RUNNER = fileURLToPath(new URL('../sim/run.ts', import.meta.url));
const SEED_LOOP = fileURLToPath(new URL('./seed-loop.ts', import.meta.url));
const TSX_LOADER = fileURLToPath(new URL('../node_modules/tsx/dist/esm/index.mjs', import.meta.url));
/**
 * Seeds a worker (or a bare loop) runs before its rate counts. A fresh process runs its first
 * seeds far slower than its later ones while V8 compiles the simulator's functions as they turn
 * hot (a sweep worker runs `--single-threaded`, so the compiles take the worker's own time):
 * measured in one process running default seeds 0..74 three times over, 177 ms a seed on the
 * first pass against 100 on the second and third, and at --ops 200 on seeds 0..149, 62 ms for
 * the first 25 seeds and about 33 for the next 75 against 22 once warm. A nightly sweep's
 * workers run thousands of seeds each, so this warm-up is a fixed cost per worker that the
 * scaling must not count; a sweep of a few hundred seeds split over two workers would spend
 * most of each worker's life in it and show half-warm scaling.
 */
const WARM_SEEDS = 100;
/** The two seed sizes measured: --ops 200, and the default (ops left to the seed's config). */
const THROUGHPUT_RUNS: readonly { label: string; ops: number | undefined; seeds: number }[] = [
  { label: '--ops 200', ops: 200, seeds: Number(process.env.SWEEP_BENCH_SEEDS ?? 800) },
  { label: 'default ops', ops: undefined, seeds: Number(process.env.SWEEP_BENCH_DEFAULT_SEEDS ?? 500) },
];
const ROUNDS = Number(process.env.SWEEP_BENCH_ROUNDS ?? 3);
/** Where a failing seed's trace would go; removed when the bench ends, failing or not. */
const TRACE_DIR = join(tmpdir(), `sweep-bench-traces-${process.pid}`);
const RSS_SEEDS = Number(process.env.SWEEP_BENCH_RSS_SEEDS ?? 5000);
const RSS_OPS = 100;
const RSS_WINDOW = 500;

interface Timed {
  atMs: number;
  workerId: number;
  rssBytes: number | null;
}

interface SweepFigures {
  timed: Timed[];
  failed: number;
  parentCpuSPer1000Seeds: number;
}

async function sweep(seeds: number, ops: number | undefined, workers: number): Promise<SweepFigures> {
  const timed: Timed[] = [];
  const options = sweepOptionsFrom({ seeds, ops, workers, seedTimeout: '120s', traceDir: TRACE_DIR }, {});
  const run = await runSweep(options, {
    runnerModule: RUNNER,
    output: { line: () => {}, status: () => {} },
    tty: null,
    onOutcome: (outcome) =>
      timed.push({ atMs: performance.now(), workerId: outcome.workerId, rssBytes: outcome.rssBytes }),
  });
  const { report } = run;
  return {
    timed,
    failed: report.totals.failed,
    parentCpuSPer1000Seeds: report.parent_cpu_s_per_1000_seeds,
  };
}

/**
 * The parent's CPU per 1000 seeds, and its share of one core at the steady seed rate: its CPU
 * per seed (start-up included, so this errs high) times seeds per second.
 */
function parentLine(figures: SweepFigures, seedsPerS: number): string {
  const share = (figures.parentCpuSPer1000Seeds / 1000) * seedsPerS * 100;
  return `parent CPU ${figures.parentCpuSPer1000Seeds.toFixed(3)} s per 1000 seeds = ${share.toFixed(1)}% of a core`;
}

/** The most workers a measured sweep has. */
const WORKERS_MAX = 2;

/**
 * Seeds/s once every worker is warm: from the moment every worker has finished its first
 * `warmSeeds` seeds and the sweep its first `warmSeeds` x WORKERS_MAX, to the last seed. Seeds
 * are handed out in order, so a sweep with one worker and one with two both count about the
 * same seeds, those from the WORKERS_MAX x `warmSeeds`-th on (seeds differ in size, and a rate
 * over different seeds would not compare). Start-up and V8's warm-up are left out.
 */
function steadyRate(timed: Timed[], warmSeeds = WARM_SEEDS): number {
  const doneByWorker = new Map<number, number>();
  const workers = new Set(timed.map((t) => t.workerId)).size;
  let warmWorkers = 0;
  let startMs: number | null = null;
  for (const [index, t] of timed.entries()) {
    const done = (doneByWorker.get(t.workerId) ?? 0) + 1;
    doneByWorker.set(t.workerId, done);
    if (done === warmSeeds) warmWorkers++;
    if (warmWorkers === workers && index + 1 >= warmSeeds * WORKERS_MAX) {
      startMs = t.atMs;
      break;
    }
  }
  // A sweep too short to warm every worker has no steady rate.
  if (startMs === null) return 0;
  const after = timed.filter((t) => t.atMs > startMs);
  const last = after.at(-1);
  if (last === undefined || last.atMs <= startMs) return 0;
  return (after.length * 1000) / (last.atMs - startMs);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** A fixed CPU-only loop, as a separate Node process: the machine's own parallel capacity. */
const SPIN = 'let x = 0; for (let i = 0; i < 2e8; i++) x = (x + i) % 1000003; if (x < 0) console.log(x);';

function spinOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
}

/** Wall time for `count` spin processes at once; the ratio for 1 and 2 is the hardware's scaling. */
async function spinMs(count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, spinOnce));
  return performance.now() - started;
}

/** What one bare loop timed: seeds after its warm-up, and how long they took. */
interface LoopTime {
  seeds: number;
  ms: number;
}

/**
 * One bare seed loop over the given ranges of seeds (sweeps start at seed 0), with a sweep
 * worker's V8 flags and heap: the seeds after each range's first WARM_SEEDS, and their time.
 */
function seedLoop(
  ranges: readonly { from: number; count: number }[],
  ops: number | undefined,
): Promise<LoopTime> {
  return new Promise((resolve, reject) => {
    const args = [
      ...WORKER_V8_FLAGS,
      `--max-old-space-size=${WORKER_HEAP_MB_DEFAULT}`,
      '--import',
      TSX_LOADER,
      SEED_LOOP,
      String(ops ?? '-'),
      String(WARM_SEEDS),
      ...ranges.map(({ from, count }) => `${from}:${count}`),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`seed loop exited with ${code}`));
      else resolve(JSON.parse(out.trim()) as LoopTime);
    });
  });
}

/**
 * The sweep's seeds with no sweep: both halves in one bare process, against one half in each
 * of two at once, timing the same seeds (those after each half's warm-up). Two loops' rate is
 * their seeds over their mean time, twice the rate of one loop slowed by the other: the sum of
 * their own rates would count a light half's high rate as if it went on while the heavy half ran
 * alone, and so overstate two processes whenever the halves differ in size.
 */
async function bareRates(seeds: number, ops: number | undefined): Promise<{ one: number; two: number }> {
  const half = Math.floor(seeds / 2);
  const halves = [
    { from: 0, count: half },
    { from: half, count: seeds - half },
  ];
  const one = await seedLoop(halves, ops);
  const two = await Promise.all(halves.map((range) => seedLoop([range], ops)));
  const twoSeeds = two.reduce((sum, loop) => sum + loop.seeds, 0);
  const twoMeanMs = two.reduce((sum, loop) => sum + loop.ms, 0) / two.length;
  return { one: (one.seeds * 1000) / one.ms, two: (twoSeeds * 1000) / twoMeanMs };
}

const spread = (values: number[]) =>
  `rounds ${Math.min(...values).toFixed(2)}..${Math.max(...values).toFixed(2)}`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function run(): Promise<void> {
  try {
    await measure();
  } finally {
    rmSync(TRACE_DIR, { recursive: true, force: true });
  }
}

async function measure(): Promise<void> {
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(
    `throughput: real simulator, 1 worker and 2, ${ROUNDS} interleaved rounds (load average ${load()})`,
  );
  const scalings: { label: string; scaling: number; bare: number }[] = [];
  for (const { label, ops, seeds } of THROUGHPUT_RUNS) {
    const rounds: { one: SweepFigures; two: SweepFigures; rateOne: number; rateTwo: number }[] = [];
    const bareRounds: { one: number; two: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so a drift in the machine's speed falls on both alike.
      const first = await sweep(seeds, ops, round % 2 === 0 ? 1 : 2);
      const second = await sweep(seeds, ops, round % 2 === 0 ? 2 : 1);
      const [one, two] = round % 2 === 0 ? [first, second] : [second, first];
      rounds.push({ one, two, rateOne: steadyRate(one.timed), rateTwo: steadyRate(two.timed) });
      bareRounds.push(await bareRates(seeds, ops));
    }
    const ratios = rounds.map((r) => r.rateTwo / r.rateOne);
    const bareRatios = bareRounds.map((r) => r.two / r.one);
    const bareMiddle = bareRounds[bareRatios.indexOf(median(bareRatios))];
    const middle = rounds[ratios.indexOf(median(ratios))] ?? rounds[0];
    if (middle === undefined) continue;
    console.log(
      `  ${label}, ${seeds} seeds a sweep, rates counted once each worker has run ${WARM_SEEDS} and the sweep ${WARM_SEEDS * WORKERS_MAX} (the median round):`,
    );
    console.log(
      `    --workers 1: ${middle.rateOne.toFixed(1)} seeds/s (${middle.one.failed} failed), ${parentLine(middle.one, middle.rateOne)}`,
    );
    console.log(
      `    --workers 2: ${middle.rateTwo.toFixed(1)} seeds/s (${middle.two.failed} failed), ${parentLine(middle.two, middle.rateTwo)}`,
    );
    console.log(
      `    scaling: ${median(ratios).toFixed(2)}x (target >= 1.8x; median of ${ROUNDS}, ${spread(ratios)}; load average now ${load()})`,
    );
    console.log(
      `    the same seeds in bare processes, 2 against 1: ${median(bareRatios).toFixed(2)}x (${spread(bareRatios)}; ` +
        `median round ${bareMiddle?.one.toFixed(1)} and ${bareMiddle?.two.toFixed(1)} seeds/s)`,
    );
    scalings.push({ label, scaling: median(ratios), bare: median(bareRatios) });
  }
  // The ceiling: two CPU-bound processes against one, with no sweep involved. On a machine
  // whose two cores really run in parallel this is close to 2.0x.
  const spinOneMs = await spinMs(1);
  const spinTwoMs = await spinMs(2);
  const ceiling = (2 * spinOneMs) / spinTwoMs;
  console.log(
    `  hardware ceiling: 2 CPU-bound processes do ${ceiling.toFixed(2)}x the work of 1 in the same time`,
  );
  for (const { label, scaling, bare } of scalings)
    console.log(
      `  sweep efficiency, ${label}: ${((scaling / ceiling) * 100).toFixed(0)}% of the spin ceiling, ${((scaling / bare) * 100).toFixed(0)}% of the bare seed loops`,
    );

  console.log(`RSS per worker: ${RSS_SEEDS} seeds, --ops ${RSS_OPS}, --workers 2`);
  const long = await sweep(RSS_SEEDS, RSS_OPS, 2);
  const byWorker = new Map<number, number[]>();
  for (const t of long.timed) {
    if (t.rssBytes === null) continue;
    const list = byWorker.get(t.workerId) ?? [];
    list.push(t.rssBytes);
    byWorker.set(t.workerId, list);
  }
  for (const [worker, readings] of [...byWorker.entries()].sort(([a], [b]) => a - b)) {
    const window = Math.min(RSS_WINDOW, Math.floor(readings.length / 2));
    const early = median(readings.slice(0, window));
    const late = median(readings.slice(-window));
    const growth = early > 0 ? ((late - early) / early) * 100 : 0;
    console.log(
      `  worker ${worker}: ${readings.length} seeds, RSS median first ${window} ${mb(early)}, last ${window} ${mb(late)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%), max ${mb(Math.max(...readings))}`,
    );
  }
  console.log(
    `  (${steadyRate(long.timed, 1).toFixed(1)} seeds/s once both workers were up, ${long.failed} failed)`,
  );
}
