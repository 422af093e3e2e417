import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../redlite/clock.ts';
import { runSeed, runWorld } from '../../../sim/run.ts';
import type { RunResult } from '../../../sim/run-types.ts';
import { modelTargetFactory } from '../../../sim/world/model-target.ts';
import { type Storage, TempFolderStorage } from '../../../sim/world/Storage.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

/** The model as a target, but reading a clock shifted by `skewMs` (frozen when `frozen`). */
function skewedModel(skewMs: number, frozen: boolean): TargetFactory {
  return (path, options) => {
    const start = options.clock.now();
    const clock: Clock = { now: () => (frozen ? start : options.clock.now() + skewMs) };
    return modelTargetFactory(path, { ...options, clock });
  };
}

function firstFailing(run: (seed: bigint) => RunResult, seeds = 20): RunResult | null {
  for (let seed = 1n; seed <= BigInt(seeds); seed++) {
    const result = run(seed);
    if (result.failure !== null) return result;
  }
  return null;
}

describe('expiry checkers', () => {
  it('name a target whose clock never moves (its keys never expire) under the expiry invariants', () => {
    const invariants = new Set<string>();
    for (let seed = 1n; seed <= 8n; seed++) {
      const result = runSeed({ seed, scenario: 'expiry', targetFactory: skewedModel(0, true) });
      invariants.add(result.failure?.invariant ?? 'pass');
    }
    expect(invariants).toContain('expire_removes_key');
    expect(invariants).toContain('ttl_monotonic_decrease');
    // A TTL in whole seconds can differ by one within rounding; that is left to reply_matches_model.
    for (const invariant of invariants) {
      expect(['expire_removes_key', 'ttl_monotonic_decrease', 'reply_matches_model']).toContain(invariant);
    }
  });

  it('name a target whose PTTL answers a second too long as ttl_monotonic_decrease', () => {
    const longTtl: TargetFactory = (path, options) => {
      const inner = modelTargetFactory(path, options);
      return {
        ...inner,
        exec: (argv) => {
          const reply = inner.exec(argv);
          const pttl = String(argv[0]).toUpperCase() === 'PTTL';
          return pttl && reply.type === 'integer' && Number(reply.value) > 0
            ? { type: 'integer', value: Number(reply.value) + 1000 }
            : reply;
        },
      };
    };
    const found = firstFailing((seed) => runSeed({ seed, scenario: 'expiry', targetFactory: longTtl }));
    expect(found?.failure?.invariant).toBe('ttl_monotonic_decrease');
    // Either a PTTL command meets it first, or the state check's PTTL read does.
    expect(found?.failure?.command ?? 'state check').toMatch(/^(PTTL|state check)$/);
    expect(found?.failure?.message).toMatch(/PTTL|longer TTL/);
  });
});

describe('target_never_throws', () => {
  it('turns an exception from the target into a finding and still removes the files', () => {
    let folder = '';
    const storageFactory = (seed: string): Storage => {
      const storage = new TempFolderStorage(seed);
      folder = storage.folder;
      return storage;
    };
    const throwing: TargetFactory = (path, options) => {
      const inner = modelTargetFactory(path, options);
      return {
        ...inner,
        exec: (argv) => {
          if (String(argv[0]).toUpperCase() === 'GET') throw new RangeError('boom');
          return inner.exec(argv);
        },
      };
    };
    const result = runSeed({ seed: 5n, scenario: 'kv', targetFactory: throwing, storageFactory });
    expect(result.failure).toMatchObject({ invariant: 'target_never_throws', command: 'GET' });
    expect(result.failure?.message).toContain('RangeError: boom');
    expect(folder).not.toBe('');
    expect(existsSync(folder)).toBe(false);
  });

  it('removes the folder when opening the target throws, and keeps it with keepFiles', () => {
    let folder = '';
    const storageFactory = (seed: string): Storage => {
      const storage = new TempFolderStorage(seed);
      folder = storage.folder;
      return storage;
    };
    const unopenable: TargetFactory = () => {
      throw new Error('cannot open');
    };
    expect(() => runSeed({ seed: 1n, targetFactory: unopenable, storageFactory })).toThrow('cannot open');
    expect(existsSync(folder)).toBe(false);
    const kept = runWorld({ seed: 1n, opsMax: 10, keepFiles: true, storageFactory });
    expect(kept.execution.keptFolder).toBe(folder);
    expect(existsSync(folder)).toBe(true);
    rmSync(folder, { recursive: true, force: true });
  });
});

describe('timers and time', () => {
  it('runs expire-cycle, checkpoint and state-check timers, in time order, with seeds of their own', () => {
    const run = runWorld({ seed: 11n, scenario: 'expiry', opsMax: 600 });
    const events = run.execution.recorder.events.map((traced) => traced.event);
    const timers = new Set(events.flatMap((event) => (event.kind === 'timer' ? [event.timer] : [])));
    expect(timers.has('expire-cycle')).toBe(true);
    for (let i = 1; i < events.length; i++)
      expect(events[i]?.atMs).toBeGreaterThanOrEqual(events[i - 1]?.atMs ?? 0);
    expect(run.result.virtual_ms).toBeGreaterThan(0);
  });
});
