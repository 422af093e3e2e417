/**
 * Cleanup: every simulated disk folder a world makes is gone when the run returns, whether
 * the world passed, failed a check, or threw; `keepFiles` keeps them. The test records each
 * world's folder through an injected storage factory and checks the filesystem after the run,
 * and that the process-wide registry of temporary folders is empty again.
 */
import { existsSync, rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveTempFolders } from '../../../faults/index.ts';
import { SimDiskStorage } from '../../../sim/fault-driver/SimDiskStorage.ts';
import {
  dropEveryNthWriteRedlite,
  splitTransactionRedlite,
} from '../../../sim/planted-bugs/broken-redlite.ts';
import { runSeed, type SeedRunOptions } from '../../../sim/run.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

function recording(roots: string[], keep = false): NonNullable<SeedRunOptions['storageFactory']> {
  return (_seed) => {
    const storage = new SimDiskStorage('full', keep);
    roots.push(storage.disk.root);
    return storage;
  };
}

describe('simulated disk folders are removed after every world', () => {
  it('after passing and failing worlds with crashes and power losses', () => {
    const roots: string[] = [];
    const before = liveTempFolders().length;
    // A planted bug that fails early in every world, so failing worlds are certain.
    const broken = dropEveryNthWriteRedlite(5) as unknown as TargetFactory;
    const results = [];
    for (let seed = 1n; seed <= 6n; seed++) {
      results.push(runSeed({ seed, scenario: 'hostile', opsMax: 200, storageFactory: recording(roots) }));
      results.push(
        runSeed({
          seed,
          scenario: 'crash',
          opsMax: 200,
          targetFactory: broken,
          storageFactory: recording(roots),
        }),
      );
    }
    expect(results.some((result) => result.result === 'fail')).toBe(true);
    expect(results.some((result) => result.result === 'pass')).toBe(true);
    expect(roots.length).toBe(12);
    for (const root of roots) expect(existsSync(root), root).toBe(false);
    expect(liveTempFolders().length).toBe(before);
  }, 60_000);

  it('after a world whose target will not open at all', () => {
    const roots: string[] = [];
    const exploding: TargetFactory = () => {
      throw new Error('the target refuses to open');
    };
    expect(() =>
      runSeed({
        seed: 3n,
        scenario: 'crash',
        opsMax: 200,
        targetFactory: exploding,
        storageFactory: recording(roots),
      }),
    ).toThrow('refuses to open');
    expect(roots.length).toBe(1);
    expect(existsSync(roots[0] as string)).toBe(false);
  });

  it('after a world whose target refuses to reopen after a crash, judged as a failure', () => {
    const roots: string[] = [];
    let opens = 0;
    const exploding: TargetFactory = (path, options) => {
      opens++;
      if (opens > 1) throw new Error('the target refuses to reopen');
      return splitTransactionRedlite([])(path, options) as never;
    };
    const result = runSeed({
      seed: 3n,
      scenario: 'crash',
      opsMax: 200,
      targetFactory: exploding,
      storageFactory: recording(roots),
    });
    expect(result.failure?.invariant).toBe('crash_recovery_consistent');
    expect(result.failure?.message).toMatch(/the store cannot open: the target refuses to reopen/);
    expect(roots.length).toBe(1);
    expect(existsSync(roots[0] as string)).toBe(false);
  });

  it('keeps the folder when asked, for post-mortems', () => {
    const roots: string[] = [];
    runSeed({
      seed: 2n,
      scenario: 'crash',
      opsMax: 50,
      keepFiles: true,
      storageFactory: recording(roots, true),
    });
    try {
      expect(existsSync(roots[0] as string)).toBe(true);
    } finally {
      for (const root of roots) rmSync(root, { recursive: true, force: true });
    }
  });
});
