/**
 * Crashes at redlite's rare paths: a probe inside an op's transaction crashes with the seed's
 * rate, decided by the op and the probe alone (so a trace replays and shrinks the same); probes
 * after a commit, outside ops, in the liveness phase or in a seed without the knob never do.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedCrash } from '../../../faults/index.ts';
import { MID_TRANSACTION_PROBES, REDLITE_PROBES } from '../../../redlite/index.ts';
import { drawConfig } from '../../../sim/config/draw-config.ts';
import type { WorldConfig } from '../../../sim/config/WorldConfig.ts';
import type { OpEvent } from '../../../sim/events.ts';
import { defaultOpCatalogue } from '../../../sim/world/defaults.ts';
import { RarePathCrash, RarePathCrashes } from '../../../sim/world/rare-path-crashes.ts';

function config(rate: number): WorldConfig {
  return { ...drawConfig(12n, { scenario: 'crash' }, defaultOpCatalogue()), rarePathCrashRate: rate };
}

function op(client: number, atMs: number): OpEvent {
  return { index: 0, atMs, kind: 'op', client, argv: ['LINSERT', 'k:1', 'BEFORE', 'e0', 'x'] };
}

/** Which of `count` ops crash at their first list_rebalance probe. */
function crashing(crashes: RarePathCrashes, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    crashes.during(op(i % 3, 1000 + i));
    try {
      crashes.atProbe('list_rebalance');
    } catch (error) {
      expect(error).toBeInstanceOf(RarePathCrash);
      expect(error).toBeInstanceOf(SimulatedCrash);
      out.push(i);
    }
    crashes.during(null);
  }
  return out;
}

describe('crashes at rare paths', () => {
  it('strike inside ops at about the seed rate, the same ops every time', () => {
    const first = crashing(new RarePathCrashes(config(0.2)), 2000);
    expect(first.length / 2000).toBeGreaterThan(0.15);
    expect(first.length / 2000).toBeLessThan(0.25);
    expect(crashing(new RarePathCrashes(config(0.2)), 2000)).toEqual(first);
  });

  it('decide by the op itself, not by what ran before it', () => {
    const alone = new RarePathCrashes(config(0.5));
    const after = new RarePathCrashes(config(0.5));
    crashing(after, 50);
    const outcome = (crashes: RarePathCrashes): boolean => {
      crashes.during(op(1, 123_456));
      try {
        crashes.atProbe('empty_aggregate_deleted');
        return false;
      } catch {
        return true;
      } finally {
        crashes.during(null);
      }
    };
    expect(outcome(after)).toBe(outcome(alone));
  });

  it('never strike after a commit, outside an op, after stop(), or at a rate of 0', () => {
    const always = new RarePathCrashes(config(1));
    always.during(op(0, 1));
    for (const name of REDLITE_PROBES) {
      if (MID_TRANSACTION_PROBES.has(name)) expect(() => always.atProbe(name), name).toThrow(RarePathCrash);
      else expect(() => always.atProbe(name), name).not.toThrow();
    }
    always.during(null);
    expect(() => always.atProbe('list_rebalance')).not.toThrow();
    always.during(op(0, 2));
    always.stop();
    expect(() => always.atProbe('list_rebalance')).not.toThrow();
    const never = new RarePathCrashes(config(0));
    never.during(op(0, 3));
    expect(() => never.atProbe('list_rebalance')).not.toThrow();
  });

  it('are off unless the world crashes, and on in most crash worlds', () => {
    const ops = defaultOpCatalogue();
    let on = 0;
    for (let seed = 0n; seed < 200n; seed++) {
      expect(drawConfig(seed, {}, ops).rarePathCrashRate).toBe(0);
      if (drawConfig(seed, { scenario: 'crash' }, ops).rarePathCrashRate > 0) on++;
    }
    expect(on / 200).toBeGreaterThan(0.6);
    expect(on / 200).toBeLessThan(0.9);
  });
});
