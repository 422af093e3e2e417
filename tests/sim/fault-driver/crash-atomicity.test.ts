/**
 * A crash between two statements of one command must never leave it half applied. A redlite
 * variant that splits MSET and multi-element LPUSH across two transactions is caught by the
 * crash scenario within 200 seeds as crash_recovery_consistent (the recovered state holds
 * half the command), the real redlite passes that same seed, and the failing seed's trace
 * replays to the same failure. The seeds cost about 30 s of CPU; the timeout allows for a
 * machine shared with other work.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitTransactionRedlite } from '../../../sim/planted-bugs/broken-redlite.ts';
import { runSeed } from '../../../sim/run.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';
import type { TargetFactory } from '../../../sim/world/target.ts';

const OPS = 300;
const split = splitTransactionRedlite(['MSET', 'LPUSH']) as unknown as TargetFactory;
const folder = mkdtempSync(join(tmpdir(), 'fault-atomicity-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('crash mid-command against a non-atomic redlite', () => {
  it('catches split MSET/LPUSH as a half-applied command within 200 crash seeds; real redlite passes', () => {
    let caught: bigint | null = null;
    const otherwise: string[] = [];
    for (let seed = 1n; seed <= 200n && caught === null; seed++) {
      const options = {
        seed,
        scenario: 'crash',
        opsMax: OPS,
        durability: 'full' as const,
        targetFactory: split,
      };
      const result = runSeed(options);
      if (result.result === 'pass') continue;
      // The variant also applies half of some commands it rejects (MSET with a missing value
      // answers the arity error after writing the first pair), which the reply and state checks
      // see without a crash inside the command, or the recovery check at the next crash. Only a
      // recovery failure after a crash inside MSET or LPUSH proves the crash path.
      const message = result.failure?.message ?? '';
      if (
        result.failure?.invariant !== 'crash_recovery_consistent' ||
        !/crash inside (MSET|LPUSH)/.test(message)
      ) {
        otherwise.push(`${result.failure?.invariant as string}: ${message.slice(0, 40)}`);
        continue;
      }
      caught = seed;
      const tracePath = join(folder, 'split.jsonl');
      runSeed({ ...options, tracePath });
      const replay = replayTrace(loadTrace(tracePath), { targetFactory: split });
      expect(replay.verdict, replay.summary).toBe('reproduced');
    }
    expect(caught, `other failures: ${otherwise.join(', ')}`).not.toBeNull();
    const real = runSeed({ seed: caught as bigint, scenario: 'crash', opsMax: OPS, durability: 'full' });
    expect(real.result, real.failure?.message).toBe('pass');
  }, 300_000);
});
