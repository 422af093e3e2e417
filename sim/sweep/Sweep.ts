/**
 * The sweep's scheduler: keeps `workers` child processes busy with the seeds of a SeedPlan
 * until the plan or the time budget runs out. Each worker holds a short queue of seeds, topped
 * up in batches before it runs dry (see `queueDepth`), so it never waits on the parent. The
 * parent hears from a worker about twice per batch: the worker appends each seed's report to
 * the batch's journal and sends a notice once its queue runs short, and the parent reads the
 * reports then (ResultJournal.ts).
 *
 * A worker that dies (signal, exit code, out of memory) is running the first seed it holds that
 * has no report in the journal: that seed becomes a failure, the rest of its queue goes back to
 * be handed out again, and the worker is replaced. A seed past its timeout is recorded as a
 * hang, the same way. Failures of
 * the sweep itself (a runner module that will not load, a worker that dies again and again
 * while idle) abort with SweepAbortedError instead of spinning. What to do with each seed's
 * outcome is the listener's business (SweepTally).
 *
 * `stop` ends a sweep early (a signal): the reports already in the journals are read, the
 * workers are killed at once rather than waiting for seeds that may run for minutes, and the
 * sweep settles with what ran; the seeds the workers still held are counted as abandoned,
 * neither passed nor failed.
 */

import { replayCommand } from '../replay-command.ts';
import type { FailureRecord } from '../report/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import type { ProbeCounts, SeedReport, WorkerMessage } from './protocol.ts';
import { JournalLineError } from './ResultJournal.ts';
import type { PlannedSeed, SeedPlan } from './SeedPlan.ts';
import { outcomeOfError, outcomeOfResult, type SeedOutcome, unfinishedOutcome } from './seed-outcome.ts';
import { WorkerHandle, type WorkerSpawnConfig } from './WorkerHandle.ts';

export interface SweepConfig {
  readonly plan: SeedPlan;
  readonly workers: number;
  readonly seedTimeoutMs: number;
  /** Stop handing out seeds after this much real time; null runs the whole plan. */
  readonly timeBudgetMs: number | null;
  readonly spawn: WorkerSpawnConfig;
}

export interface SweepListener {
  seedDone(outcome: SeedOutcome): void;
  /** Probe hits a worker added up over some of its seeds. */
  probesHit(counts: ProbeCounts): void;
}

export interface SweepStats {
  workersStarted: number;
  /** Workers replaced after dying or hanging. */
  workersReplaced: number;
  /** Why the sweep stopped before its plan ran out (a signal's name), or null when it did not. */
  stoppedBy: string | null;
  /** Seeds handed out but unfinished when the sweep stopped: neither passed nor failed. */
  seedsAbandoned: number;
}

export class SweepAbortedError extends Error {
  constructor(reason: string) {
    super(`sweep aborted: ${reason}`);
    this.name = 'SweepAbortedError';
  }
}

/** Idle workers dying this many times in a row means the sweep itself is broken. */
const IDLE_DEATHS_MAX = 5;
/**
 * A worker that has not loaded the runner by then is broken. Generous, because start-up runs
 * beside busy workers (and tsx's first compile), and independent of a short --seed-timeout.
 */
const WORKER_START_MS_MIN = 60_000;
/**
 * How much work, in real time, each worker holds queued: enough that the parent's top-ups
 * (one message per half queue) stay rare beside the seeds, little enough that the sweep's tail
 * and a time budget overrun by no more than this.
 */
const QUEUE_MS_TARGET = 200;
/** Bounds on the seeds a worker holds; two means one running and one ready behind it. */
const QUEUE_SEEDS_MIN = 2;
const QUEUE_SEEDS_MAX = 64;
/** Weight of the newest seed in the running mean of seed time. */
const SEED_MS_SMOOTHING = 0.1;

/** Seeds a worker should hold for seeds taking `seedMs` each (null: not known yet). */
export function queueDepth(seedMs: number | null): number {
  if (seedMs === null) return QUEUE_SEEDS_MIN;
  const seeds = Math.ceil(QUEUE_MS_TARGET / Math.max(seedMs, 0.1));
  return Math.min(QUEUE_SEEDS_MAX, Math.max(QUEUE_SEEDS_MIN, seeds));
}

/**
 * The line of a dead worker's stderr that says why: V8's fatal-error banner (out of memory)
 * or an uncaught error's first line, rather than the native stack trace printed after it.
 */
export function deathReason(stderrTail: string): string | null {
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const telling = lines.find((line) => /FATAL ERROR|out of memory|^\w*Error\b/.test(line));
  return telling ?? lines.at(-1) ?? null;
}

export class Sweep {
  private readonly config: SweepConfig;
  private readonly listener: SweepListener;
  private readonly live = new Set<WorkerHandle>();
  private readonly stopwatch = startStopwatch();
  private planDone = false;
  /** Seeds taken back from a worker that died or hung, handed out again before the plan's. */
  private readonly returned: PlannedSeed[] = [];
  /** Running mean of the seeds' real time in a worker, for the queue depth; null until one ends. */
  private seedMs: number | null = null;
  private aborted = false;
  private idleDeathsInARow = 0;
  private nextWorkerId = 0;
  private readonly stats: SweepStats = {
    workersStarted: 0,
    workersReplaced: 0,
    stoppedBy: null,
    seedsAbandoned: 0,
  };
  private settle: { resolve(stats: SweepStats): void; reject(error: Error): void } | null = null;

  constructor(config: SweepConfig, listener: SweepListener) {
    this.config = config;
    this.listener = listener;
  }

  run(): Promise<SweepStats> {
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
      for (let i = 0; i < this.config.workers; i++) this.spawn();
    });
  }

  /**
   * Ends the sweep early, for `reason` (such as "SIGINT"): no more seeds are handed out, the
   * finished seeds' reports are read, and every worker is killed. The promise of `run` then
   * resolves with `stoppedBy` set. Does nothing once the sweep has settled.
   */
  stop(reason: string): void {
    if (this.aborted || this.settle === null || this.stats.stoppedBy !== null) return;
    this.stats.stoppedBy = reason;
    this.planDone = true;
    this.stats.seedsAbandoned += this.returned.splice(0).length;
    for (const worker of this.live) {
      this.collect(worker);
      worker.kill();
    }
    this.maybeFinish();
  }

  private spawn(): void {
    const worker = new WorkerHandle(this.nextWorkerId++, this.config.spawn, {
      message: (w, message) => this.onMessage(w, message),
      exit: (w, code, signal) => this.onExit(w, code, signal),
    });
    this.stats.workersStarted++;
    this.live.add(worker);
    const startMs = Math.max(this.config.seedTimeoutMs, WORKER_START_MS_MIN);
    worker.armStartup(startMs, () => this.abort(`a worker did not start within ${startMs} ms`));
  }

  /** The next seed to hand out, or null when the plan, the budget and the returned seeds are spent. */
  private nextSeed(): PlannedSeed | null {
    const returned = this.returned.shift();
    if (returned !== undefined) return returned;
    if (this.planDone) return null;
    const overBudget =
      this.config.timeBudgetMs !== null && this.stopwatch.elapsedMs() >= this.config.timeBudgetMs;
    const next = overBudget ? null : this.config.plan.next();
    if (next === null) this.planDone = true;
    return next;
  }

  /**
   * Tops the worker's queue up to the current depth once it is down to half of it, in one
   * batch; shuts the worker down once it holds nothing and nothing is left to hand out.
   */
  private dispatch(worker: WorkerHandle): void {
    if (this.aborted || !this.live.has(worker)) return;
    const depth = queueDepth(this.seedMs);
    const noticeAt = Math.floor(depth / 2);
    if (worker.heldCount > noticeAt) return;
    const batch: PlannedSeed[] = [];
    while (worker.heldCount + batch.length < depth) {
      const next = this.nextSeed();
      if (next === null) break;
      batch.push(next);
    }
    if (batch.length > 0) {
      // Right after a seed the worker's queue is all it holds, so a notice then, with `noticeAt`
      // or fewer queued, comes exactly when this top-up is due, while the next seed runs.
      worker.assign(batch, noticeAt, this.config.seedTimeoutMs, () => this.onHang(worker));
    } else if (worker.heldCount === 0) {
      worker.shutdown();
    }
  }

  private onMessage(worker: WorkerHandle, message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        worker.started();
        worker.ready = true;
        this.dispatch(worker);
        return;
      case 'init-failed':
        this.abort(message.message);
        return;
      case 'notice':
        this.collect(worker);
        this.dispatch(worker);
        return;
    }
  }

  /** Reads and records the reports the worker's journals hold now. */
  private collect(worker: WorkerHandle): void {
    let reports: SeedReport[];
    try {
      reports = worker.newReports();
    } catch (error) {
      if (!(error instanceof JournalLineError)) throw error;
      this.abort(error.message);
      return;
    }
    for (const report of reports) {
      if (this.aborted) return;
      this.recordReport(worker, report);
    }
    // The worker started its next seed as soon as it wrote the last report read here.
    if (reports.length > 0 && worker.running !== null)
      worker.arm(this.config.seedTimeoutMs, () => this.onHang(worker));
  }

  private recordReport(worker: WorkerHandle, report: SeedReport): void {
    if (report.probes !== null) this.listener.probesHit(report.probes);
    const held = worker.finish(report.index);
    if (held === null) {
      this.abort(`worker ${worker.id} reported seed index ${report.index}, which it was not running`);
      return;
    }
    this.idleDeathsInARow = 0;
    if (report.type === 'result') this.learnSeedMs(report.seed.wall_ms);
    const outcome =
      report.type === 'result'
        ? outcomeOfResult(held, report, this.world(), worker.id)
        : outcomeOfError(held, report, this.world(), worker.id);
    this.listener.seedDone(outcome);
  }

  private learnSeedMs(wallMs: number): void {
    this.seedMs = this.seedMs === null ? wallMs : this.seedMs + SEED_MS_SMOOTHING * (wallMs - this.seedMs);
  }

  /** Takes back a dead or hung worker's seeds: the running one is returned, the rest queued again. */
  private reclaim(worker: WorkerHandle): PlannedSeed | null {
    const [running, ...queued] = worker.takeHeld();
    this.returned.unshift(...queued);
    return running ?? null;
  }

  /**
   * A seed's alarm went off. The worker reports through its journals without waking the parent
   * for every seed, so first read them: if the seed the alarm was for has finished since, the
   * next seed's alarm is armed (by `finish`) and all is well.
   */
  private onHang(worker: WorkerHandle): void {
    const running = worker.running;
    this.collect(worker);
    if (this.aborted) return;
    if (worker.running !== running) {
      // Progress: collect armed the next seed's alarm.
      this.dispatch(worker);
      return;
    }
    const held = this.reclaim(worker);
    if (held === null) return;
    worker.killedForHang = true;
    worker.kill();
    const seconds = (this.config.seedTimeoutMs / 1000).toFixed(1);
    this.record(held, worker, 'hang', 'seed-timeout', `still running after the ${seconds}s --seed-timeout`);
  }

  private onExit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    this.live.delete(worker);
    if (this.stats.stoppedBy !== null) {
      this.collect(worker);
      worker.closeJournals();
      this.stats.seedsAbandoned += worker.takeHeld().length;
      this.maybeFinish();
      return;
    }
    // The reports of the seeds it finished are in its journals even when it died.
    if (!worker.killedForHang) this.collect(worker);
    worker.closeJournals();
    const held = this.reclaim(worker);
    const how = signal !== null ? `signal ${signal}` : `exit code ${code}`;
    if (held !== null) {
      const why = deathReason(worker.stderrTail());
      const message = `worker died with ${how}` + (why === null ? '' : `: ${why}`);
      this.record(held, worker, 'worker-died', 'worker-died', message);
      this.replace();
    } else if (worker.killedForHang) {
      this.replace();
    } else if (!worker.shuttingDown && !this.aborted) {
      if (!worker.ready) {
        this.abort(`a worker exited during start-up with ${how}: ${worker.stderrTail() || '(no stderr)'}`);
      } else if (++this.idleDeathsInARow > IDLE_DEATHS_MAX) {
        this.abort(`idle workers died ${this.idleDeathsInARow} times in a row (last: ${how})`);
      } else {
        this.replace();
      }
    }
    this.maybeFinish();
  }

  private record(
    held: PlannedSeed,
    worker: WorkerHandle,
    kind: FailureRecord['kind'],
    invariant: string,
    message: string,
  ): void {
    const seed = held.seed.toString();
    const replay = replayCommand(seed, this.world());
    this.listener.seedDone(
      unfinishedOutcome(held, this.world(), worker.id, { kind, invariant, message, replay }),
    );
  }

  private replace(): void {
    if (this.aborted || (this.planDone && this.returned.length === 0)) return;
    this.stats.workersReplaced++;
    this.spawn();
  }

  private maybeFinish(): void {
    if (this.live.size > 0 || this.settle === null) return;
    if (this.aborted) return;
    if (this.stats.stoppedBy === null && (!this.planDone || this.returned.length > 0)) {
      this.abort('every worker is gone but the plan is not done');
      return;
    }
    this.settle.resolve(this.stats);
    this.settle = null;
  }

  private abort(reason: string): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const worker of this.live) worker.kill();
    this.settle?.reject(new SweepAbortedError(reason));
    this.settle = null;
  }

  private world() {
    return this.config.spawn.init.world;
  }
}
