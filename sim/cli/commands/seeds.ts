/**
 * `vopr seeds list | add | remove | test`: the regression seed bank (`tests/seed-bank.txt` by
 * default, `--bank` for another). `test` runs every entry and exits 1 if any does not come out
 * as banked (a pass, or for an `expect=` finding, exactly that failure); a missing or empty
 * bank is an input error, since it tests nothing. `add` stamps the entry with `--date` or
 * today's date from the CLI's wall clock; with `--trace`, the seed and world come from the
 * trace's header (flags given beside it must agree with it) and the trace must lie in the
 * bank's folder. Runs are paced, so a signal stops `test` and `add` (exit 130/143).
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { CHECKED_INVARIANTS } from '../../checkers/index.ts';
import { worldFromFlags } from '../../config/flag-options.ts';
import type { RawWorldFlags } from '../../config/world-flags.ts';
import { definedOnly } from '../../defined-only.ts';
import { finishPaced, RunInterruptedError } from '../../pacing.ts';
import { parseSeed } from '../../random/index.ts';
import type { TraceHeader } from '../../trace/format.ts';
import { loadTrace } from '../../trace-tools/load-trace.ts';
import {
  addEntry,
  descriptionProblem,
  entries,
  formatEntry,
  removeEntry,
  type SeedBankEntry,
  SeedBankError,
  type SeedBankLine,
  traceOutsideBank,
} from '../../trace-tools/seed-bank.ts';
import { readBank, readBankReporting, writeBank } from '../../trace-tools/seed-bank-file.ts';
import { entryFlags, entryFlagsFromConfig, entryRunOptions } from '../../trace-tools/seed-bank-flags.ts';
import { type EntryVerdict, testEntrySteps } from '../../trace-tools/seed-bank-run.ts';
import { wallDateIso } from '../../wall-clock.ts';
import {
  cliContext,
  cliPacer,
  EXIT_FAILURE_FOUND,
  EXIT_PASS,
  EXIT_USAGE,
  reportInterrupted,
  UsageError,
} from '../context.ts';
import { withWorldFlags } from '../world-options.ts';

const DEFAULT_BANK = fileURLToPath(new URL('../../../tests/seed-bank.txt', import.meta.url));

interface SeedsFlags extends RawWorldFlags {
  bank?: string | undefined;
  seed?: string | undefined;
  description?: string | undefined;
  trace?: string | undefined;
  date?: string | undefined;
  expect?: string | undefined;
}

function bankPathOf(flags: SeedsFlags): string {
  return flags.bank ?? DEFAULT_BANK;
}

/** The bank as the user named it, for messages. */
function bankName(flags: SeedsFlags): string {
  return flags.bank ?? 'tests/seed-bank.txt';
}

/** The world flags given on the command line, validated, as the entry will record them. */
function flagsFrom(flags: SeedsFlags): SeedBankEntry['flags'] {
  return entryFlags(worldFromFlags(flags));
}

function list(flags: SeedsFlags): void {
  const context = cliContext();
  const { lines, errors } = readBankReporting(bankPathOf(flags));
  const bank = entries(lines);
  for (const [i, entry] of bank.entries()) context.out(`${String(i + 1).padStart(3)}. ${formatEntry(entry)}`);
  context.out(`${bank.length} entries in ${bankName(flags)}`);
  for (const error of errors) context.err(`vopr: ${error.message}`);
  context.exitCode = errors.length === 0 ? EXIT_PASS : EXIT_USAGE;
}

/** A known invariant for `--expect`, or an input error listing them. */
function expectedInvariant(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (!CHECKED_INVARIANTS.includes(name))
    throw new UsageError(
      `invalid --expect: ${JSON.stringify(name)} (expected one of ${CHECKED_INVARIANTS.join(', ')})`,
    );
  return name;
}

/** Flags given beside --trace must describe the trace's own world; a mismatch is refused. */
function checkAgainstTrace(flags: SeedsFlags, header: TraceHeader, path: string): void {
  if (flags.seed !== undefined && parseSeed(flags.seed) !== BigInt(header.seed))
    throw new UsageError(
      `--seed ${flags.seed} does not match the trace ${path}, which is of seed ${header.seed}`,
    );
  const recorded = new Map(entryFlagsFromConfig(header.config));
  for (const [name, value] of flagsFrom(flags)) {
    const traced = recorded.get(name);
    if (traced !== value)
      throw new UsageError(
        `--${name}=${value} does not match the trace ${path}, whose world has ${traced === undefined ? `no --${name}` : `--${name}=${traced}`}`,
      );
  }
}

/** The entry `seeds add` banks: seed and world from the flags, or from the trace's header. */
function entryToAdd(flags: SeedsFlags, bankPath: string): SeedBankEntry {
  const description = flags.description?.trim() ?? '';
  const problem = descriptionProblem(description);
  if (problem !== null) throw new UsageError(`seeds add --description: ${problem}`);
  const expect = expectedInvariant(flags.expect);
  const date = flags.date ?? wallDateIso();
  if (flags.trace === undefined) {
    if (flags.seed === undefined) throw new UsageError('seeds add needs --seed N (or --trace file)');
    return {
      date,
      seed: parseSeed(flags.seed),
      flags: flagsFrom(flags),
      description,
      ...definedOnly({ expect }),
    };
  }
  const header = loadTrace(flags.trace).header;
  checkAgainstTrace(flags, header, flags.trace);
  const bankFolder = dirname(resolve(bankPath));
  const trace = relative(bankFolder, resolve(flags.trace)).split('\\').join('/');
  if (traceOutsideBank(trace) !== null)
    throw new UsageError(
      `--trace ${flags.trace} lies outside the bank's folder ${bankFolder}: copy it into that folder (say, its seed-bank/ folder) first`,
    );
  return {
    date,
    seed: BigInt(header.seed),
    flags: entryFlagsFromConfig(header.config),
    trace,
    description,
    ...definedOnly({ expect }),
  };
}

/** Runs one entry paced; a signal ends the command with what it printed so far. */
async function runEntry(
  entry: SeedBankEntry,
  bankPath: string,
): Promise<EntryVerdict | { interruptedBy: string }> {
  try {
    return await finishPaced(testEntrySteps(entry, entryRunOptions(entry), bankPath), cliPacer());
  } catch (error) {
    if (error instanceof RunInterruptedError) return { interruptedBy: error.reason };
    throw error;
  }
}

async function add(flags: SeedsFlags): Promise<void> {
  const context = cliContext();
  const bankPath = bankPathOf(flags);
  const entry = entryToAdd(flags, bankPath);
  // Checks the entry's flags before the bank is written; the run options come again below.
  entryRunOptions(entry);
  const lines = addEntry(readBank(bankPath, true), entry);
  writeBank(bankPath, lines);
  context.out(`added: ${formatEntry(entry)}`);
  const verdict = await runEntry(entry, bankPath);
  if ('interruptedBy' in verdict) {
    reportInterrupted(verdict.interruptedBy, 'the entry was added but not checked');
    return;
  }
  for (const line of verdict.lines) context.out(`  ${line}`);
  if (!verdict.passed)
    context.out(
      entry.expect === undefined
        ? 'note: this entry fails today, so `vopr seeds test` fails until the bug is fixed'
        : `note: this entry does not fail with ${entry.expect} today, so \`vopr seeds test\` fails until it is updated`,
    );
}

function remove(flags: SeedsFlags): void {
  const context = cliContext();
  const bankPath = bankPathOf(flags);
  if (flags.seed === undefined) throw new UsageError('seeds remove needs --seed N');
  const seed = parseSeed(flags.seed);
  const given = flagsFrom(flags);
  const { lines, removed } = removeEntry(readBank(bankPath), seed, given.length > 0 ? given : undefined);
  writeBank(bankPath, lines);
  context.out(`removed: ${formatEntry(removed)}`);
}

/** Each entry with its run options, checked up front; a bad entry is named by its line. */
function checkedEntries(lines: readonly SeedBankLine[]): SeedBankEntry[] {
  return lines.flatMap((line, i) => {
    if (!('entry' in line)) return [];
    try {
      entryRunOptions(line.entry);
    } catch (error) {
      if (error instanceof SeedBankError) throw new SeedBankError(i + 1, error.reason);
      throw error;
    }
    return [line.entry];
  });
}

async function test(flags: SeedsFlags): Promise<void> {
  const context = cliContext();
  const bankPath = bankPathOf(flags);
  const bank = checkedEntries(readBank(bankPath));
  if (bank.length === 0) throw new UsageError(`0 entries in ${bankName(flags)}: nothing to test`);
  let failures = 0;
  for (const [done, entry] of bank.entries()) {
    const verdict = await runEntry(entry, bankPath);
    if ('interruptedBy' in verdict) {
      reportInterrupted(
        verdict.interruptedBy,
        `tested ${done} of ${bank.length} entries, ${failures} failed`,
      );
      return;
    }
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
  run: (flags: SeedsFlags) => void | Promise<void>,
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
              .option('description', {
                type: 'string',
                describe: 'what the seed exercises (required; one line, at most 200 characters)',
              })
              .option('trace', {
                type: 'string',
                describe:
                  "a trace file to replay too, inside the bank's folder (seed and flags come from it)",
              })
              .option('expect', {
                type: 'string',
                describe: 'a demonstrated finding: the invariant the entry must fail with',
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
      .command(sub('test', 'run every entry; exit 1 if any does not come out as banked', withBank, test))
      .demandCommand(1, 'seeds needs a subcommand: list, add, remove or test'),
  handler: () => undefined,
};
