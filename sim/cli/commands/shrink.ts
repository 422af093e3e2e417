/**
 * `vopr shrink <trace | --seed N> -o <min-trace>`: delta-debugs a failing run down to a small
 * trace that fails with the same invariant, within `--runs` runs and `--time` seconds, and
 * prints the original and minimized event counts, the runs used and the time taken.
 * `--emit-test <file>` also writes a vitest file that replays the minimized trace and asserts
 * the failure is gone.
 */
import { writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { WorldConfig } from '../../config/WorldConfig.ts';
import type { SimEvent } from '../../events.ts';
import { eventReportLine, failureLines } from '../../failure-lines.ts';
import { runWorld } from '../../run.ts';
import { ShrinkBudget } from '../../trace-tools/budget.ts';
import { emitTest } from '../../trace-tools/emit-test.ts';
import { loadTrace, TraceInputError } from '../../trace-tools/load-trace.ts';
import { shrinkLines } from '../../trace-tools/report-lines.ts';
import { NotFailingError, shrinkTrace } from '../../trace-tools/shrink-trace.ts';
import { writeExecutionTrace } from '../../trace-tools/write-execution.ts';
import { wallNowMs } from '../../wall-clock.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';
import { flagThatTraceFixes, type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface ShrinkFlags extends WorldFlags {
  file?: string | undefined;
  out?: string | undefined;
  runs?: number | undefined;
  time?: number | undefined;
  'emit-test'?: string | undefined;
}

export const SHRINK_RUNS_DEFAULT = 5000;
export const SHRINK_SECONDS_DEFAULT = 120;
/** Where the repository root is, for the imports of an emitted test. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function failingRun(flags: ShrinkFlags): { config: WorldConfig; events: SimEvent[] } {
  if (flags.file !== undefined) {
    const fixed = flagThatTraceFixes(flags);
    if (fixed !== null) throw new UsageError(`a trace file fixes its own world: drop ${fixed}`);
    try {
      const trace = loadTrace(flags.file);
      return { config: trace.header.config, events: trace.events.map((entry) => entry.event) };
    } catch (error) {
      if (error instanceof TraceInputError) throw new UsageError(error.message);
      throw error;
    }
  }
  if (flags.seed === undefined) throw new UsageError('shrink needs a trace file or --seed N');
  const { options } = worldOptionsFrom(flags, () => 0n);
  const run = runWorld({ ...options, logLevel: 'silent' });
  return { config: run.config, events: run.execution.recorder.events.map((entry) => entry.event) };
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(Number.isFinite(value) && value > 0))
    throw new UsageError(`invalid --${name}: ${value} (expected a positive number)`);
  return value;
}

function handler(flags: ArgumentsCamelCase<ShrinkFlags>): void {
  const context = cliContext();
  if (flags.out === undefined || flags.out === '') throw new UsageError('shrink needs -o <min-trace>');
  const runsMax = Math.floor(limit('runs', flags.runs, SHRINK_RUNS_DEFAULT));
  const wallMsMax = limit('time', flags.time, SHRINK_SECONDS_DEFAULT) * 1000;
  const { config, events } = failingRun(flags);
  const budget = new ShrinkBudget({ runsMax, wallMsMax }, wallNowMs);
  let result: ReturnType<typeof shrinkTrace>;
  try {
    result = shrinkTrace(config, events, budget);
  } catch (error) {
    if (error instanceof NotFailingError) {
      context.out(error.message);
      context.exitCode = EXIT_PASS;
      return;
    }
    throw error;
  }
  context.out(
    `shrinking seed ${config.seed}: ${result.original.invariant} at event ${result.original.event_index}`,
  );
  for (const line of shrinkLines(result.outcome)) context.out(line);
  context.out(`minimized trace (${result.minimized.events} events):`);
  for (const entry of result.minimized.recorder.events)
    context.out(`  ${eventReportLine(entry, config.epochMs)}`);
  const failure = result.minimized.failure;
  if (failure !== null) for (const line of failureLines(failure)) context.out(line);
  writeExecutionTrace(flags.out, result.minimized);
  context.out(`minimized trace written to ${flags.out}; replay it with: bin/vopr replay ${flags.out}`);
  const testPath = flags['emit-test'];
  if (testPath !== undefined && failure !== null) {
    const rootFromTest =
      relative(dirname(resolve(testPath)), REPO_ROOT)
        .split('\\')
        .join('/') || '.';
    const text = emitTest({
      config: config as unknown as Record<string, unknown>,
      seed: config.seed,
      scenario: config.scenario,
      events: result.outcome.events,
      failure,
      rootFromTest,
      replayCommand: `bin/vopr replay ${flags.out}`,
    });
    writeFileSync(testPath, text);
    context.out(`regression test written to ${testPath} (it fails until the bug is fixed)`);
  }
  context.exitCode = EXIT_FAILURE_FOUND;
}

export const shrinkCommand: CommandModule<object, ShrinkFlags> = {
  command: 'shrink [file]',
  describe: 'shrink a failing trace (or seed) to a minimal trace that fails with the same invariant',
  builder: (yargs: Argv) =>
    withWorldOptions(yargs)
      .positional('file', { type: 'string', describe: 'a failing trace file' })
      .option('out', { alias: 'o', type: 'string', describe: 'write the minimized trace here' })
      .option('runs', { type: 'number', describe: `most runs to spend (default ${SHRINK_RUNS_DEFAULT})` })
      .option('time', {
        type: 'number',
        describe: `most wall seconds to spend (default ${SHRINK_SECONDS_DEFAULT})`,
      })
      .option('emit-test', {
        type: 'string',
        describe: 'also write a vitest regression test for the minimized trace',
      }) as Argv<ShrinkFlags>,
  handler,
};
