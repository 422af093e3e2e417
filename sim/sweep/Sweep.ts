/**
 * The sweep's scheduler: keeps `workers` child processes busy with the seeds of a SeedPlan,
 * one seed per worker at a time, until the plan or the time budget runs out.
 *
 * A worker that dies holding a seed (signal, exit code, out of memory) becomes a failure of
 * that seed and is replaced; a seed past its timeout is recorded as a hang and its worker
 * killed and replaced. Failures of the sweep itself (a runner module that will not load, a
 * worker that dies again and again while idle) abort with SweepAbortedError instead of
 * spinning. What to do with each seed's outcome is the listener's business (SweepTally).
 */

import { replayCommand } from '../replay-command.ts';
import type { FailureRecord } from '../report/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import type { WorkerMessage } from './protocol.ts';
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
}

export interface SweepStats {
  workersStarted: number;
  /** Workers replaced after dying or hanging. */
  workersReplaced: number;
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
  private aborted = false;
  private idleDeathsInARow = 0;
  private nextWorkerId = 0;
  private readonly stats: SweepStats = { workersStarted: 0, workersReplaced: 0 };
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

  private dispatch(worker: WorkerHandle): void {
    if (this.aborted) return;
    const overBudget =
      this.config.timeBudgetMs !== null && this.stopwatch.elapsedMs() >= this.config.timeBudgetMs;
    const next = overBudget || this.planDone ? null : this.config.plan.next();
    if (next === null) {
      this.planDone = true;
      worker.shutdown();
      return;
    }
    worker.assign(next, this.config.seedTimeoutMs, () => this.onHang(worker));
  }

  private onMessage(worker: WorkerHandle, message: WorkerMessage): void {
    switch (message.type) {
      case 'ready':
        worker.release();
        worker.ready = true;
        this.dispatch(worker);
        return;
      case 'init-failed':
        this.abort(message.message);
        return;
      case 'result':
      case 'error': {
        const held = worker.release();
        if (held === null || held.index !== message.index) {
          this.abort(`worker ${worker.id} answered for seed index ${message.index} it did not hold`);
          return;
        }
        this.idleDeathsInARow = 0;
        const outcome =
          message.type === 'result'
            ? outcomeOfResult(held, message, this.world(), worker.id)
            : outcomeOfError(held, message, this.world(), worker.id);
        this.listener.seedDone(outcome);
        this.dispatch(worker);
        return;
      }
    }
  }

  private onHang(worker: WorkerHandle): void {
    const held = worker.release();
    if (held === null) return;
    worker.killedForHang = true;
    worker.kill();
    const seconds = (this.config.seedTimeoutMs / 1000).toFixed(1);
    this.record(held, worker, 'hang', 'seed-timeout', `still running after the ${seconds}s --seed-timeout`);
  }

  private onExit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void {
    this.live.delete(worker);
    const held = worker.release();
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
    if (this.planDone || this.aborted) return;
    this.stats.workersReplaced++;
    this.spawn();
  }

  private maybeFinish(): void {
    if (this.live.size > 0 || this.settle === null) return;
    if (this.aborted) return;
    if (!this.planDone) {
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
