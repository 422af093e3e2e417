/**
 * StateInterner: a small exact number for each distinct partition state, built incrementally,
 * so a step costs about the square root of the partition's key count rather than the count.
 *
 * A partition's state is one record per key (key-state.ts). Its number is interned in three
 * levels, each an exact string key, so two states share a number exactly when every record
 * agrees (no hash, hence no collision to worry about):
 *
 * 1. each distinct record digest gets a number (0 for an absent key);
 * 2. the keys are cut into fixed chunks of `chunkKeys`; each chunk's list of digest numbers gets
 *    a chunk number;
 * 3. the list of chunk numbers gets the state number.
 *
 * A step rewrites only the chunks holding the keys it touched; the others keep their numbers.
 * Seen from a later time, keys whose deadline has passed count as absent (no operation from
 * then on can see them); only chunks holding such keys are read again.
 *
 * Every new interned string is charged to the search budget in bytes (budget.ts), so the memory
 * the numbering keeps is bounded by `cacheBytesMax`. It knows nothing of models or the search.
 */
import type { SearchBudget } from './budget.ts';
import type { KeyRecord } from './key-state.ts';

/**
 * Bytes charged for one remembered string besides its characters: the string's header and the
 * map entry with its share of the hash table. An overestimate, so the limit bounds real memory.
 */
export const ENTRY_OVERHEAD_BYTES = 64;

/** Bytes charged for remembering `text` in a map or set (two bytes a character, at worst). */
export function rememberedBytes(text: string): number {
  return ENTRY_OVERHEAD_BYTES + 2 * text.length;
}

/** Chunks never hold fewer keys than this: below it the extra level costs more than it saves. */
const CHUNK_KEYS_MIN = 16;

export class StateInterner {
  /** Keys per chunk: about the square root of the key count, so chunks and chunk lists balance. */
  readonly chunkKeys: number;
  private readonly keyCount: number;
  private readonly budget: SearchBudget;
  private readonly digestIds = new Map<string, number>([['', 0]]);
  private readonly chunkIds = new Map<string, number>();
  private readonly stateIds = new Map<string, number>();

  constructor(keyCount: number, budget: SearchBudget) {
    this.keyCount = keyCount;
    this.budget = budget;
    this.chunkKeys = Math.max(CHUNK_KEYS_MIN, Math.ceil(Math.sqrt(keyCount)));
  }

  /**
   * The chunk numbers of `records` as they are: all of them when `parent` is null, otherwise
   * `parent`'s with the chunks holding `touched` keys numbered again.
   */
  chunksOf(
    records: readonly KeyRecord[],
    parent: readonly number[] | null,
    touched: readonly number[],
  ): readonly number[] {
    if (parent === null) {
      const chunks: number[] = [];
      for (let first = 0; first < this.keyCount; first += this.chunkKeys)
        chunks.push(this.chunkId(records, first, null));
      return chunks;
    }
    return this.renumbered(parent, touched, records, null);
  }

  /** A copy of `chunks` with the chunk of each of `keys` numbered anew, `gone` keys absent. */
  private renumbered(
    chunks: readonly number[],
    keys: Iterable<number>,
    records: readonly KeyRecord[],
    gone: ReadonlySet<number> | null,
  ): number[] {
    const copy = chunks.slice();
    const redone = new Set<number>();
    for (const i of keys) {
      const chunk = Math.floor(i / this.chunkKeys);
      if (redone.has(chunk)) continue;
      redone.add(chunk);
      copy[chunk] = this.chunkId(records, chunk * this.chunkKeys, gone);
    }
    return copy;
  }

  /**
   * The number of the state `records` (whose chunk numbers are `chunks`) as seen from `fromMs`
   * on: keys among `deadlineKeys` whose deadline passed before `fromMs` count as absent.
   */
  stateId(
    records: readonly KeyRecord[],
    chunks: readonly number[],
    deadlineKeys: readonly number[],
    fromMs: number,
  ): number {
    let seen = chunks;
    let gone: Set<number> | null = null;
    for (const i of deadlineKeys) {
      const deadlineMs = records[i]?.deadlineMs;
      if (deadlineMs === null || deadlineMs === undefined || deadlineMs >= fromMs) continue;
      gone ??= new Set();
      gone.add(i);
    }
    if (gone !== null) seen = this.renumbered(chunks, gone, records, gone);
    return intern(this.stateIds, seen.join(','), this.budget);
  }

  /** The number of the chunk starting at key `first`, keys in `gone` counted as absent. */
  private chunkId(records: readonly KeyRecord[], first: number, gone: ReadonlySet<number> | null): number {
    const end = Math.min(first + this.chunkKeys, this.keyCount);
    let text = '';
    for (let i = first; i < end; i++) {
      const record = records[i] as KeyRecord;
      const digestId = gone?.has(i) ? 0 : intern(this.digestIds, record.digest, this.budget);
      text += i === first ? `${digestId}` : `,${digestId}`;
    }
    return intern(this.chunkIds, text, this.budget);
  }
}

/** The number of `text` in `ids`, a new one (charged to `budget`) when it is not there yet. */
function intern(ids: Map<string, number>, text: string, budget: SearchBudget): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = ids.size;
    ids.set(text, id);
    budget.remember(rememberedBytes(text));
  }
  return id;
}
