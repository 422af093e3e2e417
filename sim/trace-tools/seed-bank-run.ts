/**
 * Running seed-bank entries: each entry's seed under its flags must pass, and so must the
 * replay of its trace when it has one. The flags are turned into run options by the caller
 * (the CLI owns flag parsing); this file runs and judges.
 */
import { dirname, resolve } from 'node:path';
import type { SeedRunOptions } from '../run.ts';
import { runWorld } from '../run.ts';
import type { RunFailure } from '../run-types.ts';
import { loadTrace } from './load-trace.ts';
import { replayTrace } from './replay.ts';
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

export function testEntry(entry: SeedBankEntry, options: SeedRunOptions, bankPath: string): EntryVerdict {
  const lines: string[] = [];
  const run = runWorld({ ...options, logLevel: 'silent' }).result;
  let passed = run.failure === null;
  lines.push(
    run.failure === null
      ? `seed ${entry.seed}: pass (${run.ops} ops, trace ${run.trace_hash.slice(0, 16)})`
      : `seed ${entry.seed}: FAIL ${failed(run.failure)}; replay: ${run.replay}`,
  );
  if (entry.trace !== undefined) {
    const path = resolve(dirname(bankPath), entry.trace);
    const replay = replayTrace(loadTrace(path));
    const failure = replay.execution.failure;
    if (failure !== null) passed = false;
    lines.push(
      failure === null ? `trace ${entry.trace}: pass` : `trace ${entry.trace}: FAIL ${failed(failure)}`,
    );
  }
  return { entry, passed, lines };
}
