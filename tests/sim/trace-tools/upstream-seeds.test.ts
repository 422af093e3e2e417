/**
 * Upstream redlite-dst's seed forms: a `regression_seeds.txt` line (`SEED TEST_TYPE
 * DESCRIPTION`) parses as a bank entry with its test type's world flags and writes back
 * unchanged beside our lines; a test type that is not a simulator world is refused with the
 * command to use; `vopr replay --seed S --test simulate|chaos` runs the seed in that world, and
 * `vopr seeds test` runs an upstream bank.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatBank, parseBank, parseEntry, SeedBankError } from '../../../sim/trace-tools/seed-bank.ts';
import { runCaptured } from '../../support/cli-capture.ts';

const folder = mkdtempSync(join(tmpdir(), 'upstream-seeds-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('upstream seed-bank lines', () => {
  it('parse with the test type standing for world flags', () => {
    const entry = parseEntry('12345 simulate "crash during WAL append"');
    expect(entry.seed).toBe(12345n);
    expect(entry.upstream).toBe('simulate');
    expect(entry.flags).toEqual([
      ['scenario', 'mixed'],
      ['ops', '10000'],
      ['clients', '10'],
      ['faults', 'none'],
    ]);
    expect(entry.description).toBe('"crash during WAL append"');
    expect(parseEntry('1234567 chaos Crash recovery failed with disk_full fault').flags).toEqual([
      ['scenario', 'hostile'],
    ]);
  });

  it('write back unchanged, mixed with our lines and upstream comments', () => {
    const text = [
      '# Regression Seeds for redlite-dst',
      '# Format: SEED TEST_TYPE DESCRIPTION',
      '8675309 simulate SET/GET inconsistency under concurrent writes',
      '2026-11-25 seed=8 --scenario=kv --ops=1000 -- INCR late in a long run',
      '',
    ].join('\n');
    expect(formatBank(parseBank(text))).toBe(text);
  });

  it('refuse a test type that is not a world, naming the command to use', () => {
    expect(() => parseEntry('12345 properties Test seed for verification', 3)).toThrow(SeedBankError);
    expect(() => parseEntry('12345 properties Test seed for verification', 3)).toThrow(
      /line 3: an upstream properties seed is not a simulator world: replay it with `vopr properties --seed 12345`/,
    );
    expect(() => parseEntry('12345 teleport beam me up')).toThrow(/unknown upstream test type "teleport"/);
  });
});

describe('upstream forms at the command line', () => {
  it('replay --seed S --test chaos runs the seed on the hostile workload', { timeout: 60_000 }, async () => {
    const run = await runCaptured(['replay', '--seed', '3', '--test', 'chaos', '--ops', '200', '--json']);
    const result = JSON.parse(run.out.at(-1) as string) as Record<string, unknown>;
    expect(result.scenario).toBe('hostile');
    expect(result.replay).toMatch(/--scenario hostile --ops 200/);
    const refused = await runCaptured(['replay', '--seed', '3', '--test', 'properties']);
    expect(refused.code).toBe(2);
    expect(refused.err[0]).toMatch(/vopr properties --seed 3/);
  });

  it('seeds test runs a bank written the way upstream writes regression_seeds.txt', {
    timeout: 120_000,
  }, async () => {
    const bank = join(folder, 'regression_seeds.txt');
    writeFileSync(bank, '# Format: SEED TEST_TYPE DESCRIPTION\n5 chaos Crash recovery with disk_full\n');
    const run = await runCaptured(['seeds', 'test', '--bank', bank]);
    expect(run.code, run.out.join('\n')).toBe(0);
    expect(run.out.at(-1)).toBe('1/1 bank entries pass');
  });
});
