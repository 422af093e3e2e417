/**
 * UnionFind: disjoint sets over the integers 0..size-1, with union by size and path halving,
 * for merging key partitions (partition-history.ts). Iterative throughout, so no history is
 * deep enough to overflow the stack.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly sizes: Int32Array;

  constructor(size: number) {
    if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`UnionFind size must be >= 0: ${size}`);
    this.parent = new Int32Array(size);
    this.sizes = new Int32Array(size).fill(1);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(item: number): number {
    let current = item;
    while (this.parent[current] !== current) {
      const grandparent = this.parent[this.parent[current] as number] as number;
      this.parent[current] = grandparent;
      current = grandparent;
    }
    return current;
  }

  union(a: number, b: number): void {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return;
    if ((this.sizes[rootA] as number) < (this.sizes[rootB] as number)) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.sizes[rootA] = (this.sizes[rootA] as number) + (this.sizes[rootB] as number);
  }
}
