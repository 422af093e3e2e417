/**
 * The world flags shared by every command that runs a world (run now; replay, sweep and others
 * later): one yargs builder and one function that turns parsed flags into validated
 * RunOptions. Errors name the flag and the bad value, and become exit code 2.
 */
import type { Argv } from 'yargs';
import { SCENARIO_NAMES } from '../../scenarios/index.ts';
import { ConfigError } from '../config/ConfigError.ts';
import { checkDurability, checkKnob, checkScenario } from '../config/draw-config.ts';
import { FAULT_KINDS, parseFaultList } from '../config/fault-rates.ts';
import { parseSeed, SeedError } from '../random/index.ts';
import type { LogLevel, RunOptions } from '../run-types.ts';
import { UsageError } from './context.ts';

export interface WorldFlags {
  seed?: string | undefined;
  scenario?: string | undefined;
  ops?: number | undefined;
  clients?: number | undefined;
  durability?: string | undefined;
  trace?: string | undefined;
  'log-level'?: string | undefined;
  json?: boolean | undefined;
  'keep-files'?: boolean | undefined;
  faults?: string | undefined;
  /** A seed-bank entry carries it as the text `true`. */
  'strict-durability'?: boolean | string | undefined;
}

const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'info', 'debug'];

export function withWorldOptions<T>(yargs: Argv<T>): Argv<T & WorldFlags> {
  return yargs
    .option('seed', {
      type: 'string',
      describe: 'world seed: 0 to 2^64-1, decimal or 0x hex (random when absent)',
    })
    .option('scenario', {
      type: 'string',
      describe: `workload: ${SCENARIO_NAMES.join(', ')} (the seed picks when absent)`,
    })
    .option('ops', { type: 'number', describe: 'client ops to run', default: 1000 })
    .option('clients', { type: 'number', describe: 'simulated clients, 1-16 (the seed picks when absent)' })
    .option('durability', {
      type: 'string',
      describe: "redlite's synchronous mode: normal or full (seeded when absent)",
    })
    .option('trace', { type: 'string', describe: 'write the trace (JSON Lines) to this file' })
    .option('log-level', {
      type: 'string',
      describe: 'NDJSON log level on stderr: silent, error, info, debug',
    })
    .option('json', { type: 'boolean', describe: 'print the result as one JSON object on the last line' })
    .option('faults', {
      type: 'string',
      describe: `fault kinds on: none, all, or a comma list of ${FAULT_KINDS.join(', ')} (the scenario decides when absent)`,
    })
    .option('strict-durability', {
      type: 'boolean',
      describe:
        'fail (wal_durability) when a power loss loses any acknowledged write, in any durability mode',
    })
    .option('keep-files', {
      type: 'boolean',
      describe: "keep the world's database folder after the run",
    }) as Argv<T & WorldFlags>;
}

function seedFrom(text: string | undefined, drawSeed: () => bigint): { seed: bigint; drawn: boolean } {
  if (text === undefined) return { seed: drawSeed(), drawn: true };
  try {
    return { seed: parseSeed(text), drawn: false };
  } catch (error) {
    if (error instanceof SeedError)
      throw new UsageError(
        `invalid --seed ${JSON.stringify(text)}: ${error.message.split(': ').slice(1).join(': ')}`,
      );
    throw error;
  }
}

function intFlag(
  name: string,
  value: number | undefined,
  knobName: 'opsMax' | 'clients',
): number | undefined {
  if (value === undefined) return undefined;
  return checkKnob(knobName, value, `--${name}`);
}

/** Validated RunOptions from parsed flags; throws UsageError or ConfigError naming the flag. */
export function worldOptionsFrom(
  flags: WorldFlags,
  drawSeed: () => bigint,
): { options: RunOptions; seedDrawn: boolean } {
  const { seed, drawn } = seedFrom(flags.seed, drawSeed);
  const options: RunOptions = { seed };
  if (flags.scenario !== undefined) options.scenario = checkScenario(flags.scenario, '--scenario').name;
  const opsMax = intFlag('ops', flags.ops, 'opsMax');
  if (opsMax !== undefined) options.opsMax = opsMax;
  const clients = intFlag('clients', flags.clients, 'clients');
  if (clients !== undefined) options.clients = clients;
  if (flags.durability !== undefined) options.durability = checkDurability(flags.durability, '--durability');
  if (flags.trace !== undefined) {
    if (flags.trace === '') throw new ConfigError('--trace', flags.trace, 'a file path');
    options.tracePath = flags.trace;
  }
  const level = flags['log-level'];
  if (level !== undefined) {
    if (!LOG_LEVELS.includes(level as LogLevel))
      throw new ConfigError('--log-level', level, LOG_LEVELS.join(', '));
    options.logLevel = level as LogLevel;
  }
  if (flags['keep-files'] === true) options.keepFiles = true;
  if (flags.faults !== undefined) {
    const kinds = parseFaultList(flags.faults, '--faults');
    options.faults =
      flags.faults.trim() === 'all' || flags.faults.trim() === 'none' ? flags.faults.trim() : kinds.join(',');
  }
  const strict = flags['strict-durability'];
  if (strict === true || strict === 'true') options.strictDurability = true;
  return { options, seedDrawn: drawn };
}
