/**
 * The IPC messages between the sweep (parent) and its workers (child processes). Seeds travel
 * as decimal strings because IPC serializes to JSON, which has no bigint.
 *
 * Leaves out: how a worker runs a seed (worker.ts) and how the parent schedules (Sweep.ts).
 */
import type { WorldOptions } from '../config/world-flags.ts';
import type { RunResult } from '../run-types.ts';

export interface InitMessage {
  readonly type: 'init';
  /** Absolute path of a module exporting `runSeed(options: RunOptions): RunResult`. */
  readonly runnerModule: string;
  /** The world flags every seed of the sweep shares (plain JSON: text, numbers, switches). */
  readonly world: WorldOptions;
  /** Where failing seeds' traces are written. */
  readonly traceDir: string;
}

export interface RunMessage {
  readonly type: 'run';
  readonly index: number;
  readonly seed: string;
}

export type ParentMessage = InitMessage | RunMessage;

export interface ReadyMessage {
  readonly type: 'ready';
}

export interface InitFailedMessage {
  readonly type: 'init-failed';
  readonly message: string;
}

/** A seed that ran to the end, passing or failing. */
export interface ResultMessage {
  readonly type: 'result';
  readonly index: number;
  readonly run: RunResult;
  /** The kept trace of a failing seed, or null for a pass (or when writing it failed). */
  readonly tracePath: string | null;
  /** Set when the traced re-run of a failing seed disagreed with the first run. */
  readonly nondeterminism: string | null;
  readonly rssBytes: number;
}

/** runSeed threw: a simulator bug (docs/architecture.md, principle 9), recorded and the sweep goes on. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly index: number;
  readonly seed: string;
  readonly message: string;
  readonly rssBytes: number;
}

export type WorkerMessage = ReadyMessage | InitFailedMessage | ResultMessage | ErrorMessage;
