/**
 * `vopr fuzz` as a function: fuzz each chosen target in turn (sim/fuzz/fuzz-target.ts) and
 * return the suite report, one check per target with its executions per second, corpus size
 * and coverage; and `vopr fuzz --replay FILE`: run one saved finding again, alone, under the
 * hang budget. The target catalogue is injectable, so tests can plant a target.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Pacer, UNPACED } from '../pacing.ts';
import { buildSuiteReport, failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { findingDetails, fuzzReplay } from './finding-lines.ts';
import { runFuzzSession } from './fuzz-session.ts';
import { fuzzTarget } from './fuzz-target.ts';
import type { FuzzOptions } from './options.ts';
import { withScratchFolder } from './scratch-folder.ts';
import { INPUT_BYTES_MAX } from './shared-state.ts';
import { FUZZ_TARGETS, type TargetEntry } from './targets/catalogue.ts';

export interface FuzzDeps {
  readonly targets?: readonly TargetEntry[];
  /**
   * Asked at every tick whether to stop (the CLI's pacer: a signal): the target being fuzzed
   * stops as at the end of its time (its corpus kept, its result reported), and no other starts.
   */
  readonly pacer?: Pacer;
}

export async function runFuzz(
  options: FuzzOptions,
  observer: SuiteObserver = {},
  deps: FuzzDeps = {},
): Promise<SuiteReport> {
  const stopwatch = startStopwatch();
  const catalogue = deps.targets ?? FUZZ_TARGETS;
  const checks: CheckResult[] = [];
  const pacer = deps.pacer ?? UNPACED;
  const stopReason = () => pacer.stopReason();
  pacer.begin?.();
  try {
    for (const entry of catalogue.filter((candidate) => options.targets.includes(candidate.name))) {
      if (stopReason() !== null) {
        const skip = skipped(entry.name, `not fuzzed: stopped by ${stopReason()}`);
        checks.push(skip);
        observer.checkDone?.(skip);
        continue;
      }
      const result = await fuzzTarget(entry, options, observer, stopReason);
      checks.push(result);
      observer.checkDone?.(result);
    }
  } finally {
    pacer.end?.();
  }
  const stoppedBy = stopReason();
  return buildSuiteReport({
    command: 'fuzz',
    seed: options.seed,
    options: {
      targets: options.targets,
      time_budget_ms: options.timeBudgetMs,
      runs_max: options.runsMax,
      corpus_dir: options.corpusDir,
      crash_dir: options.crashDir,
      hang_ms: options.hangMs,
      batch_size: options.batchSize,
    },
    wallMs: stopwatch.elapsedMs(),
    checks,
    data: { complete: stoppedBy === null, stopped_by: stoppedBy },
  });
}

export interface ReplayOptions {
  readonly file: string;
  readonly target: TargetEntry;
  readonly hangMs: number;
}

export async function replayFinding(
  options: ReplayOptions,
  observer: SuiteObserver = {},
): Promise<SuiteReport> {
  const stopwatch = startStopwatch();
  const input = readFileSync(options.file).subarray(0, INPUT_BYTES_MAX);
  const name = `${options.target.name} ${basename(options.file)}`;
  const { end } = await withScratchFolder(options.target.name, (scratchDir) =>
    runFuzzSession({
      mode: 'replay',
      targetModule: options.target.module,
      scratchDir,
      seed: 0n,
      inputs: [input],
      runsMax: null,
      batchSize: 1,
      hangMs: options.hangMs,
      timeBudgetMs: null,
    }),
  );
  const wallMs = stopwatch.elapsedMs();
  const figures = { input_bytes: input.length };
  const replay = fuzzReplay(options.file, options.hangMs);
  let result: CheckResult;
  switch (end.kind) {
    case 'crash':
      result = failed(name, 'still crashes', figures, wallMs, {
        message: `crash: ${end.error}`,
        details: findingDetails(input, null, end.stack),
        replay,
      });
      break;
    case 'hang':
      result = failed(name, 'still hangs', figures, wallMs, {
        message: `hang: the input ran past ${options.hangMs} ms`,
        details: findingDetails(input, null, ''),
        replay,
      });
      break;
    case 'worker-died':
      result = failed(name, 'the worker died', figures, wallMs, {
        message: `the worker died: ${end.error}`,
        details: findingDetails(input, null, ''),
        replay,
      });
      break;
    default:
      result = passed(name, 'no longer fails: the target handled the input', figures, wallMs);
  }
  observer.checkDone?.(result);
  return buildSuiteReport({
    command: 'fuzz',
    seed: null,
    options: { replay: options.file, target: options.target.name, hang_ms: options.hangMs },
    wallMs,
    checks: [result],
  });
}
