/**
 * `vopr chaos [--faults LIST] [--seeds N] [--preset NAME]`: fault injection with the spec's
 * fault names (accepted alongside our kinds), each spec `recovery:` rule judged over a sweep of
 * seeds (sim/chaos/). The sweep's own lines (failing seeds with their replay commands, its
 * tally) go to stderr, so stdout holds the checks and ends with `N passed, N failed`.
 * Parsing and printing only. Exit codes: 0 every rule held, 1 any seed or rule failed, 2 bad
 * input (a spec fault with no kind yet among them), 130 and 143 stopped by SIGINT and SIGTERM
 * (the seeds that finished judged, rules they did not reach skipped).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { CHAOS_PRESETS, CHAOS_SEEDS_DEFAULT } from '../../chaos/presets.ts';
import { chaosOptionsFrom, runChaos } from '../../chaos/run-chaos.ts';
import { SpecFaultError, specFaultHelp } from '../../chaos/spec-faults.ts';
import { FAULT_KINDS } from '../../config/fault-vocabulary.ts';
import { isUsageError } from '../../sweep/options.ts';
import { checkRunnerModule, defaultRunnerModule, RunnerMissingError } from '../../sweep/paths.ts';
import { cliContext, cliPacer, reportInterrupted, UsageError } from '../context.ts';
import { asUsageError, type SuiteOutputFlags, SuitePrinter, withSuiteOutput } from '../suite-output.ts';

export interface ChaosFlags extends SuiteOutputFlags {
  faults?: string | undefined;
  preset?: string | undefined;
  seeds?: number | undefined;
  from?: string | undefined;
  ops?: number | undefined;
  workers?: number | undefined;
  'trace-dir'?: string | undefined;
}

function asChaosUsageError(error: unknown): unknown {
  if (isUsageError(error) || error instanceof SpecFaultError || error instanceof RunnerMissingError) {
    return new UsageError(error.message);
  }
  return asUsageError(error);
}

/** The handler with its runner injectable, so tests can plant a bug. */
export async function chaosHandler(flags: ChaosFlags, runnerModule = defaultRunnerModule()): Promise<void> {
  const context = cliContext();
  const json = flags.json === true;
  let printer: SuitePrinter | null = null;
  try {
    const options = chaosOptionsFrom({
      faults: flags.faults,
      preset: flags.preset,
      seeds: flags.seeds,
      from: flags.from,
      ops: flags.ops,
      workers: flags.workers,
      traceDir: flags['trace-dir'],
    });
    checkRunnerModule(runnerModule);
    printer = new SuitePrinter(flags);
    const { plan, sweep } = options;
    printer.intro(
      `chaos ${plan.label}: ${plan.kinds.join(', ')} on the ${plan.scenario} workload, ${sweep.seeds} seeds x ${sweep.world.opsMax} ops from seed ${sweep.from}, ${sweep.workers} workers`,
    );
    const quiet = { line: () => {}, status: () => {} };
    const run = await runChaos(options, printer.observer(), {
      runnerModule,
      output: json ? quiet : { line: (text) => context.err(text), status: (text) => context.err(text) },
      tty: context.isTty && !json ? process.stderr : null,
      pacer: cliPacer(),
    });
    printer.finish(run.report);
    if (run.stoppedBy !== null) reportInterrupted(run.stoppedBy, 'the seeds that finished were judged');
  } catch (error) {
    printer?.abort();
    throw asChaosUsageError(error);
  }
}

const PRESET_HELP = CHAOS_PRESETS.map((preset) => `${preset.name} (${preset.specFaults.join(', ')})`).join(
  '; ',
);

export const chaosCommand: CommandModule<object, ChaosFlags> = {
  command: 'chaos',
  describe: "fault injection with the spec's fault names: each recovery rule judged over many seeds",
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('faults', {
        type: 'string',
        describe: `comma list of spec fault names, or our kinds (${FAULT_KINDS.join(', ')}); default every spec fault`,
      })
      .option('preset', { type: 'string', describe: `a spec chaos scenario: ${PRESET_HELP}` })
      .option('seeds', { type: 'number', describe: `seeds to run (default ${CHAOS_SEEDS_DEFAULT})` })
      .option('from', { type: 'string', describe: 'first seed (default 0)' })
      .option('ops', { type: 'number', describe: 'client ops per seed (default 1000)' })
      .option('workers', { type: 'number', describe: 'worker processes (default: every core)' })
      .option('trace-dir', { type: 'string', describe: "where failing seeds' traces go" })
      .epilogue(`What each spec fault name maps to: ${specFaultHelp()}`) as Argv<ChaosFlags>,
  handler: (flags: ArgumentsCamelCase<ChaosFlags>) => chaosHandler(flags),
};
