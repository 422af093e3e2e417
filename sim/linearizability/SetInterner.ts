/**
 * SetInterner: a small exact number for each distinct set of linearized operations, so a key of
 * Lowe's cache names its set in a few characters. LinearizedSet's own key is exact too, but in a
 * wide partition hundreds of operations can be linearized above the frontier, and a key of
 * kilobytes per cache entry is what made such searches take gigabytes.
 *
 * The search adds and removes operations in stack order, so each set is its parent set plus one
 * operation. A set's number is found by a Zobrist hash (the XOR of a fixed pseudo-random word
 * per operation, so every order of adding gives the same hash) and confirmed exactly: a stored
 * set is a chain of (parent, operation) links, and it equals the current one when it has the same
 * size and every operation on its chain is in the current set. The walk stops early at a link
 * that is one of the current path's own sets: numbers are exact, so that link and everything
 * before it are in the current set. A hash collision therefore only costs a walk along a chain;
 * it never merges two different sets.
 *
 * Each new number is charged to the search budget in bytes (budget.ts). It knows nothing of the
 * search order or the model.
 */
import type { SearchBudget } from './budget.ts';

/** The empty set's number. */
export const EMPTY_SET_ID = 0;

/**
 * Bytes charged per stored set: five numbers in growable arrays and a map entry, generously
 * (StateInterner.ts charges strings the same way).
 */
const SET_ENTRY_BYTES = 96;

/** The set being numbered, and the path of sets that built it. */
export interface SetPath {
  /** Whether `op` is in the set. */
  has(op: number): boolean;
  /** The number of the path's set of `size` operations (the empty set's for 0). */
  setIdOfSize(size: number): number;
}

export class SetInterner {
  private readonly budget: SearchBudget;
  private readonly wordHi: Uint32Array;
  private readonly wordLo: Uint32Array;
  /** Per set number: its parent's number, the operation added, its size and its hash. */
  private readonly parent: number[] = [-1];
  private readonly op: number[] = [-1];
  private readonly size: number[] = [0];
  private readonly hashHi: number[] = [0];
  private readonly hashLo: number[] = [0];
  /** The next set number with the same hash, or -1. */
  private readonly nextSameHash: number[] = [-1];
  private readonly firstByHash = new Map<number, number>([[0, EMPTY_SET_ID]]);

  /** `wordOf` gives each operation's hash word; tests pass a poor one to force collisions. */
  constructor(opCount: number, budget: SearchBudget, wordOf: (seed: number) => number = mix32) {
    this.budget = budget;
    this.wordHi = Uint32Array.from({ length: opCount }, (_, i) => wordOf(2 * i + 1));
    this.wordLo = Uint32Array.from({ length: opCount }, (_, i) => wordOf(2 * i + 2));
  }

  /** Sets numbered so far, the empty one included. */
  get count(): number {
    return this.parent.length;
  }

  /**
   * The number of the set `parentId` plus `op`, where `current` is that set (it must already
   * hold `op`, and `parentId` must be its number without `op`, the last of its path).
   */
  idWith(parentId: number, op: number, current: SetPath): number {
    const hi = ((this.hashHi[parentId] as number) ^ (this.wordHi[op] as number)) >>> 0;
    const lo = ((this.hashLo[parentId] as number) ^ (this.wordLo[op] as number)) >>> 0;
    const size = (this.size[parentId] as number) + 1;
    // 21 bits of one word and all 32 of the other make a safe integer key.
    const hashKey = (hi & 0x1fffff) * 0x1_0000_0000 + lo;
    const first = this.firstByHash.get(hashKey);
    for (let id = first ?? -1; id !== -1; id = this.nextSameHash[id] as number) {
      if (this.size[id] === size && this.holdsAll(id, current)) return id;
    }
    const id = this.parent.length;
    this.parent.push(parentId);
    this.op.push(op);
    this.size.push(size);
    this.hashHi.push(hi);
    this.hashLo.push(lo);
    this.nextSameHash.push(first ?? -1);
    this.firstByHash.set(hashKey, id);
    this.budget.remember(SET_ENTRY_BYTES);
    return id;
  }

  /** Whether every operation of set `id` is in `current` (with equal sizes: the sets are equal). */
  private holdsAll(id: number, current: SetPath): boolean {
    for (let link = id; link !== EMPTY_SET_ID; link = this.parent[link] as number) {
      if (link === current.setIdOfSize(this.size[link] as number)) return true;
      if (!current.has(this.op[link] as number)) return false;
    }
    return true;
  }
}

/** A fixed 32-bit mix of `x` (the finaliser of MurmurHash3): the words need only be spread. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
