/**
 * The reference model as the world uses it. The world talks to this interface only; the
 * adapter in `model-adapter.ts` binds it to sim/model, and tests may pass another.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { KeyState } from '../checkers/state-dump.ts';

export interface ModelPort {
  exec(argv: readonly Arg[]): Reply;
  /** For random commands: checks `observed` is a valid choice and, if so, adopts it. */
  execAdopting(argv: readonly Arg[], observed: Reply): { reply: Reply; adopted: boolean };
  isRandomCommand(argv: readonly Arg[]): boolean;
  /** Puts unordered replies (SMEMBERS, HGETALL...) in a canonical order for comparison. */
  normalizeReply(argv: readonly Arg[], reply: Reply): Reply;
  /** A deep, independent copy; the durability checker needs it (faults need a cloneable model). */
  clone?(): ModelPort;
  /** Runs `body` with the model's clock pinned at `atMs` (replaying a past command). */
  atTime?<T>(atMs: number, body: () => T): T;
  /** The full state exactly as dumpState through `exec` reads it, read directly (faster). */
  dumpState?(): Map<string, KeyState>;
}
