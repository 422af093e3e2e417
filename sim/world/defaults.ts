/**
 * The real pieces a run uses unless a caller injects others: the target, the model and the op
 * catalogue. This is the one place the simulator core binds to them.
 */
import { Redlite } from '../../redlite/index.ts';
import { OPS, type OpSpec } from '../ops/index.ts';
import type { VirtualClock } from '../VirtualClock.ts';
import { modelPortFor } from './model-adapter.ts';
import type { ModelPort } from './model-port.ts';
import type { TargetFactory } from './target.ts';

/** redlite itself, opened on the world's files with the world's clock and durability. */
export const defaultTargetFactory: TargetFactory = (path, options) => Redlite.open(path, options);

export function defaultModelFactory(clock: VirtualClock): ModelPort {
  return modelPortFor(clock);
}

export function defaultOpCatalogue(): readonly OpSpec[] {
  return OPS;
}

/** Commands that never write, from the catalogue's write flags. */
export function defaultReadCommands(catalogue: readonly OpSpec[]): ReadonlySet<string> {
  return new Set(catalogue.filter((spec) => !spec.write).map((spec) => spec.name));
}
