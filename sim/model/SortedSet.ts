/**
 * SortedSet: a member-to-score Map plus a lazily rebuilt ordering (score, then member bytes),
 * the order Redis's skiplist keeps. Simulated sorted sets are small, so re-sorting after a
 * write is cheaper and far simpler than a skiplist, and it cannot disagree with the Map.
 *
 * It also tracks Redis's encoding, for one visible difference: a listpack stores each score as
 * its d2string text, which turns -0 into 0, while a skiplist keeps the double's sign. Redis
 * 7.0 starts a sorted set as a listpack unless its first member is longer than 64 bytes, and
 * converts it for good when a new member is longer than that or the 129th member arrives.
 */
export interface ScoredMember {
  readonly member: string;
  readonly score: number;
}

/** zset-max-listpack-entries and zset-max-listpack-value, Redis 7.0's defaults. */
const LISTPACK_ENTRIES_MAX = 128;
const LISTPACK_VALUE_BYTES_MAX = 64;

export class SortedSet {
  private readonly scores: Map<string, number>;
  private ordered: ScoredMember[] | null = null;
  private skiplist: boolean;

  constructor(scores: Map<string, number> = new Map(), skiplist = false) {
    this.scores = scores;
    this.skiplist = skiplist;
  }

  /** Called when Redis creates the key, with the first member of the command. */
  static forFirstMember(member: string): SortedSet {
    return new SortedSet(new Map(), member.length > LISTPACK_VALUE_BYTES_MAX);
  }

  /** Adds a new member or rescores one, as zsetAdd does (with its encoding conversion). */
  put(member: string, score: number): void {
    if (!this.skiplist && !this.scores.has(member)) {
      if (this.scores.size + 1 > LISTPACK_ENTRIES_MAX || member.length > LISTPACK_VALUE_BYTES_MAX) {
        this.skiplist = true;
      }
    }
    this.set(member, !this.skiplist && Object.is(score, -0) ? 0 : score);
  }

  get size(): number {
    return this.scores.size;
  }

  score(member: string): number | undefined {
    return this.scores.get(member);
  }

  set(member: string, score: number): void {
    this.scores.set(member, score);
    this.ordered = null;
  }

  delete(member: string): boolean {
    const deleted = this.scores.delete(member);
    if (deleted) this.ordered = null;
    return deleted;
  }

  /** Members in Redis order: ascending score, ties by bytewise member comparison. */
  sorted(): readonly ScoredMember[] {
    if (this.ordered === null) {
      const items: ScoredMember[] = [];
      for (const [member, score] of this.scores) items.push({ member, score });
      items.sort(compareScored);
      this.ordered = items;
    }
    return this.ordered;
  }

  /** 0-based rank in ascending order, or undefined when absent. */
  rank(member: string): number | undefined {
    if (!this.scores.has(member)) return undefined;
    return this.sorted().findIndex((item) => item.member === member);
  }

  clone(): SortedSet {
    return new SortedSet(new Map(this.scores), this.skiplist);
  }
}

function compareScored(a: ScoredMember, b: ScoredMember): number {
  if (a.score < b.score) return -1;
  if (a.score > b.score) return 1;
  if (a.member < b.member) return -1;
  if (a.member > b.member) return 1;
  return 0;
}
