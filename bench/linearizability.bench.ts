/**
 * Linearizability checker benchmark: the time, model steps and states explored to check
 * histories of 1,000 and 10,000 operations that all fall in one key partition. Eight simulated
 * clients run overlapping operations (0-4 ms each, 0-2 ms apart, so about six overlap at any
 * time) on a handful of keys: a string register, two counters, a list and a set, joined into one
 * partition by MGET and an occasional EXISTS over every key. Four mixes:
 *
 * - `kv`: registers, counters, lists and sets only;
 * - `expiry`: the same with short deadlines written and read (SET PX, PEXPIRE, PTTL), each
 *   deadline a distinct state for every millisecond its write may have run at;
 * - `crashes`: kv with one operation in 1,000 cut off by a crash (it never returns);
 * - `expiry+crashes`: both, the hardest case.
 *
 * The histories come from simulate-history.ts, so each must come out linearizable. The stated
 * budget: every 10,000-operation partition is decided within its mix's CPU time below (measured
 * as the process's CPU time, because wall time on a shared machine says more about the
 * neighbours) and within the checker's default step limit.
 */
import { performance } from 'node:perf_hooks';
import type { Arg } from '../redlite/reply.ts';
import { checkHistory, checkLimits, simulateHistory } from '../sim/linearizability/index.ts';
import type { Rng } from '../sim/random/index.ts';

const SIZES = [1000, 10_000];

interface Mix {
  readonly name: string;
  readonly deadlines: boolean;
  readonly crashRate: number;
  /** CPU milliseconds the 10,000-operation partition may take. */
  readonly budget10kCpuMs: number;
}

const MIXES: readonly Mix[] = [
  { name: 'kv', deadlines: false, crashRate: 0, budget10kCpuMs: 10_000 },
  { name: 'expiry', deadlines: true, crashRate: 0, budget10kCpuMs: 40_000 },
  { name: 'crashes', deadlines: false, crashRate: 0.001, budget10kCpuMs: 15_000 },
  { name: 'expiry+crashes', deadlines: true, crashRate: 0.001, budget10kCpuMs: 90_000 },
];

function drawFor(mix: Mix): (rng: Rng, invokeMs: number) => Arg[] {
  return (rng) => {
    const roll = rng.int(0, 99);
    const counter = `c${rng.int(0, 1)}`;
    const value = `v${rng.int(0, 9)}`;
    if (roll < 12) return ['GET', 's0'];
    if (roll < 22) return ['SET', 's0', value];
    if (roll < 27)
      return mix.deadlines ? ['SET', 's0', value, 'PX', `${rng.int(1, 20)}`] : ['SET', 's0', value];
    if (roll < 32) return mix.deadlines ? ['PTTL', 's0'] : ['GET', 's0'];
    if (roll < 40) return ['INCR', counter];
    if (roll < 46) return ['GET', counter];
    if (roll < 50) return mix.deadlines ? ['PEXPIRE', counter, `${rng.int(5, 50)}`] : ['INCR', counter];
    if (roll < 58) return ['LPUSH', 'l0', `e${rng.int(0, 99)}`];
    if (roll < 64) return ['RPOP', 'l0'];
    if (roll < 68) return ['LRANGE', 'l0', '0', '-1'];
    if (roll < 76) return ['SADD', 't0', `m${rng.int(0, 7)}`];
    if (roll < 82) return ['SREM', 't0', `m${rng.int(0, 7)}`];
    if (roll < 86) return ['SMEMBERS', 't0'];
    if (roll < 90) return ['MGET', 's0', counter];
    if (roll < 95) return ['DEL', rng.pick(['s0', 'l0', 't0', counter])];
    return ['EXISTS', 's0', 'c0', 'c1', 'l0', 't0'];
  };
}

export async function run(): Promise<void> {
  const stepsMax = checkLimits().stepsMax;
  console.log('mix             ops     verdict        model steps  states    cpu ms   wall ms');
  for (const mix of MIXES) {
    for (const opsMax of SIZES) {
      const history = simulateHistory({
        seed: 1n,
        clients: 8,
        opsMax,
        draw: drawFor(mix),
        latencyMsMax: 4,
        thinkMsMax: 2,
        crashRate: mix.crashRate,
        startMs: 1_700_000_000_000,
      });
      const startMs = performance.now();
      const startCpu = process.cpuUsage();
      const report = checkHistory(history);
      const cpu = process.cpuUsage(startCpu);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      const wallMs = performance.now() - startMs;
      const partitions = report.partitions.filter((partition) => partition.ops > 1);
      const steps = report.partitions.reduce((sum, partition) => sum + partition.steps, 0);
      const states = report.partitions.reduce((sum, partition) => sum + partition.statesExplored, 0);
      console.log(
        `${mix.name.padEnd(15)} ${String(report.ops).padEnd(7)} ${report.verdict.padEnd(14)} ` +
          `${String(steps).padEnd(12)} ${String(states).padEnd(9)} ${cpuMs.toFixed(0).padEnd(8)} ${wallMs.toFixed(0)}`,
      );
      if (partitions.length !== 1) console.log(`  expected one partition, got ${partitions.length}`);
      if (opsMax === 10_000) {
        const within = cpuMs <= mix.budget10kCpuMs && steps <= stepsMax ? 'within' : 'OVER';
        console.log(`  ${within} its budget: ${mix.budget10kCpuMs} CPU ms, ${stepsMax} model steps`);
      }
    }
  }
}
