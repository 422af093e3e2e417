/**
 * One sweep worker as the parent sees it: a forked child process running sim/sweep/worker.ts
 * under tsx, the seed it holds, that seed's timeout alarm, and the tail of its stderr (which
 * is where V8 explains an out-of-memory abort). Scheduling decisions live in Sweep.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { InitMessage, WorkerMessage } from './protocol.ts';
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
  private heldSeed: PlannedSeed | null = null;
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

  get held(): PlannedSeed | null {
    return this.heldSeed;
  }

  stderrTail(): string {
    return this.stderr.trim();
  }

  /** Hands the worker a seed and arms its timeout alarm. */
  assign(planned: PlannedSeed, timeoutMs: number, onTimeout: () => void): void {
    this.heldSeed = planned;
    this.cancelAlarm = alarmAfter(timeoutMs, onTimeout);
    this.post({ type: 'run', index: planned.index, seed: planned.seed.toString() });
  }

  /** Arms a start-up alarm: a worker that never says ready is as bad as a hang. */
  armStartup(timeoutMs: number, onTimeout: () => void): void {
    this.cancelAlarm = alarmAfter(timeoutMs, onTimeout);
  }

  /** Takes back the held seed (if any) and disarms its alarm. */
  release(): PlannedSeed | null {
    this.cancelAlarm?.();
    this.cancelAlarm = null;
    const held = this.heldSeed;
    this.heldSeed = null;
    if (held !== null) this.seedsRun++;
    return held;
  }

  /** Asks the worker to finish: closing IPC makes it exit on its own. */
  shutdown(): void {
    this.shuttingDown = true;
    if (this.child.connected) this.child.disconnect();
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private post(message: InitMessage | { type: 'run'; index: number; seed: string }): void {
    if (this.child.connected) this.child.send(message, () => {});
  }
}
