/**
 * `vopr properties [--seeds N] [--filter WORD] [--seed S] [--path P]`: property-based tests
 * of the spec's invariants on fast-check (sim/properties/): per property, the seeds passed,
 * or the shrunk counterexample and the line that replays it. Parsing and printing only.
 * Exit codes: 0 all passed, 1 any failed, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { PROPERTY_NAMES } from '../../properties/catalogue.ts';
import {
  PROPERTY_SEED_MAX,
  PROPERTY_SEEDS_DEFAULT,
  propertiesOptionsFrom,
} from '../../properties/options.ts';
import { type PropertiesDeps, runProperties } from '../../properties/run-properties.ts';
import { cliContext, cliPacer } from '../context.ts';
import {
  asUsageError,
  reportIfStopped,
  type SuiteOutputFlags,
  SuitePrinter,
  withSuiteOutput,
} from '../suite-output.ts';

export interface PropertiesFlags extends SuiteOutputFlags {
  seeds?: number | undefined;
  filter?: string | undefined;
  seed?: string | undefined;
  path?: string | undefined;
}

/** The handler with its target injectable, so tests can plant a bug. */
export async function propertiesHandler(flags: PropertiesFlags, deps: PropertiesDeps = {}): Promise<void> {
  const context = cliContext();
  let printer: SuitePrinter | null = null;
  try {
    const drawn = Number(context.drawSeed() & BigInt(PROPERTY_SEED_MAX));
    const options = propertiesOptionsFrom(
      { seed: flags.seed, seeds: flags.seeds, filter: flags.filter, path: flags.path },
      drawn,
    );
    printer = new SuitePrinter(flags);
    if (flags.seed === undefined) context.out(`seed ${options.seed}`);
    const plan = options.path === null ? `${options.runs} seeds each` : `replaying path ${options.path}`;
    printer.intro(`properties: ${options.names.length} properties, ${plan}, seed ${options.seed}`);
    const report = await runProperties(options, printer.observer(), { pacer: cliPacer(), ...deps });
    printer.finish(report);
    reportIfStopped(report, 'the properties that finished are reported');
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const propertiesCommand: CommandModule<object, PropertiesFlags> = {
  command: 'properties',
  describe: "property-based tests of the spec's invariants, with shrunk counterexamples (fast-check)",
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('seeds', {
        type: 'number',
        describe: `generated inputs per property (default ${PROPERTY_SEEDS_DEFAULT}, the spec's default_seeds)`,
      })
      .option('filter', {
        type: 'string',
        describe: `run only the properties whose name contains WORD: ${PROPERTY_NAMES.join(', ')}`,
      })
      .option('seed', {
        type: 'string',
        describe: 'fast-check seed: 0 to 2^32-1 (random when absent)',
      })
      .option('path', {
        type: 'string',
        describe:
          'replay one counterexample: the fast-check path a failure printed (with --seed and --filter)',
      }) as Argv<PropertiesFlags>,
  handler: (flags: ArgumentsCamelCase<PropertiesFlags>) => propertiesHandler(flags),
};
