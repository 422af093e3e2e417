/**
 * The reference model dressed as a target: a second, independent model instance behind the
 * Target interface. A world of model against model must always pass, which checks the
 * simulator itself (generator, checkers, trace) apart from redlite; the canary tests wrap it
 * in deliberately broken variants.
 */
import { Model } from '../model/index.ts';
import type { TargetFactory, WorldTarget } from './target.ts';

export const modelTargetFactory: TargetFactory = (_path, options): WorldTarget => {
  const model = new Model({ clock: options.clock });
  return {
    exec: (argv) => model.exec(argv),
    expireCycle: () => 0,
    close: () => {},
  };
};
