/**
 * Canaries: deliberately broken targets the simulator must catch. Each wraps a base target:
 * redlite itself (the real default), and the reference model dressed as a target, which is
 * bug-free by construction, so the canaries prove the checkers even while redlite has findings.
 */
import { describe, expect, it } from 'vitest';
import type { Arg, Reply } from '../../redlite/reply.ts';
import { CHECKED_INVARIANTS } from '../../sim/checkers/index.ts';
import { runSeed, runWorld, type WorldRun } from '../../sim/run.ts';
import type { RunResult } from '../../sim/run-types.ts';
import { defaultTargetFactory } from '../../sim/world/defaults.ts';
import { modelTargetFactory } from '../../sim/world/model-target.ts';
import type { TargetFactory, WorldTarget } from '../../sim/world/target.ts';

function name(argv: readonly Arg[]): string {
  return String(argv[0]).toUpperCase();
}

function wrap(base: TargetFactory, change: (inner: WorldTarget, argv: Arg[]) => Reply): TargetFactory {
  return (path, options) => {
    const inner = base(path, options);
    return {
      exec: (argv) => change(inner, argv),
      expireCycle: (limit) => inner.expireCycle(limit),
      checkpoint: () => inner.checkpoint?.(),
      close: () => inner.close(),
    };
  };
}

/** Acknowledges every 50th plain SET without storing it: a lost write. */
function dropEveryNthSet(base: TargetFactory, n: number): TargetFactory {
  let sets = 0;
  return wrap(base, (inner, argv) => {
    if (name(argv) === 'SET' && argv.length === 3 && ++sets % n === 0) return { type: 'simple', value: 'OK' };
    return inner.exec(argv);
  });
}

/** Applies INCR correctly but answers one too high on keys with an even index. */
const incrOffByOne = (base: TargetFactory): TargetFactory =>
  wrap(base, (inner, argv) => {
    const reply = inner.exec(argv);
    const key = String(argv[1] ?? '');
    if (name(argv) === 'INCR' && reply.type === 'integer' && /[02468]$/.test(key)) {
      return { type: 'integer', value: BigInt(reply.value) + 1n };
    }
    return reply;
  });

/** Keeps a phantom key alive whatever the clients do: every world's final state check sees it. */
const phantomKey =
  (base: TargetFactory): TargetFactory =>
  (path, options) => {
    const inner = base(path, options);
    inner.exec(['SET', 'phantom', '1']);
    return {
      exec: (argv) => {
        const reply = inner.exec(argv);
        inner.exec(['SET', 'phantom', '1']);
        return reply;
      },
      expireCycle: (limit) => inner.expireCycle(limit),
      close: () => inner.close(),
    };
  };

/**
 * The first seed whose broken run fails before the unbroken one does (or where the unbroken run
 * passes), so a finding of the base target itself is never mistaken for the canary.
 */
function firstCanaryFailure(
  seeds: number,
  base: TargetFactory,
  broken: () => TargetFactory,
): WorldRun | null {
  for (let seed = 1n; seed <= BigInt(seeds); seed++) {
    const run = runWorld({ seed, scenario: 'kv', targetFactory: broken() });
    const failure = run.result.failure;
    if (failure === null) continue;
    const clean = runSeed({ seed, scenario: 'kv', targetFactory: base });
    if (clean.failure === null || failure.event_index < clean.failure.event_index) return run;
  }
  return null;
}

/** The index of the event carrying the nth plain SET, or Infinity. */
function nthPlainSetIndex(run: WorldRun, n: number): number {
  let seen = 0;
  for (const { event } of run.execution.recorder.events) {
    if (event.kind === 'op' && name(event.argv) === 'SET' && event.argv.length === 3 && ++seen === n)
      return event.index;
  }
  return Number.POSITIVE_INFINITY;
}

/** Every invariant a lost write can surface as: whichever read or check meets the key first. */
const DIVERGENCE_INVARIANTS = CHECKED_INVARIANTS.filter((invariant) => invariant !== 'run_deterministic');

const BASES: [string, TargetFactory][] = [
  ['redlite', defaultTargetFactory],
  ['the model', modelTargetFactory],
];

for (const [baseName, base] of BASES) {
  describe(`canaries around ${baseName}`, () => {
    it('catch a target that drops every 50th write within 20 seeds, as a state divergence', () => {
      const found = firstCanaryFailure(20, base, () => dropEveryNthSet(base, 50));
      expect(found).not.toBeNull();
      const run = found as WorldRun;
      expect(DIVERGENCE_INVARIANTS).toContain(run.result.failure?.invariant);
      expect(run.result.failure?.event_index).toBeGreaterThan(nthPlainSetIndex(run, 50));
    });

    it('catch INCR answering off by one within 20 seeds, as incr_monotonic', () => {
      let found: RunResult | null = null;
      for (let seed = 1n; seed <= 20n && found === null; seed++) {
        const result = runSeed({ seed, scenario: 'kv', targetFactory: incrOffByOne(base) });
        if (result.failure?.invariant === 'incr_monotonic') found = result;
      }
      expect(found?.failure?.command).toBe('INCR');
      expect(found?.failure?.expected).not.toBe(found?.failure?.actual);
    });

    it('never let a seed-independent canary pass', () => {
      for (let seed = 0; seed < 25; seed++) {
        const result = runSeed({ seed: BigInt(seed), opsMax: 100, targetFactory: phantomKey(base) });
        expect(result.result, `seed ${seed}`).toBe('fail');
      }
    });
  });
}

describe('the model as a target', () => {
  it('passes every checker on the seeds the canaries use: the simulator is sound on its own', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const result = runSeed({ seed: BigInt(seed), scenario: 'kv', targetFactory: modelTargetFactory });
      expect(result.failure, `seed ${seed}`).toBeNull();
    }
  });

  it('names the phantom key in the state check when nothing else met it', () => {
    const result = runSeed({
      seed: 3n,
      scenario: 'lists',
      opsMax: 100,
      targetFactory: phantomKey(modelTargetFactory),
    });
    expect(['state_matches_model', 'reply_matches_model']).toContain(result.failure?.invariant);
    if (result.failure?.invariant === 'state_matches_model')
      expect(result.failure.message).toContain('phantom');
  });
});
