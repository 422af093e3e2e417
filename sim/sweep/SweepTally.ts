/**
 * Adds up a sweep as it runs: totals overall and per scenario, simulated and real time per
 * scenario, probe hits, failures and their signatures, per-seed records, the throughput curve
 * and per-worker memory. Every list here is bounded, so a sweep of any length holds bounded
 * memory; what overflows is counted, not kept.
 */
import { addSignatures } from '../report/signature.ts';
import type {
  FailureRecord,
  ScenarioTotals,
  SeedRecord,
  Signature,
  SimToReal,
  ThroughputSample,
  WorkerRssSummary,
} from '../report/types.ts';
import type { SeedOutcome } from './seed-outcome.ts';

/** Per-seed records kept for shard checks and merges (about 150 bytes each in JSON). */
export const SEED_RECORDS_MAX = 250_000;
/** Failures kept in full (with timelines); signatures still count every failure. */
export const FAILURES_KEPT_MAX = 2_000;
/** Throughput samples kept; past this, every other one is dropped and the period doubles. */
export const THROUGHPUT_SAMPLES_MAX = 600;

function emptyTotals(): ScenarioTotals {
  return { seeds: 0, passed: 0, failed: 0, ops: 0, virtual_ms: 0 };
}

function addTo(totals: ScenarioTotals, record: SeedRecord): void {
  totals.seeds++;
  if (record.result === 'pass') totals.passed++;
  else totals.failed++;
  totals.ops += record.ops;
  totals.virtual_ms += record.virtual_ms;
}

export class SweepTally {
  readonly totals = emptyTotals();
  readonly scenarios = new Map<string, ScenarioTotals>();
  /** Virtual and real milliseconds per scenario, summed over its seeds (ratio left at 0). */
  readonly time = new Map<string, SimToReal>();
  readonly probes = new Map<string, number>();
  readonly failures: FailureRecord[] = [];
  readonly signatures = new Map<string, Signature>();
  readonly results: SeedRecord[] = [];
  resultsComplete = true;
  readonly throughput: ThroughputSample[] = [];
  private samplePeriodMs: number;
  private readonly rss = new Map<number, Omit<WorkerRssSummary, 'shard' | 'worker'>>();

  constructor(samplePeriodMs: number) {
    this.samplePeriodMs = samplePeriodMs;
  }

  add(outcome: SeedOutcome): void {
    const { record, failure } = outcome;
    addTo(this.totals, record);
    let perScenario = this.scenarios.get(record.scenario);
    if (perScenario === undefined) {
      perScenario = emptyTotals();
      this.scenarios.set(record.scenario, perScenario);
    }
    addTo(perScenario, record);
    let time = this.time.get(record.scenario);
    if (time === undefined) {
      time = { virtual_ms: 0, wall_ms: 0, ratio: 0 };
      this.time.set(record.scenario, time);
    }
    time.virtual_ms += record.virtual_ms;
    time.wall_ms += record.wall_ms;
    if (this.results.length < SEED_RECORDS_MAX) this.results.push(record);
    else this.resultsComplete = false;
    if (failure !== null) {
      addSignatures(this.signatures, [failure]);
      if (this.failures.length < FAILURES_KEPT_MAX) this.failures.push(failure);
    }
    this.addRss(outcome);
  }

  /** Adds probe hits a worker reported for some of its seeds. */
  addProbes(counts: Record<string, number>): void {
    for (const name in counts) this.probes.set(name, (this.probes.get(name) ?? 0) + (counts[name] ?? 0));
  }

  private addRss(outcome: SeedOutcome): void {
    const rssBytes = outcome.rssBytes;
    const known = this.rss.get(outcome.workerId);
    if (known === undefined) {
      this.rss.set(outcome.workerId, {
        seeds: 1,
        rss_first_bytes: rssBytes ?? 0,
        rss_last_bytes: rssBytes ?? 0,
        rss_max_bytes: rssBytes ?? 0,
      });
      return;
    }
    known.seeds++;
    if (rssBytes === null) return;
    if (known.rss_first_bytes === 0) known.rss_first_bytes = rssBytes;
    known.rss_last_bytes = rssBytes;
    known.rss_max_bytes = Math.max(known.rss_max_bytes, rssBytes);
  }

  /** The throughput sampling period in force; it doubles each time the samples are thinned. */
  get periodMs(): number {
    return this.samplePeriodMs;
  }

  /** Records the seeds done so far; thins to every other sample when the list is full. */
  sample(elapsedMs: number): void {
    const last = this.throughput.at(-1);
    if (last !== undefined && elapsedMs - last.elapsed_ms < this.samplePeriodMs) return;
    this.throughput.push({ elapsed_ms: Math.round(elapsedMs), seeds_done: this.totals.seeds });
    if (this.throughput.length <= THROUGHPUT_SAMPLES_MAX) return;
    const kept = this.throughput.filter((_, i) => i % 2 === 0);
    this.throughput.splice(0, this.throughput.length, ...kept);
    this.samplePeriodMs *= 2;
  }

  /** Forces a final sample at the end, whatever the period. */
  finalSample(elapsedMs: number): void {
    const last = this.throughput.at(-1);
    if (last !== undefined && last.seeds_done === this.totals.seeds) return;
    this.throughput.push({ elapsed_ms: Math.round(elapsedMs), seeds_done: this.totals.seeds });
  }

  workerRss(shardLabel: string): WorkerRssSummary[] {
    return [...this.rss.entries()]
      .sort(([a], [b]) => a - b)
      .map(([worker, summary]) => ({ shard: shardLabel, worker, ...summary }));
  }
}
