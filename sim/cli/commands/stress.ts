/**
 * `vopr stress [--test NAME] [--full] [--compare redis]`: the spec's scale tests, measured,
 * against bin/redlite-server over loopback and redlite in process (and redis-server under the
 * same load with --compare redis), each ending with a check of the replies and the end state
 * (sim/stress/). Results to --report .json and .md (side by side). Parsing and printing only.
 * Exit codes: 0 every reply and end state as expected, 1 any wrong, 2 bad input, 3 a server
 * that would not start, 130 and 143 stopped by SIGINT and SIGTERM after the measurement under
 * way (the measurements made reported).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatSeed } from '../../random/index.ts';
import { renderStressMarkdown } from '../../stress/markdown.ts';
import { runStress, stressOptionsFrom } from '../../stress/run-stress.ts';
import { STRESS_TEST_NAMES } from '../../stress/tests.ts';
import { cliPacer, reportInterrupted } from '../context.ts';
import { asUsageError, type SuiteOutputFlags, SuitePrinter, withSuiteOutput } from '../suite-output.ts';

export interface StressFlags extends SuiteOutputFlags {
  test?: string | undefined;
  full?: boolean | undefined;
  compare?: string | undefined;
}

/** The workload's values and key choices are seeded, so every run is the same load. */
const STRESS_SEED = 1n;

export async function stressHandler(flags: StressFlags): Promise<void> {
  let printer: SuitePrinter | null = null;
  try {
    const options = stressOptionsFrom({
      test: flags.test,
      full: flags.full,
      compare: flags.compare,
      seed: STRESS_SEED,
    });
    printer = new SuitePrinter(flags, { '.md': renderStressMarkdown });
    printer.intro(
      `stress: ${options.test ?? 'every test'}, ${options.full ? 'full size' : 'scaled down (--full for the spec sizes)'}${options.compareRedis ? ', compared with redis-server' : ''}, seed ${formatSeed(options.seed)}`,
    );
    const run = await runStress(options, printer.observer(), cliPacer());
    printer.finish(run.report);
    if (run.stoppedBy !== null) reportInterrupted(run.stoppedBy, 'the measurements made are reported');
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const stressCommand: CommandModule<object, StressFlags> = {
  command: 'stress',
  describe:
    'scale and performance against redlite-server and in-process redlite: throughput, latency, memory',
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('test', { type: 'string', describe: `one test: ${STRESS_TEST_NAMES.join(', ')}` })
      .option('full', {
        type: 'boolean',
        describe: 'the spec sizes (1000 connections x 10,000 ops, 1M keys, ...); scaled down without it',
      })
      .option('compare', {
        type: 'string',
        describe: 'redis: also run redis-server from PATH under the same load, side by side',
      }) as Argv<StressFlags>,
  handler: (flags: ArgumentsCamelCase<StressFlags>) => stressHandler(flags),
};
