/**
 * Running seed-bank entries. An entry's seed under its flags, and the replay of its trace when
 * it has one, must pass; for a demonstrated finding (`expect=<invariant>`) each must instead
 * fail with exactly that invariant, and one that passes is reported as possibly fixed, so the
 * entry gets updated rather than silently kept. The flags are turned into run options by the
 * caller (the CLI owns flag parsing); this file runs and judges. `testEntrySteps` is the paced
 * form (sim/pacing.ts): a signal that stops one of its runs throws RunInterruptedError.
 */
import { dirname, resolve } from 'node:path';
import { finishNow, RunInterruptedError, type Steps } from '../pacing.ts';
import { runWorldSteps, type SeedRunOptions } from '../run.ts';
import type { RunFailure } from '../run-types.ts';
import { loadTrace } from './load-trace.ts';
import { replaySteps } from './replay.ts';
import type { SeedBankEntry } from './seed-bank.ts';

export interface EntryVerdict {
  entry: SeedBankEntry;
  passed: boolean;
  /** One line per check made: the seed run, then the trace replay if any. */
  lines: string[];
}

function failed(failure: RunFailure): string {
  return `${failure.invariant} at event ${failure.event_index}: ${failure.message}`;
}

/** Whether one check came out as the entry asks, and the line that says how it came out. */
function judge(
  what: string,
  failure: RunFailure | null,
  expect: string | undefined,
  detail: string,
): [boolean, string] {
  if (expect === undefined) {
    return failure === null ? [true, `${what}: pass${detail}`] : [false, `${what}: FAIL ${failed(failure)}`];
  }
  if (failure === null)
    return [
      false,
      `${what}: FIXED? expected the ${expect} finding, but it passed; if redlite was fixed, update the entry (drop expect=)`,
    ];
  if (failure.invariant !== expect)
    return [false, `${what}: FAIL expected ${expect}, got ${failed(failure)}`];
  return [true, `${what}: finding reproduces (${expect} at event ${failure.event_index})`];
}

export function* testEntrySteps(
  entry: SeedBankEntry,
  options: SeedRunOptions,
  bankPath: string,
): Steps<EntryVerdict> {
  const lines: string[] = [];
  const world = yield* runWorldSteps({ ...options, logLevel: 'silent', tailOnly: true });
  if (world.execution.stoppedBy !== null) throw new RunInterruptedError(world.execution.stoppedBy);
  const run = world.result;
  const detail = ` (${run.ops} ops, trace ${run.trace_hash.slice(0, 16)})`;
  const [seedPassed, line] = judge(`seed ${entry.seed}`, run.failure, entry.expect, detail);
  lines.push(seedPassed ? line : `${line}; replay: ${run.replay}`);
  let passed = seedPassed;
  if (entry.trace !== undefined) {
    const path = resolve(dirname(bankPath), entry.trace);
    const replay = yield* replaySteps(loadTrace(path));
    if (replay.execution.stoppedBy !== null) throw new RunInterruptedError(replay.execution.stoppedBy);
    const [tracePassed, traceLine] = judge(
      `trace ${entry.trace}`,
      replay.execution.failure,
      entry.expect,
      '',
    );
    passed = passed && tracePassed;
    lines.push(traceLine);
  }
  return { entry, passed, lines };
}

export function testEntry(entry: SeedBankEntry, options: SeedRunOptions, bankPath: string): EntryVerdict {
  return finishNow(testEntrySteps(entry, options, bankPath));
}
