/**
 * runLive: one seed against a live RESP server, end to end. The seed's world config gives the
 * workload (the scenario's generators, its clients and their op mix, sim/clients); the seed's
 * live choices give the server's durability setting and its kills (live-choices.ts). The tool
 * starts the server when the target asks for it, runs every client on its own real connection
 * in wall time, kills and restarts the server where the seed says, audits the state after each
 * restart and at the end, stops the server, and judges the history with the linearizability
 * checker under what the server promised (durability-promise.ts).
 *
 * It does not replay: the server's timing decides how operations interleave, so one seed gives
 * different histories on different runs. The history it returns is what re-checks offline.
 */
import { OpMix } from '../clients/OpMix.ts';
import { SimClient } from '../clients/SimClient.ts';
import type { WorldConfig } from '../config/WorldConfig.ts';
import { type CheckReport, checkHistorySteps, type History } from '../linearizability/index.ts';
import { finishPaced, type Pacer, RunInterruptedError, UNPACED } from '../pacing.ts';
import { Rng } from '../random/index.ts';
import { configFor, type SeedRunOptions } from '../run.ts';
import { startStopwatch, wallNowMs } from '../wall-clock.ts';
import { defaultOpCatalogue } from '../world/defaults.ts';
import {
  type DurabilityPromise,
  durabilityPromise,
  judgedHistory,
  type KillRecord,
} from './durability-promise.ts';
import { LiveClient } from './LiveClient.ts';
import { LiveCoordinator } from './LiveCoordinator.ts';
import { settingText } from './launch-plans.ts';
import { drawLiveChoices, type LiveChoices } from './live-choices.ts';
import { RUN_WALL_MS_MAX } from './live-limits.ts';
import type { LiveTarget } from './live-target.ts';
import { checkPrefixesSteps } from './prefix-check.ts';
import { ServerProcess } from './ServerProcess.ts';
import { emptyAtStart, flushAtEnd } from './target-database.ts';
import { withinMs } from './wall-time.ts';

export interface LiveRunOptions {
  readonly seed: bigint;
  readonly target: LiveTarget;
  /** The world flags (scenario, ops, clients, durability, faults) as for a simulated run. */
  readonly world?: Omit<SeedRunOptions, 'seed'>;
  /** Extra environment for a server the tool starts (a test's planted bug). */
  readonly serverEnv?: Readonly<Record<string, string>>;
  /** Wall milliseconds the checker may spend on one key partition before saying `unknown`. */
  readonly checkBudgetMs: number;
  /**
   * Why the host wants the run to stop (a signal's name), or null to go on: clients then issue
   * no more ops, and the run stops its server and judges what it has.
   */
  readonly stopReason?: () => string | null;
  /**
   * Paces the check at the end (sim/pacing.ts), which can take up to `checkBudgetMs` per
   * partition: a stop reason at one of its pauses ends it with no verdict (`checkStopped`).
   */
  readonly pacer?: Pacer;
}

export interface LiveRun {
  readonly config: WorldConfig;
  readonly choices: LiveChoices;
  /** The durability setting in words, or null for an address target. */
  readonly setting: string | null;
  readonly promise: DurabilityPromise | null;
  readonly kills: readonly KillRecord[];
  /** The history as judged: the recorded one, with a loss per kill when the promise has a window. */
  readonly history: History;
  /** Operations that returned inside a loss window (durability-promise.ts). */
  readonly atRiskIds: readonly number[];
  /** The check's report; with `checkStopped`, an `unknown` one with no partition judged. */
  readonly report: CheckReport;
  /** A stop reason ended the check before it gave a verdict. */
  readonly checkStopped: boolean;
  /** When a prefix decided what the whole history left unknown: its operations (prefix-check.ts). */
  readonly prefixOps: number | null;
  /** Wall time of the workload (server start and stop excluded), and of the check. */
  readonly runWallMs: number;
  readonly checkWallMs: number;
  /** The started server's folder, removed by the time the run returns; null for an address. */
  readonly serverFolder: string | null;
  /** The host's stop reason when it stopped the run early (then fewer ops ran); else null. */
  readonly stoppedBy: string | null;
}

async function runClients(clients: readonly LiveClient[], coordinator: LiveCoordinator): Promise<void> {
  const all = Promise.allSettled(clients.map((client) => client.run()));
  const settled = await withinMs(all, RUN_WALL_MS_MAX, null);
  if (settled === null) coordinator.stop();
  const results = settled ?? (await all);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
}

export async function runLive(options: LiveRunOptions): Promise<LiveRun> {
  const config = configFor({ ...options.world, seed: options.seed });
  const killsAllowed = options.world?.faults !== 'none';
  const choices = drawLiveChoices(options.seed, config, options.target, killsAllowed);
  const server =
    choices.setting === null ? null : await ServerProcess.start(choices.setting, options.serverEnv);
  const host = server?.host ?? (options.target.kind === 'address' ? options.target.host : '');
  const port = server?.port ?? (options.target.kind === 'address' ? options.target.port : 0);
  const stopwatch = startStopwatch();
  let coordinator: LiveCoordinator;
  let runWallMs: number;
  try {
    if (server === null) await emptyAtStart(host, port);
    coordinator = new LiveCoordinator({
      host,
      port,
      server,
      opsMax: config.opsMax,
      killAtOps: choices.killAtOps,
      auditProcess: config.clients,
      ...(options.stopReason === undefined ? {} : { stopReason: options.stopReason }),
    });
    const root = new Rng(options.seed);
    const mix = new OpMix(config.opWeights, defaultOpCatalogue());
    // Plain commands only: a live history and its checker know no connection state (MULTI,
    // WATCH, SELECT, blocking pops), so the seed's session patterns stay off in a live run.
    const { sessions: _sessions, ...plain } = config;
    const clients = Array.from(
      { length: config.clients },
      (_, i) => new LiveClient(i, new SimClient(i, root.fork(`client:${i}`), plain, mix), coordinator),
    );
    await runClients(clients, coordinator);
    await coordinator.finish();
    if (server === null) await flushAtEnd(host, port);
    runWallMs = stopwatch.elapsedMs();
  } finally {
    await server?.stop();
  }
  const promise = choices.setting === null ? null : durabilityPromise(choices.setting);
  const judged =
    promise === null
      ? { history: coordinator.recorder.history(), atRiskIds: [] }
      : judgedHistory(coordinator.recorder.history(), coordinator.kills, promise);
  const checkWatch = startStopwatch();
  const checked = await checkPaced(judged.history, options.checkBudgetMs, options.pacer ?? UNPACED);
  const report = checked.report ?? stoppedReport(judged.history);
  return {
    config,
    choices,
    setting: choices.setting === null ? null : settingText(choices.setting),
    promise,
    kills: coordinator.kills,
    history: judged.history,
    atRiskIds: judged.atRiskIds,
    report,
    checkStopped: checked.stoppedBy !== null,
    prefixOps: checked.prefixOps,
    runWallMs,
    checkWallMs: checkWatch.elapsedMs(),
    serverFolder: server?.folder ?? null,
    stoppedBy: coordinator.stoppedBy ?? checked.stoppedBy,
  };
}

/** The whole history's check, then the prefixes' when it is unknown, paced; or why it stopped. */
async function checkPaced(
  history: History,
  budgetMs: number,
  pacer: Pacer,
): Promise<{ report: CheckReport | null; prefixOps: number | null; stoppedBy: string | null }> {
  try {
    const whole = await finishPaced(
      checkHistorySteps(history, { limits: { wallMsMax: budgetMs }, nowMs: wallNowMs }),
      pacer,
    );
    if (whole.verdict !== 'unknown') return { report: whole, prefixOps: null, stoppedBy: null };
    const decided = await finishPaced(checkPrefixesSteps(history, budgetMs), pacer);
    return { report: decided?.report ?? whole, prefixOps: decided?.prefixOps ?? null, stoppedBy: null };
  } catch (caught) {
    if (!(caught instanceof RunInterruptedError)) throw caught;
    return { report: null, prefixOps: null, stoppedBy: caught.reason };
  }
}

/** The report of a check a stop reason ended: undecided, with no partition judged. */
function stoppedReport(history: History): CheckReport {
  return { verdict: 'unknown', ops: history.ops.length, partitions: [], failure: null, timeline: null };
}
