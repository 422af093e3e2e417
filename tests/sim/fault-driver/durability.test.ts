/**
 * The durability finding: with synchronous=normal and --strict-durability, the power-loss
 * scenario finds a seed whose power loss loses acknowledged writes (wal_durability) within 50
 * seeds, and that seed's trace replays to the same failure. With synchronous=full the same
 * seeds keep every acknowledged write. A normal-mode loss without the strict flag is allowed,
 * but only as a prefix: the probe shows the checker did accept a shorter prefix.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSeed } from '../../../sim/run.ts';
import { loadTrace } from '../../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../../sim/trace-tools/replay.ts';

const OPS = 300;
const folder = mkdtempSync(join(tmpdir(), 'fault-durability-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('wal_durability on power loss', () => {
  it('finds, under normal + strict durability, a seed losing acknowledged writes, which replays', () => {
    let found: bigint | null = null;
    for (let seed = 1n; seed <= 50n && found === null; seed++) {
      const result = runSeed({
        seed,
        scenario: 'power-loss',
        opsMax: OPS,
        durability: 'normal',
        strictDurability: true,
      });
      if (result.result === 'fail') {
        expect(result.failure?.invariant, result.failure?.message).toBe('wal_durability');
        expect(result.replay).toContain('--strict-durability');
        found = seed;
      }
    }
    expect(found).not.toBeNull();
    const tracePath = join(folder, 'finding.jsonl');
    const again = runSeed({
      seed: found as bigint,
      scenario: 'power-loss',
      opsMax: OPS,
      durability: 'normal',
      strictDurability: true,
      tracePath,
    });
    const report = replayTrace(loadTrace(tracePath));
    expect(report.verdict, report.summary).toBe('reproduced');
    expect(report.summary).toContain('wal_durability');
    expect(report.summary).toContain(again.failure?.message as string);
  }, 60_000);

  it('keeps every acknowledged write under full + strict durability', () => {
    const failures: string[] = [];
    let powerLosses = 0;
    for (let seed = 1n; seed <= 25n; seed++) {
      const result = runSeed({
        seed,
        scenario: 'power-loss',
        opsMax: OPS,
        durability: 'full',
        strictDurability: true,
      });
      powerLosses += result.probes['fault.power_loss'] ?? 0;
      if (result.result !== 'pass') failures.push(`${seed}: ${result.failure?.message}`);
    }
    expect(failures).toEqual([]);
    expect(powerLosses).toBeGreaterThan(10);
  }, 60_000);

  it('accepts a lost suffix under normal without the strict flag, as a prefix of the acknowledged writes', () => {
    let prefixes = 0;
    for (let seed = 1n; seed <= 25n; seed++) {
      const result = runSeed({ seed, scenario: 'power-loss', opsMax: OPS, durability: 'normal' });
      expect(result.result, `${seed}: ${result.failure?.message}`).toBe('pass');
      prefixes += result.probes['recovery.acked_lost'] ?? 0;
    }
    expect(prefixes).toBeGreaterThan(0);
  }, 60_000);
});
