/**
 * `vopr run` (also the default command, `vopr --seed N`): runs one world and reports it. The
 * human form prints the config first, progress on a terminal, then a summary or a failure
 * report; `--json` ends with one JSON object. Exit codes: 0 pass, 1 failure found, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { compareRuns, RUN_DETERMINISTIC } from '../../checkers/run-deterministic.ts';
import { formatSeed } from '../../random/index.ts';
import { configFor, runWorld, type SeedRunOptions } from '../../run.ts';
import type { RunResult } from '../../run-types.ts';
import { startStopwatch } from '../../wall-clock.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS } from '../context.ts';
import { configLines } from '../print-config.ts';
import { failureReportLines, summaryLine } from '../print-result.ts';
import { type WorldFlags, withWorldOptions, worldOptionsFrom } from '../world-options.ts';

interface RunFlags extends WorldFlags {
  'check-determinism'?: boolean | undefined;
}

function progress(opsMax: number): ((ops: number) => void) | undefined {
  const context = cliContext();
  if (!context.isTty) return undefined;
  const stopwatch = startStopwatch();
  return (ops) => {
    const rate = Math.round(ops / Math.max(stopwatch.elapsedMs() / 1000, 1e-3));
    context.status(`  ${ops}/${opsMax} ops  ${rate} ops/s`);
  };
}

function handler(flags: ArgumentsCamelCase<RunFlags>): void {
  const context = cliContext();
  const { options, seedDrawn } = worldOptionsFrom(flags, () => context.drawSeed());
  const json = flags.json === true;
  const runOptions: SeedRunOptions = { ...options, logLevel: options.logLevel ?? (json ? 'error' : 'info') };
  if (seedDrawn) context.out(`seed ${formatSeed(options.seed)}`);
  const config = configFor(runOptions);
  if (!json) for (const line of configLines(config)) context.out(line);
  const onProgress = json ? undefined : progress(config.opsMax);
  const run = runWorld(onProgress === undefined ? runOptions : { ...runOptions, onProgress });
  if (onProgress !== undefined) context.status('');
  let result: RunResult = run.result;
  if (flags['check-determinism'] === true && result.failure === null) {
    const again = runWorld({ ...runOptions, logLevel: 'silent' }).result;
    const difference = compareRuns(result, again);
    if (difference !== null) {
      result = {
        ...result,
        result: 'fail',
        failure: { invariant: RUN_DETERMINISTIC, event_index: result.events, message: difference },
      };
    } else if (!json) {
      context.out(`determinism: both runs gave trace ${result.trace_hash.slice(0, 16)}`);
    }
  }
  if (json) {
    context.out(JSON.stringify(result));
  } else {
    for (const line of failureReportLines(result, run.execution.recorder.tail(20), config.epochMs))
      context.out(line);
    context.out(summaryLine(result));
    if (options.tracePath !== undefined) context.out(`trace written to ${options.tracePath}`);
    if (run.execution.keptFolder !== null) context.out(`files kept in ${run.execution.keptFolder}`);
  }
  context.exitCode = result.result === 'pass' ? EXIT_PASS : EXIT_FAILURE_FOUND;
}

export const runCommand: CommandModule<object, RunFlags> = {
  command: ['run', '$0'],
  describe: 'run one seeded world against redlite and check every reply (the default command)',
  builder: (yargs: Argv) =>
    withWorldOptions(yargs).option('check-determinism', {
      type: 'boolean',
      describe: 'run the world twice and fail if the trace hashes differ',
    }) as Argv<RunFlags>,
  handler,
};
