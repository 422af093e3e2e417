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
import { shellWord } from '../replay-command.ts';
import { buildSuiteReport, failed, passed } from '../suite/summary.ts';
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

function runProperty(
  spec: PropertySpec,
  options: PropertiesOptions,
  targetFactory: TargetFactory,
  observer: SuiteObserver,
): CheckResult {
  const stopwatch = startStopwatch();
  let runs = 0;
  const property = fc.property(scenarioOf(spec), (steps) => {
    runs++;
    if (runs % PROGRESS_EVERY_RUNS === 0)
      observer.progress?.(Math.min(runs, options.runs), options.runs, spec.name);
    const violation = runSequence(steps, partsFor(spec, targetFactory));
    if (violation !== null) throw new PropertyViolationError(violation);
  });
  const details = fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    ...(options.path === null ? {} : { path: options.path }),
  });
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

export function runProperties(
  options: PropertiesOptions,
  observer: SuiteObserver = {},
  deps: PropertiesDeps = {},
): SuiteReport {
  const stopwatch = startStopwatch();
  const checks: CheckResult[] = [];
  for (const spec of PROPERTIES.filter((candidate) => options.names.includes(candidate.name))) {
    observer.progress?.(0, options.runs, spec.name);
    const result = runProperty(spec, options, deps.targetFactory ?? defaultTargetFactory, observer);
    checks.push(result);
    observer.checkDone?.(result);
  }
  return buildSuiteReport({
    command: 'properties',
    seed: BigInt(options.seed),
    options: { runs: options.runs, properties: options.names, path: options.path },
    wallMs: stopwatch.elapsedMs(),
    checks,
  });
}
