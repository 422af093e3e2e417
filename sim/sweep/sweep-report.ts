/**
 * Builds the sweep's JSON report from its tally: totals, rates per wall second, simulated-to-
 * real time per scenario, the parent's CPU cost, failures with their signatures, probe hits,
 * the throughput curve and per-worker memory. Rendering the report (Markdown, HTML) and
 * joining shard reports live in sim/report/.
 */
import { cpuSecondsPer1000Seeds, perWallSecond } from '../report/rates.ts';
import { hostInfo } from '../report/run-meta.ts';
import { sortSignatures } from '../report/signature.ts';
import { simToRealRatio } from '../report/sim-to-real.ts';
import { REPORT_FORMAT, REPORT_VERSION, type SweepReport } from '../report/types.ts';
import { toolInfo } from '../trace/tool-info.ts';
import type { SweepTally } from './SweepTally.ts';
import type { Shard } from './shard.ts';

export interface SweepReportInput {
  tally: SweepTally;
  shard: Shard;
  startedAt: string;
  endedAt: string;
  wallMs: number;
  options: Record<string, unknown>;
  workers: number;
  workersReplaced: number;
  /** What stopped the sweep early (a signal's name), or null when it ran its plan. */
  stoppedBy?: string | null;
  /** Seeds handed out but unfinished at the stop. */
  seedsAbandoned?: number;
  /** Catalogued probes the sweep's worlds cannot reach, with the reason for each. */
  probeUnreachable?: Record<string, string>;
  /** CPU the parent process used while the seeds ran. */
  parentCpuMs: number;
  probeCatalogue: string[];
  repoRoot: string;
}

export function shardLabel(shard: Shard, host: string): string {
  return shard.count === 1 ? host : `shard ${shard.index}/${shard.count} on ${host}`;
}

export function buildSweepReport(input: SweepReportInput): SweepReport {
  const { tally, shard, wallMs } = input;
  const host = hostInfo();
  const { tool } = toolInfo(input.repoRoot);
  const label = shardLabel(shard, host.hostname);
  const scenarios = Object.fromEntries(
    [...tally.scenarios.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, totals]) => [name, { ...totals }]),
  );
  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    tool: { name: tool.name, version: tool.version, git: tool.commit },
    host,
    started_at: input.startedAt,
    ended_at: input.endedAt,
    wall_ms: Math.round(wallMs),
    options: input.options,
    complete: (input.stoppedBy ?? null) === null,
    stopped_by: input.stoppedBy ?? null,
    seeds_abandoned: input.seedsAbandoned ?? 0,
    shards: [
      {
        index: shard.index,
        count: shard.count,
        host: host.hostname,
        started_at: input.startedAt,
        ended_at: input.endedAt,
        wall_ms: Math.round(wallMs),
        seeds: tally.totals.seeds,
        workers: input.workers,
        workers_replaced: input.workersReplaced,
        parent_cpu_ms: Math.round(input.parentCpuMs),
        complete: (input.stoppedBy ?? null) === null,
      },
    ],
    totals: { ...tally.totals },
    scenarios,
    seeds_per_s: perWallSecond(tally.totals.seeds, wallMs),
    ops_per_wall_s: perWallSecond(tally.totals.ops, wallMs),
    virtual_ms_per_wall_s: perWallSecond(tally.totals.virtual_ms, wallMs),
    sim_to_real: Object.fromEntries(
      [...tally.time.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, time]) => [name, { ...time, ratio: simToRealRatio(time.virtual_ms, time.wall_ms) }]),
    ),
    parent_cpu_s_per_1000_seeds: cpuSecondsPer1000Seeds(input.parentCpuMs, tally.totals.seeds),
    failures: [...tally.failures].sort((a, b) => a.index - b.index),
    signatures: sortSignatures(
      [...tally.signatures.values()].map((s) => ({ ...s, scenarios: [...s.scenarios] })),
    ),
    probes: Object.fromEntries([...tally.probes.entries()].sort(([a], [b]) => a.localeCompare(b))),
    probe_catalogue: input.probeCatalogue,
    probe_unreachable: input.probeUnreachable ?? {},
    throughput: [{ label, samples: [...tally.throughput] }],
    workers: tally.workerRss(label),
    results_complete: tally.resultsComplete,
    results: [...tally.results].sort((a, b) => a.index - b.index),
  };
}
