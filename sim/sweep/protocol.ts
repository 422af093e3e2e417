/**
 * What the sweep (parent) and its workers (child processes) tell each other: IPC messages, and
 * the seed reports a worker appends to a batch's result journal (ResultJournal.ts) instead of
 * sending them one by one. Seeds travel as decimal strings because both are JSON, which has no
 * bigint.
 *
 * Leaves out: how a worker runs a seed (worker.ts) and how the parent schedules (Sweep.ts).
 */
import type { WorldOptions } from '../config/world-flags.ts';
import type { RunFailure } from '../run-types.ts';

export interface InitMessage {
  readonly type: 'init';
  /** Absolute path of a module exporting `runSeed(options: RunOptions): RunResult`. */
  readonly runnerModule: string;
  /** The world flags every seed of the sweep shares (plain JSON: text, numbers, switches). */
  readonly world: WorldOptions;
  /** Where failing seeds' traces are written. */
  readonly traceDir: string;
}

/** One seed of a batch: its position in the whole sweep and the seed itself. */
export interface SeedAssignment {
  readonly index: number;
  readonly seed: string;
}

/**
 * A batch of seeds, appended to the worker's queue. Batches keep a worker busy back to back:
 * the parent tops the queue up before it runs dry, so a worker never waits for a round trip.
 */
export interface RunMessage {
  readonly type: 'run';
  readonly seeds: readonly SeedAssignment[];
  /** The file the worker appends these seeds' reports to, one JSON line each. */
  readonly journalPath: string;
  /** The worker sends a notice after each seed that leaves this many seeds queued, or fewer. */
  readonly noticeAtQueued: number;
}

export type ParentMessage = InitMessage | RunMessage;

export interface ReadyMessage {
  readonly type: 'ready';
}

export interface InitFailedMessage {
  readonly type: 'init-failed';
  readonly message: string;
}

/**
 * Probe hits the worker added up since its last report (docs/architecture.md, principle 8),
 * carried on a seed's report now and then instead of a map per seed.
 */
export type ProbeCounts = Record<string, number>;

/**
 * What the parent needs of a finished seed, and no more: the SeedRecord's fields it cannot
 * know itself, and the failure details only for a failing seed. No probe map per seed (see
 * `probes`), no trace, no replay command for a pass.
 */
export interface SeedSummary {
  readonly scenario: string;
  readonly result: 'pass' | 'fail';
  readonly ops: number;
  readonly virtual_ms: number;
  readonly wall_ms: number;
  readonly trace_hash: string;
}

/** A failing seed's details; absent for a pass. */
export interface SeedFailure {
  readonly failure: RunFailure | null;
  readonly replay: string;
  /** The kept trace, or null when writing it failed. */
  readonly tracePath: string | null;
  /** Set when the traced re-run of the failing seed disagreed with the first run. */
  readonly nondeterminism: string | null;
}

/**
 * A notice that the worker's journals hold new reports and its queue is running short: the
 * parent's cue to read them and top the queue up.
 */
export interface NoticeMessage {
  readonly type: 'notice';
}

/**
 * A seed that ran to the end, passing or failing: a journal line, written as soon as the seed
 * ends, so the first seed of a batch without one is the seed the worker is running. That is
 * what lets a death or a hang be pinned on exactly one seed.
 */
export interface ResultMessage {
  readonly type: 'result';
  readonly index: number;
  readonly seed: SeedSummary;
  readonly failed: SeedFailure | null;
  readonly rssBytes: number;
  /** Probe hits since the worker's last report, when it reports them with this seed. */
  readonly probes: ProbeCounts | null;
}

/** runSeed threw: a simulator bug (docs/architecture.md, principle 9), recorded and the sweep goes on. */
export interface ErrorMessage {
  readonly type: 'error';
  readonly index: number;
  readonly message: string;
  readonly rssBytes: number;
  readonly probes: ProbeCounts | null;
}

/** A journal line. */
export type SeedReport = ResultMessage | ErrorMessage;

export type WorkerMessage = ReadyMessage | InitFailedMessage | NoticeMessage;
