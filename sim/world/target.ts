/**
 * What the world needs from the store under test, and how it makes one. The target is a black
 * box with redlite's surface: commands, the active-expiry cycle, WAL checkpoints. Tests inject
 * broken variants through `TargetFactory`; the faults subsystem supplies hooks to watch sync
 * points. `checkpoint` is optional so that plain `Target`s (and the model) can stand in.
 */
import type { Clock } from '../../redlite/clock.ts';
import type { RedliteHooks } from '../../redlite/options.ts';
import type { Durability, Target } from '../run-types.ts';

/** Callbacks redlite makes at its statement and sync boundaries (DESIGN.md storage model). */
export type TargetHooks = RedliteHooks;

export interface TargetOptions {
  clock: Clock;
  synchronous: Durability;
  walCheckpointPages: number;
  hooks?: TargetHooks;
}

export interface WorldTarget extends Target {
  checkpoint?(): void;
  /** Caps the database at `pages` pages (SQLITE_FULL beyond); null lifts the cap. */
  setMaxPageCount?(pages: number | null): void;
}

export type TargetFactory = (path: string, options: TargetOptions) => WorldTarget;
