/**
 * The committed seed bank (tests/seed-bank.txt): it parses, every entry's flags are valid run
 * flags, every entry passes on the real redlite (what `vopr seeds test` checks in CI), and every
 * entry that names a planted bug in its description really does fail under that bug, so the
 * descriptions stay honest about what each seed exercises.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../redlite/index.ts';
import * as broken from '../../sim/planted-bugs/broken-redlite.ts';
import { runWorld } from '../../sim/run.ts';
import { entries, parseBank } from '../../sim/trace-tools/seed-bank.ts';
import { entryRunOptions } from '../../sim/trace-tools/seed-bank-flags.ts';
import type { TargetFactory } from '../../sim/world/target.ts';

const BANK = fileURLToPath(new URL('../seed-bank.txt', import.meta.url));
const bank = entries(parseBank(readFileSync(BANK, 'utf8')));

const PLANTED: Record<string, () => broken.RedliteFactory> = {
  incrOffByOneRedlite: () => broken.incrOffByOneRedlite(),
  silentListCorruptionRedlite: () => broken.silentListCorruptionRedlite(),
  zaddLosesScoreRedlite: () => broken.zaddLosesScoreRedlite(),
  'dropEveryNthWriteRedlite(50)': () => broken.dropEveryNthWriteRedlite(50),
};

describe('the committed seed bank', () => {
  it('has a few entries, each with a description and a date', () => {
    expect(bank.length).toBeGreaterThanOrEqual(3);
    for (const entry of bank) {
      expect(entry.description.length).toBeGreaterThan(20);
      expect(() => entryRunOptions(entry)).not.toThrow();
    }
  });

  it.each(
    bank.map(
      (entry) => [`seed ${entry.seed} ${entry.flags.map((f) => f.join('=')).join(' ')}`, entry] as const,
    ),
  )('%s passes on the real redlite and fails under the planted bug it names', (_name, entry) => {
    const options = entryRunOptions(entry);
    expect(runWorld({ ...options, logLevel: 'silent' }).result.failure).toBeNull();
    const named = Object.keys(PLANTED).find((name) => entry.description.includes(name));
    if (named === undefined) return;
    const factory = (PLANTED[named] as () => broken.RedliteFactory)();
    const targetFactory: TargetFactory = (path, opts) => factory(path, opts as RedliteOptions);
    expect(runWorld({ ...options, targetFactory, logLevel: 'silent' }).result.failure).not.toBeNull();
  });
});
