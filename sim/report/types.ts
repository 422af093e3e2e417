/**
 * The sweep report as data: what `vopr sweep --report x.json` writes, what `vopr merge` reads
 * and joins, and what the Markdown and HTML renderers draw from. Field names are snake_case
 * like RunResult's, since both are read by machines outside TypeScript.
 */

export const REPORT_FORMAT = 'redlite-dst/sweep-report';
export const REPORT_VERSION = 1;

/** One seed's result, kept for every seed so that shards can be checked and joined. */
export interface SeedRecord {
  /** Position in the whole sweep, from 0 (the shard rule works on this). */
  index: number;
  seed: string;
  scenario: string;
  result: 'pass' | 'fail';
  ops: number;
  virtual_ms: number;
  wall_ms: number;
  /** Null when the seed never finished (its worker died or it hung). */
  trace_hash: string | null;
}

/**
 * How a seed failed: an invariant the checkers caught, its worker dying (signal, exit code,
 * out of memory), a hang past `--seed-timeout`, or runSeed throwing (a simulator bug).
 */
export type FailureKind = 'invariant' | 'worker-died' | 'hang' | 'simulator-error';

export type TimelineMarker = 'op' | 'timer' | 'crash' | 'power' | 'disk' | 'fault';

export interface TimelineEvent {
  index: number;
  at_ms: number;
  /** A client number, or null for world events (timers and faults). */
  client: number | null;
  marker: TimelineMarker;
  /** The command name, timer name or fault name. */
  label: string;
}

/** A window of a failing seed's trace, small enough to draw and to carry in the JSON. */
export interface Timeline {
  clients: number[];
  events: TimelineEvent[];
  failing_index: number | null;
  /** Trace events left out before and after the window. */
  omitted_before: number;
  omitted_after: number;
}

export interface FailureRecord {
  seed: string;
  index: number;
  scenario: string;
  kind: FailureKind;
  invariant: string;
  message: string;
  command: string | null;
  event_index: number | null;
  expected: string | null;
  actual: string | null;
  trace_path: string | null;
  shrunk_trace_path: string | null;
  replay: string;
  /** Set when the seed's traced re-run disagreed with its first run. */
  nondeterminism: string | null;
  timeline: Timeline | null;
}

export interface ScenarioTotals {
  seeds: number;
  passed: number;
  failed: number;
  ops: number;
  virtual_ms: number;
}

/**
 * Simulated-to-real time of one scenario, as VOPR users read it: the virtual time its seeds
 * covered against the real time they took, each summed over the seeds (a seed's own wall_ms,
 * so the figure does not depend on how many workers ran side by side).
 */
export interface SimToReal {
  virtual_ms: number;
  wall_ms: number;
  /** virtual_ms / wall_ms: how many times faster than real time the simulation ran. */
  ratio: number;
}

export interface ThroughputSample {
  elapsed_ms: number;
  seeds_done: number;
}

export interface ThroughputSeries {
  /** `shard i/n on host`, so a merged report keeps one line per shard. */
  label: string;
  samples: ThroughputSample[];
}

export interface Signature {
  /** `invariant command`, the key failures are deduplicated by. */
  signature: string;
  invariant: string;
  command: string | null;
  count: number;
  /** The first failing seed of this signature, as an example to replay. */
  example_seed: string;
  example_replay: string;
  scenarios: string[];
}

export interface ShardInfo {
  index: number;
  count: number;
  host: string;
  started_at: string;
  ended_at: string;
  wall_ms: number;
  seeds: number;
  workers: number;
  /** Workers replaced after dying or hanging. */
  workers_replaced: number;
  /** CPU time the sweep's parent process used while the seeds ran (its workers not included). */
  parent_cpu_ms: number;
  /** False when this shard's sweep was stopped early; absent in older reports (complete). */
  complete?: boolean;
}

export interface WorkerRssSummary {
  shard: string;
  worker: number;
  seeds: number;
  rss_first_bytes: number;
  rss_last_bytes: number;
  rss_max_bytes: number;
}

export interface SweepReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  tool: { name: string; version: string; git: string | null };
  host: { hostname: string; platform: string; arch: string; cpus: number; node: string };
  started_at: string;
  ended_at: string;
  wall_ms: number;
  /** The sweep's options as given (minus the shard, which `shards` lists). */
  options: Record<string, unknown>;
  /**
   * False when the sweep stopped before its plan ran out (a signal), so the counts cover only
   * the seeds that finished. Absent in reports written before sweeps could be stopped: complete.
   */
  complete?: boolean;
  /** What stopped an incomplete sweep, such as "SIGINT"; null when complete. */
  stopped_by?: string | null;
  /** Seeds handed to workers but unfinished at the stop: neither passed nor failed. */
  seeds_abandoned?: number;
  shards: ShardInfo[];
  totals: ScenarioTotals;
  scenarios: Record<string, ScenarioTotals>;
  seeds_per_s: number;
  ops_per_wall_s: number;
  virtual_ms_per_wall_s: number;
  /** Simulated-to-real time per scenario. */
  sim_to_real: Record<string, SimToReal>;
  /** The parent processes' CPU seconds per 1000 seeds: what scheduling the workers costs. */
  parent_cpu_s_per_1000_seeds: number;
  failures: FailureRecord[];
  signatures: Signature[];
  probes: Record<string, number>;
  /** Probe names the catalogue knows; those with no hits are flagged as never hit. */
  probe_catalogue: string[];
  /**
   * Catalogued probes this sweep's worlds cannot reach, each with the reason (no scenario of the
   * sweep switches on the fault that fires it); the reports list them apart instead of flagging
   * them never hit. Absent in older reports: every catalogued probe is judged.
   */
  probe_unreachable?: Record<string, string>;
  throughput: ThroughputSeries[];
  workers: WorkerRssSummary[];
  /** False when more seeds ran than `SEED_RECORDS_MAX` and the list was cut. */
  results_complete: boolean;
  results: SeedRecord[];
}
