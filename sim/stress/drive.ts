/**
 * Driving one stress variant against one target and measuring it: the preload, a short
 * warm-up (whose median latency is the expected interval of the latency corrections), then the
 * timed run, then the read-back. Over RESP, each connection is its own node-redis client and
 * all of them run at once, each closed loop; in process, redlite runs on this thread, so the
 * connections take turns, one command each. Throughput is ops over the timed run's wall time.
 * Wall time comes from sim/wall-clock.ts; none of it reaches a world.
 */
import type { Arg } from '../../redlite/reply.ts';
import type { OracleTarget } from '../oracle/targets.ts';
import { wallNowMs } from '../wall-clock.ts';
import { LatencyRecorder, type LatencySummary, medianMs } from './latency.ts';
import type { StressVariant } from './tests.ts';
import { mismatch, type StressWorkload } from './workloads.ts';

const WARMUP_OPS = 50;
/** Mismatches kept for the report, at most. */
const MISMATCHES_MAX = 5;
/** Clients connected at once while opening a thousand. */
const CONNECT_BATCH = 50;

export interface DriveResult {
  readonly ops: number;
  readonly wall_ms: number;
  readonly ops_per_s: number;
  readonly latency: LatencySummary;
  /** Replies that were not what the workload expected, during the run or the read-back. */
  readonly mismatches: number;
  readonly examples: readonly string[];
  readonly verified: number;
}

export interface DriveTarget {
  /** Opens `count` connections (the same one `count` times in process). */
  connect(count: number): Promise<OracleTarget[]>;
  readonly concurrent: boolean;
}

export async function openInBatches(
  count: number,
  open: () => Promise<OracleTarget>,
): Promise<OracleTarget[]> {
  const clients: OracleTarget[] = [];
  for (let start = 0; start < count; start += CONNECT_BATCH) {
    const batch = Math.min(CONNECT_BATCH, count - start);
    clients.push(...(await Promise.all(Array.from({ length: batch }, open))));
  }
  return clients;
}

export async function drive(
  variant: StressVariant,
  workload: StressWorkload,
  target: DriveTarget,
): Promise<DriveResult> {
  const clients = await target.connect(variant.connections);
  const first = clients[0] as OracleTarget;
  const examples: string[] = [];
  let mismatches = 0;
  const note = (argv: readonly Arg[], problem: string | null) => {
    if (problem === null) return;
    mismatches++;
    if (examples.length < MISMATCHES_MAX)
      examples.push(`${String(argv[0])} ${String(argv[1] ?? '')}: ${problem}`);
  };
  try {
    for (const argv of workload.preload()) {
      const reply = await first.send(argv);
      if (reply.type === 'error') note(argv, reply.value);
    }
    const warmup: number[] = [];
    for (let i = 0; i < WARMUP_OPS; i++) {
      const start = wallNowMs();
      await first.send(['SET', `warmup:${i}`, 'w']);
      warmup.push(wallNowMs() - start);
    }
    const recorder = new LatencyRecorder(medianMs(warmup));
    const perConnection = Math.floor(variant.ops / variant.connections);
    const one = async (client: OracleTarget, conn: number, index: number) => {
      const op = workload.next(conn, index);
      const start = wallNowMs();
      const reply = await client.send(op.argv);
      recorder.record(wallNowMs() - start);
      note(op.argv, mismatch(op, reply));
    };
    const started = wallNowMs();
    if (target.concurrent) {
      await Promise.all(
        clients.map(async (client, conn) => {
          for (let index = 0; index < perConnection; index++) await one(client, conn, index);
        }),
      );
    } else {
      for (let index = 0; index < perConnection; index++) {
        for (let conn = 0; conn < clients.length; conn++)
          await one(clients[conn] as OracleTarget, conn, index);
      }
    }
    const wallMs = wallNowMs() - started;
    const reads = workload.verify();
    for (const op of reads) note(op.argv, mismatch(op, await first.send(op.argv)));
    const ops = perConnection * clients.length;
    return {
      ops,
      wall_ms: Math.round(wallMs),
      ops_per_s: Math.round(ops / Math.max(wallMs / 1000, 1e-6)),
      latency: recorder.summary(),
      mismatches,
      examples,
      verified: reads.length,
    };
  } finally {
    for (const client of new Set(clients)) await client.close();
  }
}
