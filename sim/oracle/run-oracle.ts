/**
 * `vopr oracle` as a function: redlite against a live Redis, group by group (the spec's command
 * groups, sim/oracle/groups.ts). Each group runs `seeds` seeded command streams of the group's
 * case count; every command goes to Redis and to redlite (in-process or bin/redlite-server over
 * RESP) and the replies are judged (sim/oracle/judge.ts). A group's check reports its
 * divergences with the first divergent command and both replies, and the command that replays
 * the group's seed.
 *
 * SPOP picks at random on both sides, so it is not sent to Redis as is: redlite's pick is
 * checked against Redis's set (SREM of the picked members must remove each of them, and a
 * short pick must have emptied the set), which also keeps both sides' state equal.
 *
 * Redis has only the wall clock, so redlite runs on it too, and generated relative TTLs are at
 * least ten minutes so nothing expires mid-run except deadlines already past. Servers the run
 * started are stopped at its end, pass or fail, or stopped early: a stop the pacer asks for (a
 * signal at the CLI) ends the run after the command in flight, the groups judged on what ran
 * (a divergence found still fails; a group cut short without one is skipped, as is every group
 * not reached). It leaves out printing (the CLI command).
 */
import { Redlite } from '../../redlite/index.ts';
import type { Arg, Reply } from '../../redlite/reply.ts';
import { systemClock } from '../../redlite/system-clock.ts';
import { formatArgv, formatReply } from '../format-reply.ts';
import { createFamilyWorkload, OPS } from '../ops/index.ts';
import { type Pacer, UNPACED } from '../pacing.ts';
import { Rng } from '../random/Rng.ts';
import { shellWord } from '../replay-command.ts';
import { filterNames, SuiteOptionError, wholeNumberOption } from '../suite/options.ts';
import { buildSuiteReport, failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { ORACLE_GROUP_NAMES, ORACLE_GROUPS, type OracleGroup } from './groups.ts';
import { repliesAgree } from './judge.ts';
import { type LocalServer, redisUrlOf, startRedisServer, startRedliteServer } from './local-servers.ts';
import { inProcessTarget, nodeRedisTarget, type OracleTarget } from './targets.ts';

export const ORACLE_TARGETS = ['inprocess', 'redlite-server'] as const;
export type OracleTargetName = (typeof ORACLE_TARGETS)[number];

export const ORACLE_SEEDS_DEFAULT = 1;
const ORACLE_SEEDS_MAX = 10_000;
/** Generated relative TTLs are at least this long, so nothing expires during a run. */
const TTL_MS_MIN = 600_000;
/** Keys per stream: few, so commands meet the values earlier ones made. */
const KEYS_PER_STREAM = 8;
const PROGRESS_EVERY_COMMANDS = 100;

export interface OracleOptions {
  readonly seed: bigint;
  readonly seeds: number;
  readonly groups: readonly string[];
  /** Redis to compare against; null starts redis-server from PATH. */
  readonly redisUrl: string | null;
  readonly target: OracleTargetName;
}

export interface OracleDeps {
  /** Opens the in-process redlite (tests plant bugs here). */
  readonly openRedlite?: () => Redlite;
  /** Asked before each command whether to stop (the CLI's pacer: a signal); never stops without one. */
  readonly pacer?: Pacer;
}

export interface OracleRun {
  readonly report: SuiteReport;
  /** The signal that stopped the run early, or null. */
  readonly stoppedBy: string | null;
}

/** Called before each command: false stops the stream there. */
type OnCommand = () => boolean;

export function oracleOptionsFrom(raw: {
  seed: bigint;
  seeds?: number | undefined;
  group?: string | undefined;
  redis?: string | undefined;
  target?: string | undefined;
}): OracleOptions {
  const target = raw.target ?? 'inprocess';
  if (!(ORACLE_TARGETS as readonly string[]).includes(target)) {
    throw new SuiteOptionError('--target', raw.target, `expected one of ${ORACLE_TARGETS.join(', ')}`);
  }
  if (raw.redis !== undefined && raw.redis.trim() === '') {
    throw new SuiteOptionError('--redis', raw.redis, 'expected a URL such as redis://localhost:6379');
  }
  return {
    seed: raw.seed,
    seeds: wholeNumberOption('--seeds', raw.seeds, { min: 1, max: ORACLE_SEEDS_MAX }, ORACLE_SEEDS_DEFAULT),
    groups: filterNames(ORACLE_GROUP_NAMES, raw.group),
    redisUrl: raw.redis === undefined ? null : redisUrlOf(raw.redis),
    target: target as OracleTargetName,
  };
}

/** The seed of one group's stream `index`: forked by group name, so groups never share one. */
export function streamSeed(seed: bigint, group: string, index: number): bigint {
  return new Rng(seed).fork(`oracle/${group}/${index}`).nextSeed();
}

export function oracleReplay(options: OracleOptions, group: string): string {
  const words = ['bin/vopr', 'oracle', '--group', group, '--seed', options.seed.toString(10)];
  words.push('--seeds', String(options.seeds), '--target', options.target);
  if (options.redisUrl !== null) words.push('--redis', options.redisUrl);
  return words.map(shellWord).join(' ');
}

interface Divergence {
  readonly stream: bigint;
  readonly index: number;
  readonly argv: readonly Arg[];
  readonly expected: string;
  readonly actual: string;
}

function membersOf(reply: Reply): Buffer[] {
  if (reply.type === 'bulk') return reply.value === null ? [] : [reply.value];
  if (reply.type === 'array' && reply.value !== null)
    return reply.value.flatMap((item) => (item.type === 'bulk' && item.value !== null ? [item.value] : []));
  return [];
}

/**
 * SPOP, judged for validity: redlite pops; Redis removes what redlite popped. Returns the
 * replies to compare: Redis's side is what redlite's pick would have been on Redis, or the
 * evidence that it could not have been.
 */
async function spop(
  redis: OracleTarget,
  target: OracleTarget,
  argv: readonly Arg[],
): Promise<Divergence | null> {
  const actual = await target.send(argv);
  if (actual.type === 'error') {
    const expected = await redis.send(argv);
    return repliesAgree(argv, expected, actual)
      ? null
      : { stream: 0n, index: 0, argv, expected: formatReply(expected), actual: formatReply(actual) };
  }
  const key = argv[1] as Arg;
  const asked = argv.length > 2 ? Number(String(argv[2])) : 1;
  const members = membersOf(actual);
  if (members.length > 0) {
    const removed = await redis.send(['SREM', key, ...members]);
    if (removed.type !== 'integer' || Number(removed.value) !== members.length) {
      return {
        stream: 0n,
        index: 0,
        argv,
        expected: `a pick from the set (SREM of redlite's pick removed ${formatReply(removed)})`,
        actual: formatReply(actual),
      };
    }
  }
  if (members.length < asked) {
    const left = await redis.send(['SCARD', key]);
    if (left.type !== 'integer' || Number(left.value) !== 0) {
      return {
        stream: 0n,
        index: 0,
        argv,
        expected: `${asked} members (the set holds ${formatReply(left)} more)`,
        actual: formatReply(actual),
      };
    }
  }
  return null;
}

async function runStream(
  group: OracleGroup,
  stream: bigint,
  redis: OracleTarget,
  target: OracleTarget,
  onCommand: OnCommand,
): Promise<{ commands: number; divergences: Divergence[] }> {
  await redis.flush();
  await target.flush();
  const names = new Set([...group.commands, ...group.helpers]);
  const workload = createFamilyWorkload({
    seed: stream,
    nowMs: () => systemClock.now(),
    ttlMsMin: TTL_MS_MIN,
    keysPerFamily: KEYS_PER_STREAM,
    sharedKeyRate: 1,
    ops: OPS.filter((spec) => names.has(spec.name)),
  });
  const divergences: Divergence[] = [];
  let index = 0;
  for (; index < group.cases; index++) {
    if (!onCommand()) break;
    const argv = workload.next();
    if (String(argv[0]).toUpperCase() === 'SPOP') {
      const divergence = await spop(redis, target, argv);
      if (divergence !== null) divergences.push({ ...divergence, stream, index });
      continue;
    }
    const expected = await redis.send(argv);
    const actual = await target.send(argv);
    if (!repliesAgree(argv, expected, actual)) {
      divergences.push({ stream, index, argv, expected: formatReply(expected), actual: formatReply(actual) });
    }
  }
  return { commands: index, divergences };
}

async function runGroup(
  group: OracleGroup,
  options: OracleOptions,
  sides: { redis: OracleTarget; target: OracleTarget },
  onCommand: OnCommand,
  stopReason: () => string | null,
): Promise<CheckResult> {
  const stopwatch = startStopwatch();
  let commands = 0;
  const divergences: Divergence[] = [];
  for (let i = 0; i < options.seeds && stopReason() === null; i++) {
    const result = await runStream(
      group,
      streamSeed(options.seed, group.name, i),
      sides.redis,
      sides.target,
      onCommand,
    );
    commands += result.commands;
    divergences.push(...result.divergences);
  }
  const summary = `${commands} commands (${group.commands.join(' ')}) on ${options.seeds} seed${options.seeds === 1 ? '' : 's'}, ${divergences.length} divergences`;
  const figures = { commands, divergences: divergences.length, seeds: options.seeds };
  const first = divergences[0];
  const stoppedBy = stopReason();
  if (first === undefined && stoppedBy !== null) {
    return skipped(
      group.name,
      `stopped by ${stoppedBy} after ${commands} of ${group.cases * options.seeds} commands, no divergence`,
    );
  }
  if (first === undefined) return passed(group.name, summary, figures, stopwatch.elapsedMs());
  return failed(group.name, summary, figures, stopwatch.elapsedMs(), {
    message: `first divergence: command #${first.index} of stream ${first.stream}: ${formatArgv(first.argv)}`,
    details: [
      `redis:   ${first.expected}`,
      `redlite: ${first.actual}`,
      `${divergences.length} divergent commands in the group (later ones may follow from the first)`,
    ],
    replay: oracleReplay(options, group.name),
  });
}

function openInProcess(deps: OracleDeps): () => Redlite {
  return deps.openRedlite ?? (() => Redlite.open(':memory:', { clock: systemClock }));
}

export async function runOracle(
  options: OracleOptions,
  observer: SuiteObserver = {},
  deps: OracleDeps = {},
): Promise<OracleRun> {
  const stopwatch = startStopwatch();
  const pacer = deps.pacer ?? UNPACED;
  const stopReason = () => pacer.stopReason();
  pacer.begin?.();
  const servers: LocalServer[] = [];
  const sides: OracleTarget[] = [];
  const checks: CheckResult[] = [];
  try {
    let redisUrl = options.redisUrl;
    if (redisUrl === null) {
      const server = await startRedisServer();
      servers.push(server);
      redisUrl = server.url;
    }
    const redis = await nodeRedisTarget(redisUrl, `redis at ${redisUrl}`);
    sides.push(redis);
    let target: OracleTarget;
    if (options.target === 'redlite-server') {
      const server = await startRedliteServer();
      servers.push(server);
      target = await nodeRedisTarget(server.url, server.label);
    } else {
      target = inProcessTarget(openInProcess(deps));
    }
    sides.push(target);
    observer.note?.(`oracle: ${target.label} against ${redis.label}`);
    const chosen = ORACLE_GROUPS.filter((group) => options.groups.includes(group.name));
    const total = chosen.reduce((sum, group) => sum + group.cases * options.seeds, 0);
    let done = 0;
    for (const group of chosen) {
      const onCommand = () => {
        if (stopReason() !== null) return false;
        done++;
        if (done % PROGRESS_EVERY_COMMANDS === 0) observer.progress?.(done, total, group.name);
        return true;
      };
      const stoppedBy = stopReason();
      const result =
        stoppedBy === null
          ? await runGroup(group, options, { redis, target }, onCommand, stopReason)
          : skipped(group.name, `not run: stopped by ${stoppedBy}`);
      checks.push(result);
      observer.checkDone?.(result);
    }
    observer.progress?.(done, total, 'done');
  } finally {
    pacer.end?.();
    for (const side of sides) await side.close();
    for (const server of servers) await server.stop();
  }
  const stoppedBy = stopReason();
  const report = buildSuiteReport({
    command: 'oracle',
    seed: options.seed,
    options: {
      seeds: options.seeds,
      groups: options.groups,
      target: options.target,
      redis: options.redisUrl ?? 'redis-server from PATH',
    },
    wallMs: stopwatch.elapsedMs(),
    checks,
    data: { complete: stoppedBy === null, stopped_by: stoppedBy },
  });
  return { report, stoppedBy };
}
