/**
 * `vopr properties` as a function: each chosen property is a fast-check property over its
 * scenario's step sequences, run for `runs` generated inputs from one seed, with fast-check's
 * integrated shrinking. A failure comes back with the shrunk counterexample, the violation it
 * causes, and the line that replays exactly that counterexample (fast-check's seed and path).
 * The target is injectable, so tests can plant a bug.
 *
 * An exception other than a violation (from the model, an oracle or the simulated disk) is a
 * simulator bug and is thrown on (docs/architecture.md, principle 9).
 */
import fc from 'fast-check';
import { type Pacer, UNPACED } from '../pacing.ts';
import { shellWord } from '../replay-command.ts';
import { buildSuiteReport, failed, passed, skipped } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { defaultTargetFactory } from '../world/defaults.ts';
import type { TargetFactory } from '../world/target.ts';
import { PROPERTIES, type PropertySpec, scenarioOf } from './catalogue.ts';
import type { PropertiesOptions } from './options.ts';
import {
  type PropertyViolation,
  PropertyViolationError,
  runSequence,
  type SequenceParts,
} from './run-sequence.ts';
import { formatStep, type Step } from './steps.ts';

export interface PropertiesDeps {
  readonly targetFactory?: TargetFactory;
  /**
   * Paces the runs (the CLI's pacer): the event loop gets its turns, so a signal is seen between
   * two generated inputs; the property running then ends without a verdict (skipped, saying how
   * many inputs passed), and no other starts.
   */
  readonly pacer?: Pacer;
}

/** Thrown by a property's predicate when the host asked to stop: not a counterexample. */
class PropertiesStopped extends Error {
  override readonly name = 'PropertiesStopped';
}

/** Progress is reported every this many generated inputs. */
const PROGRESS_EVERY_RUNS = 25;

export function propertyReplay(name: string, seed: number, path: string): string {
  return ['bin/vopr', 'properties', '--filter', name, '--seed', String(seed), '--path', path]
    .map(shellWord)
    .join(' ');
}

function partsFor(spec: PropertySpec, targetFactory: TargetFactory): SequenceParts {
  return { targetFactory, store: spec.store, oracle: spec.oracle?.() ?? null, invariant: spec.name };
}

function counterexampleLines(steps: readonly Step[], violation: PropertyViolation): string[] {
  const lines = [`counterexample (${steps.length} step${steps.length === 1 ? '' : 's'}):`];
  steps.forEach((step, i) => {
    lines.push(`${i === violation.stepIndex ? '>>' : '  '} ${String(i).padStart(2)}  ${formatStep(step)}`);
  });
  if (violation.stepIndex >= steps.length)
    lines.push(`>> ${String(steps.length).padStart(2)}  (the closing crash)`);
  if (violation.expected !== null) lines.push(`expected: ${violation.expected}`);
  if (violation.actual !== null) lines.push(`actual:   ${violation.actual}`);
  return lines;
}

async function runProperty(
  spec: PropertySpec,
  options: PropertiesOptions,
  targetFactory: TargetFactory,
  observer: SuiteObserver,
  pacer: Pacer,
): Promise<CheckResult> {
  const stopwatch = startStopwatch();
  let runs = 0;
  let passedRuns = 0;
  // An async predicate, so that the pacer can give the event loop a turn between two inputs:
  // fast-check draws the same inputs from the same seed and path as with a synchronous one.
  const property = fc.asyncProperty(scenarioOf(spec), async (steps) => {
    const turn = pacer.turn();
    if (turn !== null) await turn;
    // Every later call throws at once, shrinking included, so the check ends quickly.
    if (pacer.stopReason() !== null) throw new PropertiesStopped();
    runs++;
    if (runs % PROGRESS_EVERY_RUNS === 0)
      observer.progress?.(Math.min(runs, options.runs), options.runs, spec.name);
    const violation = runSequence(steps, partsFor(spec, targetFactory));
    if (violation !== null) throw new PropertyViolationError(violation);
    passedRuns++;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.path === null ? {} : { path: options.path }),
  });
  const stoppedBy = pacer.stopReason();
  if (details.failed && details.errorInstance instanceof PropertiesStopped && stoppedBy !== null)
    return skipped(spec.name, `stopped by ${stoppedBy} after ${passedRuns} of ${options.runs} seeds passed`);
  const scenario = `${spec.scenario} sequences`;
  if (!details.failed) {
    const summary = `${details.numRuns} seeds passed (${scenario})`;
    return passed(spec.name, summary, { seeds_passed: details.numRuns }, stopwatch.elapsedMs());
  }
  if (!(details.errorInstance instanceof PropertyViolationError)) throw details.errorInstance;
  const [steps] = details.counterexample as [Step[]];
  // The shrunk counterexample, run once more, gives its own violation (fast-check's error is
  // the last one it saw, which a shrink step may not have kept).
  const violation = runSequence(steps, partsFor(spec, targetFactory)) ?? details.errorInstance.violation;
  const seedsPassed = Math.max(0, details.numRuns - 1);
  const summary =
    options.path === null
      ? `seed ${details.numRuns} of ${options.runs} failed (${seedsPassed} passed); shrunk ${details.numShrinks} times`
      : 'the replayed counterexample still fails';
  return failed(
    spec.name,
    summary,
    { seeds_passed: seedsPassed, shrinks: details.numShrinks },
    stopwatch.elapsedMs(),
    {
      message: `${violation.invariant} broken at step ${violation.stepIndex}: ${violation.message}`,
      details: counterexampleLines(steps, violation),
      replay: propertyReplay(spec.name, details.seed, details.counterexamplePath ?? options.path ?? '0'),
    },
  );
}

export async function runProperties(
  options: PropertiesOptions,
  observer: SuiteObserver = {},
  deps: PropertiesDeps = {},
): Promise<SuiteReport> {
  const stopwatch = startStopwatch();
  const checks: CheckResult[] = [];
  const pacer = deps.pacer ?? UNPACED;
  pacer.begin?.();
  try {
    for (const spec of PROPERTIES.filter((candidate) => options.names.includes(candidate.name))) {
      const stop = pacer.stopReason();
      let result: CheckResult;
      if (stop === null) {
        observer.progress?.(0, options.runs, spec.name);
        const targetFactory = deps.targetFactory ?? defaultTargetFactory;
        result = await runProperty(spec, options, targetFactory, observer, pacer);
      } else {
        result = skipped(spec.name, `not run: stopped by ${stop}`);
      }
      checks.push(result);
      observer.checkDone?.(result);
    }
  } finally {
    pacer.end?.();
  }
  const stoppedBy = pacer.stopReason();
  return buildSuiteReport({
    command: 'properties',
    seed: BigInt(options.seed),
    options: { runs: options.runs, properties: options.names, path: options.path },
    wallMs: stopwatch.elapsedMs(),
    checks,
    data: { complete: stoppedBy === null, stopped_by: stoppedBy },
  });
}
