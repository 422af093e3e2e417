/**
 * One sweep worker as the parent sees it: a forked child process running sim/sweep/worker.ts
 * under tsx, the seeds it holds (the one running first, then its queue, in order), the result
 * journals of its batches, the running seed's timeout alarm, and the tail of its stderr (which
 * is where V8 explains an out-of-memory abort). Each worker's worlds make their folders in a
 * folder of its own (VOPR_TEMP_DIR), removed when the worker exits however it died, so a worker
 * killed mid-seed leaks nothing. Scheduling decisions live in Sweep.ts.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { TEMP_DIR_ENV } from '../../faults/temp-base.ts';
import type { InitMessage, RunMessage, SeedReport, WorkerMessage } from './protocol.ts';
import { ResultJournal } from './ResultJournal.ts';
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
  /** The folder for the batches' result journals (the sweep removes it at the end). */
  readonly journalDir: string;
  /**
   * Makes the folder worker `id`'s worlds put their files in, and removes it once the worker
   * is gone; without it, worlds use the usual temporary folder.
   */
  readonly workerFolders?: {
    make(id: number): string;
    remove(id: number): void;
  };
}

export interface WorkerEvents {
  message(worker: WorkerHandle, message: WorkerMessage): void;
  exit(worker: WorkerHandle, code: number | null, signal: NodeJS.Signals | null): void;
}

/** Enough stderr to hold a V8 fatal-error banner or a stack trace, and no more. */
const STDERR_TAIL_BYTES = 16_384;

/**
 * V8 runs each worker on one thread: its garbage collector and optimizing compiler stay on
 * the worker's own thread instead of helper threads. By default a busy worker kept about
 * 0.15 to 0.3 of another core busy with those helpers (and V8 sizes its helper pool by the
 * machine's cores, so a big machine running a worker per core would run hundreds of them),
 * so N workers on N cores fought over the cores instead of scaling. The work is the same;
 * it now stays on the worker's core.
 */
export const WORKER_V8_FLAGS: readonly string[] = ['--single-threaded'];

export class WorkerHandle {
  readonly id: number;
  private readonly child: ChildProcess;
  private readonly heldSeeds: PlannedSeed[] = [];
  /** The journals of the batches not yet fully reported, oldest first. */
  private readonly journals: ResultJournal[] = [];
  private readonly journalDir: string;
  private batchesSent = 0;
  private cancelAlarm: Cancel | null = null;
  private stderr = '';
  ready = false;
  shuttingDown = false;
  /** Set when the parent killed this worker for a hang, which it has already recorded. */
  killedForHang = false;
  seedsRun = 0;

  constructor(id: number, config: WorkerSpawnConfig, events: WorkerEvents) {
    this.id = id;
    this.journalDir = config.journalDir;
    const folders = config.workerFolders;
    const env = folders === undefined ? process.env : { ...process.env, [TEMP_DIR_ENV]: folders.make(id) };
    this.child = fork(config.workerModule, [], {
      execArgv: ['--import', config.tsxLoader, `--max-old-space-size=${config.heapMb}`, ...WORKER_V8_FLAGS],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      env,
    });
    this.child.stdout?.resume();
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_TAIL_BYTES);
    });
    this.child.on('message', (message: WorkerMessage) => events.message(this, message));
    this.child.on('exit', (code, signal) => {
      this.cancelAlarm?.();
      folders?.remove(id);
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
   * Appends a batch to the worker's queue, with a fresh journal for its reports; the worker
   * sends a notice after each seed that leaves `noticeAtQueued` or fewer queued. A worker that
   * held nothing starts on the batch's first seed now, so its timeout alarm is armed here;
   * otherwise the alarm of the running seed stays as it is.
   */
  assign(
    batch: readonly PlannedSeed[],
    noticeAtQueued: number,
    timeoutMs: number,
    onTimeout: () => void,
  ): void {
    if (batch.length === 0) return;
    const journal = new ResultJournal(
      join(this.journalDir, `worker-${this.id}-batch-${this.batchesSent++}.jsonl`),
      batch.length,
    );
    this.journals.push(journal);
    if (this.heldSeeds.length === 0) this.arm(timeoutMs, onTimeout);
    this.heldSeeds.push(...batch);
    const message: RunMessage = {
      type: 'run',
      seeds: batch.map((planned) => ({ index: planned.index, seed: planned.seed.toString() })),
      journalPath: journal.path,
      noticeAtQueued,
    };
    this.post(message);
  }

  /**
   * The reports the worker appended since the last call, in the order its seeds ran; the
   * journal of a batch is deleted once all of it has reported.
   */
  newReports(): SeedReport[] {
    const reports: SeedReport[] = [];
    while (this.journals.length > 0) {
      const journal = this.journals[0] as ResultJournal;
      reports.push(...journal.readNew());
      if (!journal.complete) break;
      journal.close();
      this.journals.shift();
    }
    return reports;
  }

  /** Deletes the journals left (a dead worker's, once read). */
  closeJournals(): void {
    for (const journal of this.journals.splice(0)) journal.close();
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
   * Takes back the running seed once it reported `index`, and disarms its alarm (the caller
   * arms the next seed's). Null when `index` is not the running seed's.
   */
  finish(index: number): PlannedSeed | null {
    const running = this.heldSeeds[0];
    if (running === undefined || running.index !== index) return null;
    this.heldSeeds.shift();
    this.seedsRun++;
    this.disarm();
    return running;
  }

  /** Arms the timeout alarm of the seed running now (replacing any armed before). */
  arm(timeoutMs: number, onTimeout: () => void): void {
    this.disarm();
    this.cancelAlarm = alarmAfter(timeoutMs, onTimeout);
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

  private disarm(): void {
    this.cancelAlarm?.();
    this.cancelAlarm = null;
  }

  private post(message: InitMessage | RunMessage): void {
    if (this.child.connected) this.child.send(message, () => {});
  }
}
