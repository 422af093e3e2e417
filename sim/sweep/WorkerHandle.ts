/**
 * One sweep worker as the parent sees it: a forked child process running sim/sweep/worker.ts
 * under tsx, the seeds it holds (the one running first, then its queue, in order), the running
 * seed's timeout alarm, and the tail of its stderr (which is where V8 explains an
 * out-of-memory abort). Scheduling decisions live in Sweep.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { InitMessage, RunMessage, WorkerMessage } from './protocol.ts';
import type { PlannedSeed } from './SeedPlan.ts';
import { alarmAfter, type Cancel } from './wall-timers.ts';

export interface WorkerSpawnConfig {
  /** Absolute path of sim/sweep/worker.ts (or a compatible entry). */
  readonly workerModule: string;
  /** Absolute path of tsx's ESM loader, so the child runs TypeScript. */
  readonly tsxLoader: string;
  /** V8 old-space limit per worker, so runaway memory kills one worker, not the machine. */
  readonly heapMb: number;
  readonly init: InitMessage;
}

export interface WorkerEvents {
  message(worker: WorkerHandle, message: WorkerMessage): void;
  exit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void;
}

/** Enough stderr to hold a V8 fatal-error banner or a stack trace, and no more. */
const STDERR_TAIL_BYTES = 16_384;

export class WorkerHandle {
  readonly id: number;
  private readonly child: ChildProcess;
  private readonly heldSeeds: PlannedSeed[] = [];
  private cancelAlarm: Cancel | null = null;
  private stderr = '';
  ready = false;
  shuttingDown = false;
  /** Set when the parent killed this worker for a hang, which it has already recorded. */
  killedForHang = false;
  seedsRun = 0;

  constructor(id: number, config: WorkerSpawnConfig, events: WorkerEvents) {
    this.id = id;
    this.child = fork(config.workerModule, [], {
      execArgv: ['--import', config.tsxLoader, `--max-old-space-size=${config.heapMb}`],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.child.stdout?.resume();
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.child.on('message', (message: WorkerMessage) => events.message(this, message));
    this.child.on('exit', (code, signal) => {
      this.cancelAlarm?.();
      events.exit(this, code, signal);
    });
    // A send racing the child's death errors here; the exit event carries the real story.
    this.child.on('error', () => {});
    this.post(config.init);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The seed running now, or null when the worker holds none. */
  get running(): PlannedSeed | null {
    return this.heldSeeds[0] ?? null;
  }

  /** How many seeds the worker holds: the running one and those queued behind it. */
  get heldCount(): number {
    return this.heldSeeds.length;
  }

  stderrTail(): string {
    return this.stderr.trim();
  }

  /**
   * Appends a batch to the worker's queue. A worker that held nothing starts on the batch's
   * first seed now, so its timeout alarm is armed here; otherwise the alarm of the running seed
   * stays as it is.
   */
  assign(batch: readonly PlannedSeed[], timeoutMs: number, onTimeout: () => void): void {
    if (batch.length === 0) return;
    if (this.heldSeeds.length === 0) this.arm(timeoutMs, onTimeout);
    this.heldSeeds.push(...batch);
    const message: RunMessage = {
      type: 'run',
      seeds: batch.map((planned) => ({ index: planned.index, seed: planned.seed.toString() })),
    };
    this.post(message);
  }

  /** Arms a start-up alarm: a worker that never says ready is as bad as a hang. */
  armStartup(timeoutMs: number, onTimeout: () => void): void {
    this.arm(timeoutMs, onTimeout);
  }

  /** Disarms the start-up alarm once the worker is ready. */
  started(): void {
    this.disarm();
  }

  /**
   * Takes back the running seed once it reported `index`, and arms the alarm for the next one,
   * which the worker started straight away. Null when `index` is not the running seed's.
   */
  finish(index: number, timeoutMs: number, onTimeout: () => void): PlannedSeed | null {
    const running = this.heldSeeds[0];
    if (running === undefined || running.index !== index) return null;
    this.heldSeeds.shift();
    this.seedsRun++;
    this.disarm();
    if (this.heldSeeds.length > 0) this.arm(timeoutMs, onTimeout);
    return running;
  }

  /** Takes back every held seed (the running one first) and disarms the alarm. */
  takeHeld(): PlannedSeed[] {
    this.disarm();
    return this.heldSeeds.splice(0);
  }

  /** Asks the worker to finish: closing IPC makes it exit on its own. */
  shutdown(): void {
    this.shuttingDown = true;
    if (this.child.connected) this.child.disconnect();
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private arm(timeoutMs: number, onTimeout: () => void): void {
    this.disarm();
    this.cancelAlarm = alarmAfter(timeoutMs, onTimeout);
  }

  private disarm(): void {
    this.cancelAlarm?.();
    this.cancelAlarm = null;
  }

  private post(message: InitMessage | RunMessage): void {
    if (this.child.connected) this.child.send(message, () => {});
  }
}
