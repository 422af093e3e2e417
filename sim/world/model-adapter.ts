/**
 * Binds the world's ModelPort to the reference model in sim/model. SPOP, the one command whose
 * answer Redis draws at random, is adopted by the model itself.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { KeyState } from '../checkers/state-dump.ts';
import { isRandomCommand, Model, normalizeReply } from '../model/index.ts';
import type { VirtualClock } from '../VirtualClock.ts';
import type { ModelPort } from './model-port.ts';
import { PinnableClock } from './PinnableClock.ts';

export class ModelAdapter implements ModelPort {
  readonly model: Model;
  private readonly clock: PinnableClock | null;

  constructor(model: Model, clock: PinnableClock | null = null) {
    this.model = model;
    this.clock = clock;
  }

  clone(): ModelPort {
    return new ModelAdapter(this.model.clone(), this.clock);
  }

  dumpState(db = 0): Map<string, KeyState> {
    return this.model.dumpState(db);
  }

  atTime<T>(atMs: number, body: () => T): T {
    if (this.clock === null) return body();
    return this.clock.at(atMs, body);
  }

  exec(argv: readonly Arg[], db = 0): Reply {
    return this.model.exec(argv as Arg[], db);
  }

  execAdopting(argv: readonly Arg[], observed: Reply, db = 0): { reply: Reply; adopted: boolean } {
    return this.model.execAdopting(argv as Arg[], observed, db);
  }

  watchMark(db: number, key: string): { readonly entry: object; readonly text: string } | undefined {
    return this.model.database(db).watchMark(key);
  }

  databaseCount(): number {
    return this.model.databaseCount;
  }

  isRandomCommand(argv: readonly Arg[]): boolean {
    return isRandomCommand(argv);
  }

  normalizeReply(argv: readonly Arg[], reply: Reply): Reply {
    return normalizeReply(argv, reply);
  }
}

export function modelPortFor(clock: VirtualClock): ModelPort {
  const pinnable = new PinnableClock(clock);
  return new ModelAdapter(new Model({ clock: pinnable }), pinnable);
}
