/**
 * The fuzzer's mutator: a pure function of its seed and inputs (a run replays from its seed
 * and corpus), bounded in length, and able to reach what the tests' planted targets need:
 * dictionary tokens and splices of other corpus entries.
 */
import { describe, expect, it } from 'vitest';
import { type MutationContext, mutate } from '../../../sim/fuzz/mutate.ts';
import { Rng } from '../../../sim/random/index.ts';

function context(seed: bigint, inputBytesMax = 64): MutationContext {
  const rng = new Rng(seed);
  return {
    rng,
    dictionary: [Buffer.from('ZRANGEBYSCORE')],
    other: () => Buffer.from('OTHER-ENTRY'),
    inputBytesMax,
  };
}

function mutants(seed: bigint, count: number, inputBytesMax = 64): Buffer[] {
  const ctx = context(seed, inputBytesMax);
  const out: Buffer[] = [];
  let input: Buffer = Buffer.from('SET k 42');
  for (let i = 0; i < count; i++) {
    input = mutate(input, ctx);
    out.push(input);
  }
  return out;
}

describe('fuzz mutations', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(mutants(5n, 200)).toEqual(mutants(5n, 200));
    expect(mutants(6n, 200)).not.toEqual(mutants(5n, 200));
  });

  it('never exceed the input bound', () => {
    expect(Math.max(...mutants(7n, 2000, 32).map((input) => input.length))).toBeLessThanOrEqual(32);
  });

  it('insert dictionary tokens and splice other corpus entries', () => {
    const all = mutants(8n, 3000).map((input) => input.toString('latin1'));
    expect(all.some((text) => text.includes('ZRANGEBYSCORE'))).toBe(true);
    expect(all.some((text) => text.includes('ENTRY'))).toBe(true);
    expect(all.some((text) => /9223372036854775807|-1|nan|inf/.test(text))).toBe(true);
  });
});
