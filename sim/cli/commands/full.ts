/**
 * `vopr full [--profile quick|nightly]`: everything, in order (sim/full/): smoke, properties,
 * oracle (skipped with the reason when there is no Redis), simulate, chaos, a short fuzz, the
 * seed bank, and for nightly stress and a short soak. One line per part as it finishes, one
 * summary table, then `N passed, N failed` (or one JSON report with --json). Exit codes: 0
 * every part passed, 1 any part failed, 2 bad input, 130 and 143 stopped by SIGINT and SIGTERM
 * (the running part told and allowed to keep its work, the parts done reported).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { FULL_PROFILES, type FullProfile } from '../../full/profiles.ts';
import { type FullDeps, runFull } from '../../full/run-full.ts';
import { fullSummaryTable } from '../../full/summary-table.ts';
import { redisUrlOf } from '../../oracle/local-servers.ts';
import { SuiteOptionError } from '../../suite/options.ts';
import { cliContext, cliPacer, reportInterrupted } from '../context.ts';
import { asUsageError, type SuiteOutputFlags, SuitePrinter, withSuiteOutput } from '../suite-output.ts';

export interface FullFlags extends SuiteOutputFlags {
  profile?: string | undefined;
  redis?: string | undefined;
}

function profileOf(value: string | undefined): FullProfile {
  const profile = value ?? 'quick';
  if (!(FULL_PROFILES as readonly string[]).includes(profile)) {
    throw new SuiteOptionError('--profile', value, `expected one of ${FULL_PROFILES.join(', ')}`);
  }
  return profile as FullProfile;
}

/** The handler with its vopr executable injectable, so tests can run stand-in parts. */
export async function fullHandler(flags: FullFlags, deps: FullDeps = {}): Promise<void> {
  const context = cliContext();
  let printer: SuitePrinter | null = null;
  try {
    const profile = profileOf(flags.profile);
    printer = new SuitePrinter(flags);
    printer.intro(`full: profile ${profile}`);
    const run = await runFull(
      { profile, redisUrl: flags.redis === undefined ? null : redisUrlOf(flags.redis) },
      printer.observer(),
      { pacer: cliPacer(), ...deps },
    );
    if (flags.json !== true) for (const line of ['', ...fullSummaryTable(run.report)]) context.out(line);
    printer.finish(run.report);
    if (run.stoppedBy !== null) reportInterrupted(run.stoppedBy, 'the parts that finished are reported');
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const fullCommand: CommandModule<object, FullFlags> = {
  command: 'full',
  describe:
    'everything in order: smoke, properties, oracle, simulate, chaos, fuzz, the seed bank (nightly: stress, soak)',
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('profile', {
        type: 'string',
        describe:
          'quick (under 5 minutes on 2 cores) or nightly (spec-sized counts, stress and a short soak)',
      })
      .option('redis', {
        type: 'string',
        describe: 'a Redis for the oracle part (default: redis-server from PATH, or the part is skipped)',
      }) as Argv<FullFlags>,
  handler: (flags: ArgumentsCamelCase<FullFlags>) => fullHandler(flags),
};
