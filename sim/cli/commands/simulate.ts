/**
 * `vopr simulate [--seeds N] [--scenario normal_operations|occasional_faults|hostile_environment]`:
 * deterministic simulation with the spec's simulation defaults (1000 seeds, 10,000 ops per seed,
 * 10 clients), riding the sweep (workers, reports, shards). Parsing and printing only; the
 * mapping is sim/simulate/. Exit codes: 0 all seeds passed, 1 any failed, 2 bad input (a spec
 * fault with no kind behind it yet among them), 3 a report that could not be written, 130 and
 * 143 stopped by SIGINT and SIGTERM (the seeds that finished reported, the report incomplete).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { SpecFaultError, specFaultHelp } from '../../chaos/spec-faults.ts';
import { ReportPathError } from '../../report/write-reports.ts';
import {
  runSimulate,
  simulateOptionsFrom,
  simulatePlanLine,
  simulateSummary,
} from '../../simulate/run-simulate.ts';
import { SIMULATION_DEFAULTS, SIMULATION_SCENARIOS } from '../../simulate/scenarios.ts';
import { SuiteOptionError } from '../../suite/options.ts';
import { isUsageError } from '../../sweep/options.ts';
import { checkRunnerModule, defaultRunnerModule, RunnerMissingError } from '../../sweep/paths.ts';
import type { SweepDeps } from '../../sweep/run-sweep.ts';
import { SweepAbortedError } from '../../sweep/Sweep.ts';
import { cliContext, cliPacer, reportInterrupted, UsageError } from '../context.ts';
import {
  type SweepRunFlags,
  sweepRunOptionsOf,
  withSeedRangeOptions,
  withSweepRunOptions,
} from '../sweep-run-flags.ts';

export interface SimulateFlags extends SweepRunFlags {
  seeds?: number | undefined;
  scenario?: string | undefined;
  ops?: number | undefined;
  clients?: number | undefined;
  json?: boolean | undefined;
}

function isInputError(error: unknown): error is Error {
  return (
    isUsageError(error) ||
    error instanceof SpecFaultError ||
    error instanceof SuiteOptionError ||
    error instanceof ReportPathError ||
    error instanceof RunnerMissingError ||
    error instanceof SweepAbortedError
  );
}

/** The handler with its runner injectable, so tests can plant a bug. */
export async function simulateHandler(
  flags: SimulateFlags,
  runnerModule = defaultRunnerModule(),
): Promise<void> {
  const context = cliContext();
  const json = flags.json === true;
  try {
    const options = simulateOptionsFrom(
      {
        seeds: flags.seeds,
        scenario: flags.scenario,
        ops: flags.ops,
        clients: flags.clients,
        ...sweepRunOptionsOf(flags),
      },
      process.env,
    );
    checkRunnerModule(runnerModule);
    const deps: SweepDeps = {
      runnerModule,
      output: json
        ? { line: () => {}, status: () => {} }
        : { line: (text) => context.out(text), status: (text) => context.err(text) },
      tty: context.isTty && !json ? process.stderr : null,
      pacer: cliPacer(),
    };
    if (!json) context.out(simulatePlanLine(options));
    const run = await runSimulate(options, deps);
    if (json) context.out(JSON.stringify(simulateSummary(options, run.report)));
    context.exitCode = run.exitCode;
    if (run.stoppedBy !== null) {
      const written = options.sweep.reports.length === 0 ? 'no --report asked' : 'partial report written';
      reportInterrupted(run.stoppedBy, `${written}, ${run.report.totals.seeds} seeds finished`);
    }
  } catch (error) {
    if (isInputError(error)) throw new UsageError(error.message);
    throw error;
  }
}

const SCENARIO_HELP = SIMULATION_SCENARIOS.map((row) => `${row.name} (${row.description})`).join('; ');

export const simulateCommand: CommandModule<object, SimulateFlags> = {
  command: 'simulate',
  describe:
    'deterministic simulation with the spec defaults: many seeds of the mixed workload, on every core',
  builder: (yargs: Argv) =>
    withSweepRunOptions(
      withSeedRangeOptions(
        yargs
          .option('seeds', {
            type: 'number',
            describe: `seeds to run (default ${SIMULATION_DEFAULTS.seeds})`,
          })
          .option('scenario', {
            type: 'string',
            describe: `the spec's simulation scenario: ${SCENARIO_HELP}`,
          })
          .option('ops', {
            type: 'number',
            describe: `client ops per seed (default ${SIMULATION_DEFAULTS.opsPerSeed})`,
          })
          .option('clients', {
            type: 'number',
            describe: `simulated clients per seed (default ${SIMULATION_DEFAULTS.clients})`,
          })
          .option('json', {
            type: 'boolean',
            describe: 'print the result as one JSON object on the last line',
          }),
      ),
    ).epilogue(`Spec fault names: ${specFaultHelp()}`) as Argv<SimulateFlags>,
  handler: (flags: ArgumentsCamelCase<SimulateFlags>) => simulateHandler(flags),
};
