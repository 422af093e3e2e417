/**
 * The knobs that reach past the workload: redlite's constants take their production value in
 * most seeds and an extreme in some (BUGGIFY); deep collections are off in most seeds and, when
 * on, make growing ops add many elements to a few keys of their own type while shrinking ops
 * run less often; and seeds that leave them off generate exactly the ops they would without.
 */
import { describe, expect, it } from 'vitest';
import { DEEP_COLLECTIONS, SHRINKING_COMMANDS } from '../../../scenarios/index.ts';
import { deepen } from '../../../sim/clients/deep-ops.ts';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import { Rng } from '../../../sim/random/index.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';

const ops = defaultOpCatalogue();
const SEEDS = 400n;

function share(predicate: (seed: bigint) => boolean): number {
  let hits = 0;
  for (let seed = 0n; seed < SEEDS; seed++) if (predicate(seed)) hits++;
  return hits / Number(SEEDS);
}

describe("redlite's constants per seed", () => {
  it('are production values in most seeds and extremes in some', () => {
    const gaps = new Set<number>();
    const productionGap = share((seed) => {
      const gap = drawConfig(seed, {}, ops).listPositionGap;
      gaps.add(gap);
      return gap === 1_000_000;
    });
    expect(productionGap).toBeGreaterThan(0.6);
    expect(productionGap).toBeLessThan(0.9);
    expect([...gaps].sort((a, b) => a - b)).toEqual([2, 3, 4, 64, 1_000_000]);
    const productionSample = share((seed) => drawConfig(seed, {}, ops).expireSampleKeys === 20);
    expect(productionSample).toBeGreaterThan(0.6);
    expect(productionSample).toBeLessThan(0.9);
  });

  it('take overrides within the knob table and refuse values redlite would refuse', () => {
    expect(drawConfig(5n, { knobs: { listPositionGap: 2 } }, ops).listPositionGap).toBe(2);
    expect(() => drawConfig(5n, { knobs: { listPositionGap: 1 } }, ops)).toThrow(/listPositionGap: 1/);
    expect(() => drawConfig(5n, { knobs: { expireSampleKeys: 0 } }, ops)).toThrow(/expireSampleKeys: 0/);
  });
});

describe('deep collections per seed', () => {
  it('are off in most seeds, and on with a rate and a batch size in some', () => {
    const on = share((seed) => drawConfig(seed, {}, ops).deepCollectionRate > 0);
    expect(on).toBeGreaterThan(0.1);
    expect(on).toBeLessThan(0.3);
    for (let seed = 0n; seed < 50n; seed++) {
      const config = drawConfig(seed, {}, ops);
      if (config.deepCollectionRate === 0) continue;
      expect(config.deepCollectionRate).toBeGreaterThanOrEqual(DEEP_COLLECTIONS.rate.min);
      expect(config.deepBatchMax).toBeGreaterThanOrEqual(DEEP_COLLECTIONS.batchMax.min);
    }
  });

  it('weigh shrinking ops down in deep seeds only, leaving every other weight as drawn', () => {
    const deep = drawConfig(11n, { scenario: 'mixed', knobs: { deepCollectionRate: 0.5 } }, ops).opWeights;
    const plain = drawConfig(11n, { scenario: 'mixed', knobs: { deepCollectionRate: 0 } }, ops).opWeights;
    expect(Object.keys(deep)).toEqual(Object.keys(plain));
    for (const [name, weight] of Object.entries(plain)) {
      const factor = SHRINKING_COMMANDS.includes(name) ? DEEP_COLLECTIONS.shrinkWeightFactor : 1;
      expect(deep[name], name).toBe(weight * factor);
    }
  });
});

describe('deepen', () => {
  const deep = { rate: 1, batchMax: 40, keySpaceSize: 100 };

  it('sends a growing op to a deep key of its type with up to batchMax more elements', () => {
    const rng = new Rng(3n);
    const keysByCommand = new Map<string, Set<string>>();
    for (let i = 0; i < 200; i++) {
      for (const argv of [
        ['RPUSH', 'k:5', 'e1'],
        ['SADD', 'k:5', 'm1'],
        ['HSET', 'k:5', 'f1', 'v'],
        ['ZADD', 'k:5', '1', 'm1'],
      ]) {
        const out = deepen(argv, rng, deep);
        const extra = out.length - argv.length;
        const width = argv[0] === 'HSET' || argv[0] === 'ZADD' ? 2 : 1;
        expect(extra % width).toBe(0);
        expect(extra / width).toBeGreaterThanOrEqual(1);
        expect(extra / width).toBeLessThanOrEqual(deep.batchMax);
        expect(out.slice(2, argv.length)).toEqual(argv.slice(2));
        const keys = keysByCommand.get(argv[0] as string) ?? new Set<string>();
        keys.add(String(out[1]));
        keysByCommand.set(argv[0] as string, keys);
      }
    }
    const all = [...keysByCommand.values()].map((keys) => [...keys].sort());
    for (const keys of all) expect(keys.length).toBe(DEEP_COLLECTIONS.keysMax);
    // Each type keeps keys of its own, at the top of the key space.
    expect(new Set(all.flat()).size).toBe(4 * DEEP_COLLECTIONS.keysMax);
    for (const key of all.flat())
      expect(Number(key.slice(2))).toBeGreaterThanOrEqual(100 - 4 * DEEP_COLLECTIONS.keysMax);
  });

  it('sends LINSERT to the first deep list with its one pivot, adding nothing', () => {
    const out = deepen(['LINSERT', 'k:7', 'BEFORE', 'e5', 'x'], new Rng(1n), deep);
    expect(out).toEqual(['LINSERT', 'k:99', 'BEFORE', DEEP_COLLECTIONS.pivot, 'x']);
  });

  it('leaves alone every other op, ZADD INCR, and all ops at a rate of 0, drawing nothing then', () => {
    const rng = new Rng(9n);
    const twin = new Rng(9n);
    expect(deepen(['GET', 'k:1'], rng, deep)).toEqual(['GET', 'k:1']);
    expect(deepen(['LPUSH', 'k:1', 'e1'], rng, { ...deep, rate: 0 })).toEqual(['LPUSH', 'k:1', 'e1']);
    expect(rng.float()).toBe(twin.float());
    const incr = ['ZADD', 'k:1', 'INCR', '1', 'm1'];
    expect(deepen(incr, new Rng(2n), deep)).toEqual(incr);
  });
});
