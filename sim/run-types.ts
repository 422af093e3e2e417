/**
 * The contract of one simulated run: what a caller asks for (RunOptions) and what it gets
 * back (RunResult). The CLI, the sweep workers and the tests all speak this shape; the JSON
 * printed by `vopr run --json` is RunResult as it is.
 */
import type { Arg, Reply } from '../redlite/reply.ts';
import type { OutputOptions, WorldOptions } from './config/world-flags.ts';

export type Durability = 'normal' | 'full';
export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

/** What the simulator drives: redlite, or in tests a deliberately broken stand-in. */
export interface Target {
  exec(argv: Arg[]): Reply;
  /** Runs active expiry for up to `limit` keys; returns how many keys it removed. */
  expireCycle(limit: number): number;
  close(): void;
}

/**
 * What a caller asks of one run: the seed, then the fields the world-flag table defines
 * (sim/config/world-flags.ts), each documented in its row. Absent world fields are left to
 * the seed; absent output fields take their defaults.
 */
export interface RunOptions extends WorldOptions, OutputOptions {
  seed: bigint;
}

export interface RunFailure {
  /** An invariant name from spec/dst-spec.yaml. */
  invariant: string;
  event_index: number;
  message: string;
  /** The failing command's name in upper case, when the failing event is a command. */
  command?: string;
  argv?: string[];
  expected?: string;
  actual?: string;
}

/** `stopped_by` of a world that halted: redlite refused to go on, and said so. */
export const STOPPED_BY_HALT = 'halted';

export interface RunResult {
  seed: string;
  scenario: string;
  /** The verdict on the events that ran; `complete` says whether they are all that was asked. */
  result: 'pass' | 'fail';
  ops: number;
  virtual_ms: number;
  wall_ms: number;
  trace_hash: string;
  events: number;
  failure: RunFailure | null;
  /** Probe hit counts for this run (docs/architecture.md, principle 8). */
  probes: Record<string, number>;
  /** A one-line shell command that replays this run. */
  replay: string;
  /**
   * False when the run ended, without a failure, before running the ops asked for; a pass
   * then covers less than was asked. Optional for runners that predate it (then true).
   */
  complete?: boolean;
  /**
   * Why an incomplete run ended: `virtualMsMax` (the world's virtual time ran out first),
   * `halted` (redlite refused to go on; `halt` says why), or the signal that stopped it, such
   * as `SIGINT`; null when complete.
   */
  stopped_by?: string | null;
  /** Why a halted world halted, such as redlite refusing to open a corrupt file. */
  halt?: string;
  /** Client ops asked for: the fault phase's `--ops` plus the liveness phase's. */
  ops_asked?: number;
}
