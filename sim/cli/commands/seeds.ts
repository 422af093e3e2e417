/**
 * `vopr seeds list | add | remove | test`: the regression seed bank (`tests/seed-bank.txt` by
 * default, `--bank` for another). `test` runs every entry and exits 1 if any fails; `add`
 * stamps the entry with `--date` or today's date from the CLI's wall clock.
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { worldFromFlags } from '../../config/flag-options.ts';
import type { RawWorldFlags } from '../../config/world-flags.ts';
import { definedOnly } from '../../defined-only.ts';
import { parseSeed, SeedError } from '../../random/index.ts';
import { loadTrace, TraceInputError } from '../../trace-tools/load-trace.ts';
import {
  addEntry,
  entries,
  formatEntry,
  removeEntry,
  type SeedBankEntry,
  SeedBankError,
} from '../../trace-tools/seed-bank.ts';
import { readBank, writeBank } from '../../trace-tools/seed-bank-file.ts';
import { entryFlags, entryFlagsFromConfig, entryRunOptions } from '../../trace-tools/seed-bank-flags.ts';
import { testEntry } from '../../trace-tools/seed-bank-run.ts';
import { wallDateIso } from '../../wall-clock.ts';
import { cliContext, EXIT_FAILURE_FOUND, EXIT_PASS, UsageError } from '../context.ts';
import { withWorldFlags } from '../world-options.ts';

const DEFAULT_BANK = fileURLToPath(new URL('../../../tests/seed-bank.txt', import.meta.url));

interface SeedsFlags extends RawWorldFlags {
  bank?: string | undefined;
  seed?: string | undefined;
  description?: string | undefined;
  trace?: string | undefined;
  date?: string | undefined;
}

/** Converts bank errors (malformed lines, duplicates, unknown seeds) into exit-2 input errors. */
function input<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof SeedBankError || error instanceof TraceInputError || error instanceof SeedError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

/** The world flags given on the command line, validated, as the entry will record them. */
function flagsFrom(flags: SeedsFlags): SeedBankEntry['flags'] {
  return entryFlags(worldFromFlags(flags));
}

function list(flags: SeedsFlags): void {
  const context = cliContext();
  const bank = entries(input(() => readBank(flags.bank ?? DEFAULT_BANK)));
  for (const [i, entry] of bank.entries()) context.out(`${String(i + 1).padStart(3)}. ${formatEntry(entry)}`);
  context.out(`${bank.length} entries in ${flags.bank ?? 'tests/seed-bank.txt'}`);
}

function add(flags: SeedsFlags): void {
  const context = cliContext();
  const bankPath = flags.bank ?? DEFAULT_BANK;
  const description = flags.description?.trim() ?? '';
  if (description === '') throw new UsageError('seeds add needs --description "what this seed exercises"');
  const date = flags.date ?? wallDateIso();
  let seed: bigint;
  let recorded = flagsFrom(flags);
  let trace: string | undefined;
  if (flags.trace !== undefined) {
    const header = input(() => loadTrace(flags.trace as string)).header;
    trace = relative(dirname(resolve(bankPath)), resolve(flags.trace))
      .split('\\')
      .join('/');
    seed = flags.seed === undefined ? BigInt(header.seed) : input(() => parseSeed(flags.seed as string));
    if (flags.seed === undefined && recorded.length === 0) recorded = entryFlagsFromConfig(header.config);
  } else {
    if (flags.seed === undefined) throw new UsageError('seeds add needs --seed N (or --trace file)');
    seed = input(() => parseSeed(flags.seed as string));
  }
  const entry: SeedBankEntry = {
    date,
    seed,
    flags: recorded,
    description,
    ...definedOnly({ trace }),
  };
  const options = input(() => entryRunOptions(entry));
  const lines = input(() => addEntry(readBank(bankPath), entry));
  writeBank(bankPath, lines);
  context.out(`added: ${formatEntry(entry)}`);
  const verdict = testEntry(entry, options, bankPath);
  for (const line of verdict.lines) context.out(`  ${line}`);
  if (!verdict.passed)
    context.out('note: this entry fails today, so `vopr seeds test` fails until the bug is fixed');
}

function remove(flags: SeedsFlags): void {
  const context = cliContext();
  const bankPath = flags.bank ?? DEFAULT_BANK;
  if (flags.seed === undefined) throw new UsageError('seeds remove needs --seed N');
  const seed = input(() => parseSeed(flags.seed as string));
  const given = flagsFrom(flags);
  const { lines, removed } = input(() =>
    removeEntry(readBank(bankPath), seed, given.length > 0 ? given : undefined),
  );
  writeBank(bankPath, lines);
  context.out(`removed: ${formatEntry(removed)}`);
}

function test(flags: SeedsFlags): void {
  const context = cliContext();
  const bankPath = flags.bank ?? DEFAULT_BANK;
  const bank = entries(input(() => readBank(bankPath)));
  const prepared = bank.map((entry) => ({ entry, options: input(() => entryRunOptions(entry)) }));
  let failures = 0;
  for (const { entry, options } of prepared) {
    const verdict = input(() => testEntry(entry, options, bankPath));
    if (!verdict.passed) failures++;
    context.out(`${verdict.passed ? 'ok  ' : 'FAIL'} ${formatEntry(entry)}`);
    for (const line of verdict.lines) context.out(`       ${line}`);
  }
  context.out(`${bank.length - failures}/${bank.length} bank entries pass`);
  context.exitCode = failures === 0 ? EXIT_PASS : EXIT_FAILURE_FOUND;
}

function withBank<T>(yargs: Argv<T>): Argv<T & SeedsFlags> {
  return yargs.option('bank', {
    type: 'string',
    describe: 'the bank file (default tests/seed-bank.txt)',
  }) as Argv<T & SeedsFlags>;
}

function withEntryFlags<T>(yargs: Argv<T>): Argv<T & SeedsFlags> {
  const withSeed = withBank(yargs).option('seed', { type: 'string', describe: 'the seed' });
  return withWorldFlags(withSeed) as Argv<T & SeedsFlags>;
}

function sub(
  command: string,
  describe: string,
  builder: (yargs: Argv) => Argv<SeedsFlags>,
  run: (flags: SeedsFlags) => void,
): CommandModule<object, SeedsFlags> {
  return { command, describe, builder, handler: (flags: ArgumentsCamelCase<SeedsFlags>) => run(flags) };
}

export const seedsCommand: CommandModule<object, object> = {
  command: 'seeds',
  describe: 'the regression seed bank: list | add | remove | test',
  builder: (yargs: Argv) =>
    yargs
      .command(sub('list', 'list the bank', withBank, list))
      .command(
        sub(
          'add',
          'add a seed (or a trace) with its flags and a description',
          (y) =>
            withEntryFlags(y)
              .option('description', { type: 'string', describe: 'what the seed exercises (required)' })
              .option('trace', {
                type: 'string',
                describe: 'a trace file to replay too (kept in the repository)',
              })
              .option('date', { type: 'string', describe: 'YYYY-MM-DD (default: today)' }),
          add,
        ),
      )
      .command(
        sub(
          'remove',
          'remove the entry for a seed (name its flags if several match)',
          withEntryFlags,
          remove,
        ),
      )
      .command(sub('test', 'run every entry; exit 1 if any fails', withBank, test))
      .demandCommand(1, 'seeds needs a subcommand: list, add, remove or test'),
  handler: () => undefined,
};
