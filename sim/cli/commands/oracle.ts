/**
 * `vopr oracle [--redis URL] [--seeds N] [--group NAME] [--target inprocess|redlite-server]`:
 * redlite against a live Redis over RESP, group by group with the spec's case counts
 * (sim/oracle/). Without --redis it starts redis-server from PATH on a free loopback port and
 * stops it afterwards; without one on PATH it says so in one line (exit 2). Parsing and
 * printing only. Exit codes: 0 no divergence, 1 any divergence, 2 bad input, 3 a server that
 * would not start or a lost connection, 130 and 143 stopped by SIGINT and SIGTERM (what ran is
 * judged, the servers stopped).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ToolError } from '../../error-kinds.ts';
import { ORACLE_GROUPS } from '../../oracle/groups.ts';
import {
  ORACLE_SEEDS_DEFAULT,
  ORACLE_TARGETS,
  type OracleDeps,
  oracleOptionsFrom,
  runOracle,
} from '../../oracle/run-oracle.ts';
import { OracleConnectionError } from '../../oracle/targets.ts';
import { formatSeed } from '../../random/index.ts';
import { cliContext, cliPacer, reportInterrupted } from '../context.ts';
import { asUsageError, type SuiteOutputFlags, SuitePrinter, withSuiteOutput } from '../suite-output.ts';
import { seedFrom } from '../world-options.ts';

export interface OracleFlags extends SuiteOutputFlags {
  redis?: string | undefined;
  seeds?: number | undefined;
  seed?: string | undefined;
  group?: string | undefined;
  target?: string | undefined;
}

class OracleLostError extends ToolError {
  constructor(cause: OracleConnectionError) {
    super(`oracle: lost ${cause.message}`);
    this.name = 'OracleLostError';
  }
}

/** The handler with its in-process redlite injectable, so tests can plant a bug. */
export async function oracleHandler(flags: OracleFlags, deps: OracleDeps = {}): Promise<void> {
  const context = cliContext();
  let printer: SuitePrinter | null = null;
  try {
    const { seed, drawn } = seedFrom(flags.seed, () => context.drawSeed());
    const options = oracleOptionsFrom({
      seed,
      seeds: flags.seeds,
      group: flags.group,
      redis: flags.redis,
      target: flags.target,
    });
    printer = new SuitePrinter(flags);
    if (drawn && flags.json !== true) context.out(`seed ${formatSeed(seed)}`);
    printer.intro(
      `oracle: ${options.groups.join(', ')}; ${options.seeds} seed(s) per group, seed ${formatSeed(seed)}, target ${options.target}`,
    );
    const run = await runOracle(options, printer.observer(), { pacer: cliPacer(), ...deps });
    printer.finish(run.report);
    if (run.stoppedBy !== null) reportInterrupted(run.stoppedBy, 'the commands that ran were judged');
  } catch (error) {
    printer?.abort();
    if (error instanceof OracleConnectionError) throw new OracleLostError(error);
    throw asUsageError(error);
  }
}

const GROUP_HELP = ORACLE_GROUPS.map((group) => `${group.name} (${group.cases})`).join(', ');

export const oracleCommand: CommandModule<object, OracleFlags> = {
  command: 'oracle',
  describe: 'redlite against a live Redis over RESP: the spec command groups, divergences per group',
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('redis', {
        type: 'string',
        describe:
          'the Redis to compare with: redis://host:port or host:port (default: start redis-server from PATH)',
      })
      .option('seeds', {
        type: 'number',
        describe: `seeded command streams per group, each of the group's case count (default ${ORACLE_SEEDS_DEFAULT})`,
      })
      .option('seed', {
        type: 'string',
        describe: 'seed of the streams: 0 to 2^64-1, decimal or 0x hex (random when absent)',
      })
      .option('group', {
        type: 'string',
        describe: `run only the groups whose name contains WORD: ${GROUP_HELP}`,
      })
      .option('target', {
        type: 'string',
        describe: `the redlite side: ${ORACLE_TARGETS.join(' or ')} (bin/redlite-server on a free port)`,
      }) as Argv<OracleFlags>,
  handler: (flags: ArgumentsCamelCase<OracleFlags>) => oracleHandler(flags),
};
