/**
 * `vopr stress` as a function: each chosen variant (sim/stress/tests.ts) against
 * bin/redlite-server over loopback and against redlite in process, and with `--compare redis`
 * against redis-server under the same load. Every target gets a fresh server (or database) per
 * variant, so RSS and database size belong to that variant. A variant's check passes when
 * every target answered every command as expected and read back the expected end state; the
 * speed figures are measurements, never a verdict. It leaves out printing (the CLI command).
 *
 * A stop the pacer asks for (a signal at the CLI) takes effect between two measurements: one
 * under way runs to its end (a measurement cut short would be a wrong figure), the variant is
 * judged on the targets measured (a wrong reply still fails it; otherwise it is skipped), and
 * the variants not reached are skipped.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redlite } from '../../redlite/index.ts';
import { systemClock } from '../../redlite/system-clock.ts';
import { type LocalServer, startRedisServer, startRedliteServer } from '../oracle/local-servers.ts';
import { inProcessTarget, nodeRedisTarget } from '../oracle/targets.ts';
import { type Pacer, UNPACED } from '../pacing.ts';
import { SuiteOptionError } from '../suite/options.ts';
import { buildSuiteReport, failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { type DriveResult, type DriveTarget, drive, openInBatches } from './drive.ts';
import { STRESS_TEST_NAMES, type StressVariant, stressVariants } from './tests.ts';
import { stressWorkload } from './workloads.ts';

export const STRESS_TARGETS = ['redlite-server', 'inprocess', 'redis'] as const;
export type StressTarget = (typeof STRESS_TARGETS)[number];

export interface StressOptions {
  readonly test: string | null;
  readonly full: boolean;
  readonly compareRedis: boolean;
  readonly seed: bigint;
}

export interface StressRun {
  readonly report: SuiteReport;
  /** The signal that stopped the run between two measurements, or null. */
  readonly stoppedBy: string | null;
}

export interface StressMeasurement extends DriveResult {
  readonly target: StressTarget;
  readonly variant: string;
  readonly test: string;
  /** Resident memory of the process serving the target, MB; null where it cannot be read. */
  readonly rss_mb: number | null;
  /** Database file plus WAL, bytes; null for Redis (no persistence). */
  readonly db_bytes: number | null;
}

export function stressOptionsFrom(raw: {
  test?: string | undefined;
  full?: boolean | undefined;
  compare?: string | undefined;
  seed: bigint;
}): StressOptions {
  if (raw.test !== undefined && !(STRESS_TEST_NAMES as readonly string[]).includes(raw.test)) {
    throw new SuiteOptionError('--test', raw.test, `expected one of ${STRESS_TEST_NAMES.join(', ')}`);
  }
  if (raw.compare !== undefined && raw.compare !== 'redis') {
    throw new SuiteOptionError('--compare', raw.compare, 'expected redis');
  }
  return {
    test: raw.test ?? null,
    full: raw.full === true,
    compareRedis: raw.compare === 'redis',
    seed: raw.seed,
  };
}

/** VmRSS of a process in MB, from /proc (Linux); null elsewhere. */
function rssMbOf(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Math.round(Number(match[1]) / 102.4) / 10;
  } catch {
    return null;
  }
}

function dbBytesOf(path: string): number {
  let bytes = 0;
  for (const file of [path, `${path}-wal`]) if (existsSync(file)) bytes += statSync(file).size;
  return bytes;
}

async function measureServer(
  variant: StressVariant,
  target: 'redlite-server' | 'redis',
  seed: bigint,
): Promise<StressMeasurement> {
  const server: LocalServer = target === 'redis' ? await startRedisServer() : await startRedliteServer();
  try {
    const drivable: DriveTarget = {
      concurrent: true,
      connect: (count) => openInBatches(count, () => nodeRedisTarget(server.url, server.label)),
    };
    const result = await drive(variant, stressWorkload(variant, seed), drivable);
    return {
      ...result,
      target,
      variant: variant.label,
      test: variant.test,
      rss_mb: rssMbOf(server.pid),
      db_bytes: server.dbPath === null ? null : dbBytesOf(server.dbPath),
    };
  } finally {
    await server.stop();
  }
}

async function measureInProcess(variant: StressVariant, seed: bigint): Promise<StressMeasurement> {
  const folder = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'vopr-stress-'));
  const dbPath = join(folder, 'stress.db');
  try {
    const target = inProcessTarget(() => Redlite.open(dbPath, { clock: systemClock }));
    const drivable: DriveTarget = {
      concurrent: false,
      connect: async (count) => Array.from({ length: count }, () => target),
    };
    const result = await drive(variant, stressWorkload(variant, seed), drivable);
    return {
      ...result,
      target: 'inprocess',
      variant: variant.label,
      test: variant.test,
      rss_mb: Math.round(process.memoryUsage().rss / 104_857.6) / 10,
      db_bytes: dbBytesOf(dbPath),
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function line(m: StressMeasurement): string {
  const memory = m.rss_mb === null ? '' : `, RSS ${m.rss_mb} MB`;
  const db = m.db_bytes === null ? '' : `, db ${(m.db_bytes / 1_048_576).toFixed(1)} MB`;
  return `${m.target}: ${m.ops_per_s} ops/s, p50 ${m.latency.p50_ms} ms, p99 ${m.latency.p99_ms} ms, p99.9 ${m.latency.p999_ms} ms (raw p99 ${m.latency.raw_p99_ms} ms)${memory}${db}`;
}

function checkOf(
  variant: StressVariant,
  measured: readonly StressMeasurement[],
  wallMs: number,
  stoppedBy: string | null,
): CheckResult {
  const name = `${variant.test} ${variant.label}`;
  if (stoppedBy !== null && measured.every((m) => m.mismatches === 0)) {
    const done = measured.map((m) => m.target).join(', ') || 'no target';
    return skipped(name, `stopped by ${stoppedBy} after measuring ${done}`);
  }
  const summary = measured.map(line).join('; ');
  const figures: Record<string, number> = {};
  for (const m of measured) {
    const prefix = m.target.replace('-', '_');
    figures[`${prefix}_ops_per_s`] = m.ops_per_s;
    figures[`${prefix}_p50_ms`] = m.latency.p50_ms;
    figures[`${prefix}_p99_ms`] = m.latency.p99_ms;
    figures[`${prefix}_p999_ms`] = m.latency.p999_ms;
    figures[`${prefix}_raw_p99_ms`] = m.latency.raw_p99_ms;
    if (m.rss_mb !== null) figures[`${prefix}_rss_mb`] = m.rss_mb;
    if (m.db_bytes !== null) figures[`${prefix}_db_bytes`] = m.db_bytes;
    figures[`${prefix}_mismatches`] = m.mismatches;
  }
  const wrong = measured.filter((m) => m.mismatches > 0);
  if (wrong.length === 0) return passed(name, summary, figures, wallMs);
  return failed(name, summary, figures, wallMs, {
    message: `wrong replies or end state on ${wrong.map((m) => `${m.target} (${m.mismatches})`).join(', ')}`,
    details: wrong.flatMap((m) => m.examples.map((example) => `${m.target}: ${example}`)),
    replay: `bin/vopr stress --test ${variant.test}${variant.connections > 100 || variant.keys > 10_000 ? ' --full' : ''}`,
  });
}

export async function runStress(
  options: StressOptions,
  observer: SuiteObserver = {},
  pacer: Pacer = UNPACED,
): Promise<StressRun> {
  const stopwatch = startStopwatch();
  const variants = stressVariants(options.full, options.test);
  const targets: StressTarget[] = [
    'redlite-server',
    'inprocess',
    ...(options.compareRedis ? (['redis'] as const) : []),
  ];
  const checks: CheckResult[] = [];
  const measurements: StressMeasurement[] = [];
  let done = 0;
  pacer.begin?.();
  try {
    for (const variant of variants) {
      const variantWatch = startStopwatch();
      const measured: StressMeasurement[] = [];
      for (const target of targets) {
        if (pacer.stopReason() !== null) break;
        observer.progress?.(
          done,
          variants.length * targets.length,
          `${variant.test} ${variant.label} on ${target}`,
        );
        measured.push(
          target === 'inprocess'
            ? await measureInProcess(variant, options.seed)
            : await measureServer(variant, target, options.seed),
        );
        done++;
      }
      measurements.push(...measured);
      const check = checkOf(variant, measured, variantWatch.elapsedMs(), pacer.stopReason());
      checks.push(check);
      observer.checkDone?.(check);
    }
  } finally {
    pacer.end?.();
  }
  const stoppedBy = pacer.stopReason();
  const report = buildSuiteReport({
    command: 'stress',
    seed: options.seed,
    options: { test: options.test, full: options.full, compare: options.compareRedis ? 'redis' : null },
    wallMs: stopwatch.elapsedMs(),
    checks,
    data: {
      latency:
        'closed loop; coordinated omission corrected with recordCorrectedValue semantics, expected interval = warm-up median',
      measurements,
      complete: stoppedBy === null,
      stopped_by: stoppedBy,
    },
  });
  return { report, stoppedBy };
}
