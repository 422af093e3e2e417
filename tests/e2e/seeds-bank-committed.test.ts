/**
 * The committed seed bank (tests/seed-bank.txt): it parses, every entry's flags are valid run
 * flags, every entry comes out as banked on the real redlite (what `vopr seeds test` checks in
 * CI: a pass, or for an expect= finding, exactly that failure), every banked trace is committed
 * (not git-ignored) and replays the same way, and every entry that names a planted bug in its
 * description really does fail under that bug, so the descriptions stay honest.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RedliteOptions } from '../../redlite/index.ts';
import * as broken from '../../sim/planted-bugs/broken-redlite.ts';
import { runWorld } from '../../sim/run.ts';
import { loadTrace } from '../../sim/trace-tools/load-trace.ts';
import { replayTrace } from '../../sim/trace-tools/replay.ts';
import { descriptionProblem, entries, parseBank } from '../../sim/trace-tools/seed-bank.ts';
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
      // What `vopr seeds add` would refuse to write back, a hand edit may not leave behind.
      expect(descriptionProblem(entry.description), `seed ${entry.seed}`).toBeNull();
      expect(() => entryRunOptions(entry)).not.toThrow();
    }
  });

  it('holds at least one demonstrated finding, with a committed trace', () => {
    const findings = bank.filter((entry) => entry.expect !== undefined && entry.trace !== undefined);
    expect(findings.length).toBeGreaterThanOrEqual(1);
    for (const entry of findings) {
      const path = resolve(dirname(BANK), entry.trace as string);
      // git check-ignore exits 1 when the path is not ignored.
      expect(() => execFileSync('git', ['check-ignore', '-q', path], { cwd: dirname(BANK) })).toThrow();
      expect(replayTrace(loadTrace(path)).execution.failure?.invariant).toBe(entry.expect);
    }
  });

  it.each(
    bank.map(
      (entry) => [`seed ${entry.seed} ${entry.flags.map((f) => f.join('=')).join(' ')}`, entry] as const,
    ),
  )('%s comes out as banked on the real redlite and fails under the planted bug it names', (_name, entry) => {
    const options = entryRunOptions(entry);
    const failure = runWorld({ ...options, logLevel: 'silent' }).result.failure;
    if (entry.expect === undefined) expect(failure).toBeNull();
    else expect(failure?.invariant).toBe(entry.expect);
    const named = Object.keys(PLANTED).find((name) => entry.description.includes(name));
    if (named === undefined) return;
    const factory = (PLANTED[named] as () => broken.RedliteFactory)();
    const targetFactory: TargetFactory = (path, opts) => factory(path, opts as RedliteOptions);
    expect(runWorld({ ...options, targetFactory, logLevel: 'silent' }).result.failure).not.toBeNull();
  });
});
