/**
 * The reference model as the world uses it. The world talks to this interface only; the
 * adapter in `model-adapter.ts` binds it to sim/model, and tests may pass another.
 */
import type { Arg, Reply } from '../../redlite/reply.ts';
import type { KeyState } from '../checkers/state-dump.ts';

export interface ModelPort {
  /** Runs one command in database `db` (0 when left out; a port may know database 0 only). */
  exec(argv: readonly Arg[], db?: number): Reply;
  /** For random commands: checks `observed` is a valid choice and, if so, adopts it. */
  execAdopting(argv: readonly Arg[], observed: Reply, db?: number): { reply: Reply; adopted: boolean };
  /** What WATCH compares for a key (sim/model/Keyspace.ts watchMark); absent: WATCH sees no change. */
  watchMark?(db: number, key: string): { readonly entry: object; readonly text: string } | undefined;
  /** The databases that may hold keys, from 0 (1 for a port that knows database 0 only). */
  databaseCount?(): number;
  isRandomCommand(argv: readonly Arg[]): boolean;
  /** Puts unordered replies (SMEMBERS, HGETALL...) in a canonical order for comparison. */
  normalizeReply(argv: readonly Arg[], reply: Reply): Reply;
  /** A deep, independent copy; the durability checker needs it (faults need a cloneable model). */
  clone?(): ModelPort;
  /** Runs `body` with the model's clock pinned at `atMs` (replaying a past command). */
  atTime?<T>(atMs: number, body: () => T): T;
  /** Database `db`'s state exactly as dumpState through `exec` reads it, read directly (faster). */
  dumpState?(db?: number): Map<string, KeyState>;
}
