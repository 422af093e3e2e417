/**
 * One worker thread's life, seen from the supervisor: start it, relay the corpus entries it
 * keeps, stop it when the time budget is spent, and watch it. A worker whose heartbeat stands
 * still on one input for longer than `hangMs` is terminated (a thread can be stopped even in
 * an endless loop) and the input it was running, read from shared memory, is returned as a
 * hang to confirm. A worker that dies (out of memory, an exception outside the target) ends
 * the session as such, with the input it was running when that is known.
 *
 * The wall clock lives in sim/sweep/wall-timers.ts and sim/wall-clock.ts: it schedules, and
 * never reaches what the worker does.
 */

import { type Cancel, tickEvery } from '../sweep/wall-timers.ts';
import { startStopwatch } from '../wall-clock.ts';
import type { FuzzWorkerData, FuzzWorkerMessage } from './protocol.ts';
import { SharedFuzzState } from './shared-state.ts';
import { spawnFuzzWorker, tsxApi, workerEntry } from './worker-spawn.ts';

export interface SessionOptions {
  readonly mode: FuzzWorkerData['mode'];
  readonly targetModule: string;
  readonly scratchDir: string;
  readonly seed: bigint;
  readonly inputs: readonly Buffer[];
  readonly runsMax: number | null;
  readonly batchSize: number;
  readonly hangMs: number;
  /** Wall time the session may fuzz; null for no limit (replay, or runs bound it). */
  readonly timeBudgetMs: number | null;
  /** Asked every tick whether to stop early (the host's pacer: a signal), as a spent budget does. */
  readonly stopReason?: () => string | null;
}

export interface SessionStats {
  readonly execs: number;
  readonly corpus: number;
  readonly features: number;
  readonly wallMs: number;
}

export type SessionEnd =
  | { readonly kind: 'stopped' | 'runs' | 'replayed' }
  | { readonly kind: 'crash'; readonly input: Buffer; readonly error: string; readonly stack: string }
  | { readonly kind: 'hang'; readonly input: Buffer }
  | { readonly kind: 'worker-died'; readonly input: Buffer | null; readonly error: string };

export interface SessionEvents {
  corpus?(input: Buffer): void;
  /** Every tick, with the running counts. */
  tick?(stats: SessionStats): void;
}

/** How often the supervisor looks at the worker. */
const WATCH_PERIOD_MS = 100;
/** Enough of a dying worker's stderr to hold a stack trace or V8's out-of-memory banner. */
const STDERR_TAIL_CHARS = 4096;

export function runFuzzSession(
  options: SessionOptions,
  events: SessionEvents = {},
): Promise<{
  end: SessionEnd;
  stats: SessionStats;
}> {
  const shared = SharedFuzzState.create();
  const stopwatch = startStopwatch();
  const stats = (): SessionStats => ({
    execs: shared.execs,
    corpus: shared.corpus,
    features: shared.features,
    wallMs: stopwatch.elapsedMs(),
  });
  const worker = spawnFuzzWorker({
    mode: options.mode,
    tsxApi: tsxApi(),
    entry: workerEntry(),
    targetModule: options.targetModule,
    scratchDir: options.scratchDir,
    seed: options.seed.toString(10),
    inputs: options.inputs.map((input) => new Uint8Array(input)),
    runsMax: options.runsMax,
    batchSize: options.batchSize,
    shared: shared.buffers,
  });
  let stderrTail = '';
  worker.stdout.resume();
  worker.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_CHARS);
  });
  const said = (): string =>
    stderrTail.trim() === '' ? '' : `; stderr: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}`;
  return new Promise((resolve) => {
    let crash: SessionEnd | null = null;
    let settled = false;
    let lastBeat = shared.heartbeat;
    let beatAtMs = 0;
    let cancel: Cancel = () => {};
    const finish = (end: SessionEnd, terminate: boolean): void => {
      if (settled) return;
      settled = true;
      cancel();
      const final = stats();
      if (terminate) void worker.terminate();
      resolve({ end, stats: final });
    };
    cancel = tickEvery(WATCH_PERIOD_MS, () => {
      const now = stopwatch.elapsedMs();
      if (options.timeBudgetMs !== null && now >= options.timeBudgetMs) shared.requestStop();
      if (options.stopReason?.() != null) shared.requestStop();
      const beat = shared.heartbeat;
      const running = shared.currentInput();
      if (beat !== lastBeat || running === null) {
        lastBeat = beat;
        beatAtMs = now;
      } else if (now - beatAtMs >= options.hangMs) {
        finish({ kind: 'hang', input: running }, true);
        return;
      }
      events.tick?.(stats());
    });
    worker.on('message', (message: FuzzWorkerMessage) => {
      switch (message.kind) {
        case 'corpus':
          events.corpus?.(Buffer.from(message.input));
          return;
        case 'crash':
          crash = {
            kind: 'crash',
            input: Buffer.from(message.input),
            error: message.error,
            stack: message.stack,
          };
          return;
        case 'done':
          finish(crash ?? { kind: message.reason === 'crash' ? 'stopped' : message.reason }, false);
          return;
      }
    });
    worker.on('error', (error) => {
      finish(
        {
          kind: 'worker-died',
          input: shared.currentInput(),
          error: `${error.name}: ${error.message}${said()}`,
        },
        false,
      );
    });
    worker.on('exit', (code) => {
      finish(
        {
          kind: 'worker-died',
          input: shared.currentInput(),
          error: `worker exited with code ${code}${said()}`,
        },
        false,
      );
    });
  });
}
