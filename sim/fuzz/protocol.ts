/**
 * The messages between the fuzz supervisor and its worker thread. The worker is told, through
 * workerData, what to fuzz (or which one input to replay) and from what; it answers with the
 * corpus entries it keeps, a crash if it finds one, and a closing message.
 */
import type { SharedBuffers } from './shared-state.ts';

export interface FuzzWorkerData {
  readonly mode: 'fuzz' | 'replay';
  /** The tsx ESM API to register before loading TypeScript (workers do not inherit it). */
  readonly tsxApi: string;
  /** The worker's own entry, sim/fuzz/fuzz-worker.ts, as a file URL. */
  readonly entry: string;
  /** Absolute path of the target module (exports createTarget). */
  readonly targetModule: string;
  readonly scratchDir: string;
  /** The mutation stream's seed, decimal. */
  readonly seed: string;
  /** Inputs to start from: the corpus folder's entries (fuzz), or the one input (replay). */
  readonly inputs: readonly Uint8Array[];
  /** Stop after this many executions; null: only the supervisor's stop flag ends the run. */
  readonly runsMax: number | null;
  readonly batchSize: number;
  readonly shared: SharedBuffers;
}

export type FuzzWorkerMessage =
  | { readonly kind: 'corpus'; readonly input: Uint8Array }
  | { readonly kind: 'crash'; readonly input: Uint8Array; readonly error: string; readonly stack: string }
  | { readonly kind: 'done'; readonly reason: 'stopped' | 'runs' | 'crash' | 'replayed' };
