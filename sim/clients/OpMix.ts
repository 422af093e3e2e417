/**
 * OpMix: the enabled commands of a world with their weights, as a cumulative table so that
 * picking one op costs a binary search rather than a pass over every weight.
 */
import type { OpSpec } from '../ops/types.ts';
import type { Rng } from '../random/Rng.ts';

export class UnknownOpError extends Error {
  readonly opName: string;
  constructor(opName: string) {
    super(`config names op ${opName}, which the op catalogue does not have`);
    this.name = 'UnknownOpError';
    this.opName = opName;
  }
}

export class OpMix {
  private readonly specs: OpSpec[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(opWeights: Readonly<Record<string, number>>, catalogue: readonly OpSpec[]) {
    const byName = new Map(catalogue.map((spec) => [spec.name, spec]));
    let total = 0;
    for (const name of Object.keys(opWeights).sort()) {
      const spec = byName.get(name);
      if (spec === undefined) throw new UnknownOpError(name);
      total += opWeights[name] as number;
      this.specs.push(spec);
      this.cumulative.push(total);
    }
    if (!(total > 0)) throw new RangeError('OpMix: no op has a positive weight');
    this.total = total;
  }

  pick(rng: Rng): OpSpec {
    const target = rng.float() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return this.specs[low] as OpSpec;
  }
}
