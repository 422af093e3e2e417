/**
 * `vopr smoke [--seed S] [--filter WORD]`: the quick sanity check a user runs first after
 * install, under ten seconds: the spec's seven basic scenarios against redlite, each judged
 * by the model (sim/smoke/). Parsing and printing only. Exit codes: 0 all passed, 1 any
 * failed, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatSeed } from '../../random/index.ts';
import { runSmoke, type SmokeDeps, smokeOptionsFrom } from '../../smoke/run-smoke.ts';
import { SMOKE_SCENARIO_NAMES } from '../../smoke/scenarios.ts';
import { cliContext } from '../context.ts';
import { asUsageError, type SuiteOutputFlags, SuitePrinter, withSuiteOutput } from '../suite-output.ts';
import { seedFrom } from '../world-options.ts';

export interface SmokeFlags extends SuiteOutputFlags {
  seed?: string | undefined;
  filter?: string | undefined;
}

/** The handler with its target injectable, so tests can plant a bug. */
export function smokeHandler(flags: SmokeFlags, deps: SmokeDeps = {}): void {
  const context = cliContext();
  let printer: SuitePrinter | null = null;
  try {
    const { seed, drawn } = seedFrom(flags.seed, () => context.drawSeed());
    const options = smokeOptionsFrom({ seed, filter: flags.filter });
    printer = new SuitePrinter(flags);
    if (drawn) context.out(`seed ${formatSeed(seed)}`);
    printer.intro(`smoke: ${options.scenarios.length} scenarios, seed ${formatSeed(seed)}`);
    printer.finish(runSmoke(options, printer.observer(), deps));
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const smokeCommand: CommandModule<object, SmokeFlags> = {
  command: 'smoke',
  describe: 'quick sanity check: the basic scenarios against redlite, judged by the model (under 10 s)',
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('seed', {
        type: 'string',
        describe: 'seed of the scenarios: 0 to 2^64-1, decimal or 0x hex (random when absent)',
      })
      .option('filter', {
        type: 'string',
        describe: `run only the scenarios whose name contains WORD: ${SMOKE_SCENARIO_NAMES.join(', ')}`,
      }) as Argv<SmokeFlags>,
  handler: (flags: ArgumentsCamelCase<SmokeFlags>) => smokeHandler(flags),
};
