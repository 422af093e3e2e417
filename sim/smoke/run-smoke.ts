/**
 * `vopr smoke` as a function: runs the chosen smoke scenarios one after another against
 * redlite (a real file in a fresh temporary folder, removed afterwards), each judged by the
 * model through the simulator's executor, and returns the suite report. A failure carries the
 * invariant, the failing op with both replies, the last events before it, and the one-line
 * command that replays it. The target is injectable, so tests can plant a bug.
 */

import { type Execution, executeEvents } from '../execute-events.ts';
import { eventReportLine, failureLines } from '../failure-lines.ts';
import { OPS } from '../ops/index.ts';
import { shellWord } from '../replay-command.ts';
import { filterNames } from '../suite/options.ts';
import { buildSuiteReport, failed, passed } from '../suite/summary.ts';
import type { CheckResult, SuiteObserver, SuiteReport } from '../suite/types.ts';
import { startStopwatch } from '../wall-clock.ts';
import { defaultModelFactory, defaultReadCommands, defaultTargetFactory } from '../world/defaults.ts';
import type { TargetFactory } from '../world/target.ts';
import { SMOKE_SCENARIO_NAMES, SMOKE_SCENARIOS, type SmokeScenario } from './scenarios.ts';
import { cleanRestart, smokeWorld } from './smoke-world.ts';

export interface SmokeOptions {
  readonly seed: bigint;
  /** Scenario names to run, in catalogue order. */
  readonly scenarios: readonly string[];
}

export interface SmokeDeps {
  readonly targetFactory?: TargetFactory;
}

/** Events shown before a failure: enough to see what led to it. */
const TAIL_EVENTS = 8;

export function smokeOptionsFrom(raw: { seed: bigint; filter?: string | undefined }): SmokeOptions {
  return { seed: raw.seed, scenarios: filterNames(SMOKE_SCENARIO_NAMES, raw.filter) };
}

export function smokeReplay(seed: bigint, name: string): string {
  return ['bin/vopr', 'smoke', '--seed', seed.toString(10), '--filter', name].map(shellWord).join(' ');
}

function summaryOf(scenario: SmokeScenario, execution: Execution): string {
  const restart = scenario.restart ? ', clean restart, every key read back' : '';
  return `${execution.ops} ops on ${scenario.keys} keys (${scenario.commands.join(' ')})${restart}`;
}

function runScenario(scenario: SmokeScenario, seed: bigint, targetFactory: TargetFactory): CheckResult {
  const stopwatch = startStopwatch();
  const world = smokeWorld(scenario, seed);
  const execution = executeEvents(world.config, world.events, {
    targetFactory,
    modelFactory: defaultModelFactory,
    readCommands: defaultReadCommands(OPS),
    faultHandler: cleanRestart,
  });
  const figures = { ops: execution.ops, keys: scenario.keys, events: execution.events };
  const summary = summaryOf(scenario, execution);
  if (execution.failure === null) return passed(scenario.name, summary, figures, stopwatch.elapsedMs());
  const [headline, ...rest] = failureLines(execution.failure);
  const tail = execution.recorder.tail(TAIL_EVENTS);
  return failed(scenario.name, summary, figures, stopwatch.elapsedMs(), {
    message: headline ?? execution.failure.message,
    details: [
      ...rest.map((line) => line.trimStart()),
      `last ${tail.length} events:`,
      ...tail.map((traced) => `  ${eventReportLine(traced, world.config.epochMs)}`),
    ],
    replay: smokeReplay(seed, scenario.name),
  });
}

export function runSmoke(
  options: SmokeOptions,
  observer: SuiteObserver = {},
  deps: SmokeDeps = {},
): SuiteReport {
  const stopwatch = startStopwatch();
  const chosen = SMOKE_SCENARIOS.filter((scenario) => options.scenarios.includes(scenario.name));
  const checks: CheckResult[] = [];
  for (const scenario of chosen) {
    observer.progress?.(checks.length, chosen.length, scenario.name);
    const result = runScenario(scenario, options.seed, deps.targetFactory ?? defaultTargetFactory);
    checks.push(result);
    observer.checkDone?.(result);
  }
  observer.progress?.(checks.length, chosen.length, 'done');
  return buildSuiteReport({
    command: 'smoke',
    seed: options.seed,
    options: { scenarios: options.scenarios },
    wallMs: stopwatch.elapsedMs(),
    checks,
  });
}
