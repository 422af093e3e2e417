/**
 * `vopr fuzz [--target NAME] [--time D] [--corpus DIR] [--seed S] [--replay FILE]`:
 * coverage-guided fuzzing of redlite's command entry and the simulator's file readers
 * (sim/fuzz/). Inputs that reach new code are kept in the corpus; crashes and hangs are saved
 * as files that `--replay` reruns. Parsing and printing only. Exit codes: 0 nothing found
 * (replay: no longer fails), 1 a crash or hang, 2 bad input.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { targetOfFinding } from '../../fuzz/corpus-files.ts';
import {
  checkTarget,
  FUZZ_BATCH_DEFAULT,
  FUZZ_CORPUS_DIR_DEFAULT,
  FUZZ_CRASH_DIR_DEFAULT,
  FUZZ_HANG_DEFAULT,
  FUZZ_TIME_DEFAULT,
  fuzzOptionsFrom,
  hangMsOf,
} from '../../fuzz/options.ts';
import { type FuzzDeps, replayFinding, runFuzz } from '../../fuzz/run-fuzz.ts';
import { FUZZ_TARGETS, type TargetEntry } from '../../fuzz/targets/catalogue.ts';
import { formatSeed } from '../../random/index.ts';
import { SuiteOptionError } from '../../suite/options.ts';
import { cliContext, cliPacer } from '../context.ts';
import {
  asUsageError,
  reportIfStopped,
  type SuiteOutputFlags,
  SuitePrinter,
  withSuiteOutput,
} from '../suite-output.ts';
import { seedFrom } from '../world-options.ts';

export interface FuzzFlags extends SuiteOutputFlags {
  target?: string | undefined;
  time?: string | undefined;
  runs?: number | undefined;
  corpus?: string | undefined;
  'crash-dir'?: string | undefined;
  'hang-timeout'?: string | undefined;
  batch?: number | undefined;
  seed?: string | undefined;
  replay?: string | undefined;
}

function replayTarget(flags: FuzzFlags, catalogue: readonly TargetEntry[]): TargetEntry {
  const names = catalogue.map((entry) => entry.name);
  const file = flags.replay as string;
  const name = flags.target === undefined ? targetOfFinding(file, names) : checkTarget(flags.target, names);
  if (name === null) {
    throw new SuiteOptionError(
      '--replay',
      file,
      `the file name names no target; add --target (one of ${names.join(', ')})`,
    );
  }
  return catalogue.find((entry) => entry.name === name) as TargetEntry;
}

/** The handler with its target catalogue injectable, so tests can plant a target. */
export async function fuzzHandler(flags: FuzzFlags, deps: FuzzDeps = {}): Promise<void> {
  const context = cliContext();
  const catalogue = deps.targets ?? FUZZ_TARGETS;
  let printer: SuitePrinter | null = null;
  try {
    if (flags.replay !== undefined) {
      const target = replayTarget(flags, catalogue);
      const hangMs = hangMsOf(flags['hang-timeout']);
      printer = new SuitePrinter(flags);
      printer.intro(`fuzz: replaying ${flags.replay} on ${target.name}`);
      printer.finish(await replayFinding({ file: flags.replay, target, hangMs }, printer.observer()));
      return;
    }
    const { seed, drawn } = seedFrom(flags.seed, () => context.drawSeed());
    const options = fuzzOptionsFrom(
      {
        seed,
        target: flags.target,
        time: flags.time,
        runs: flags.runs,
        corpus: flags.corpus,
        crashDir: flags['crash-dir'],
        hangTimeout: flags['hang-timeout'],
        batch: flags.batch,
      },
      catalogue.map((entry) => entry.name),
    );
    printer = new SuitePrinter(flags);
    if (drawn) context.out(`seed ${formatSeed(seed)}`);
    const bound = options.runsMax === null ? '' : ` or ${options.runsMax} execs`;
    printer.intro(
      `fuzz: ${options.targets.join(', ')}, ${options.timeBudgetMs / 1000} s${bound} each, seed ${formatSeed(seed)}, corpus ${options.corpusDir}`,
    );
    const report = await runFuzz(options, printer.observer(), { targets: catalogue, pacer: cliPacer() });
    printer.finish(report);
    reportIfStopped(report, `the targets fuzzed so far are reported; the corpus is in ${options.corpusDir}`);
  } catch (error) {
    printer?.abort();
    throw asUsageError(error);
  }
}

export const fuzzCommand: CommandModule<object, FuzzFlags> = {
  command: 'fuzz',
  describe:
    "coverage-guided fuzzing of redlite-server's RESP parser, Redlite.exec, the trace reader and the seed bank",
  builder: (yargs: Argv) =>
    withSuiteOutput(yargs)
      .option('target', {
        type: 'string',
        describe: `what to fuzz (default: each in turn): ${FUZZ_TARGETS.map((t) => `${t.name} (${t.description})`).join('; ')}`,
      })
      .option('time', { type: 'string', describe: `wall time per target (default ${FUZZ_TIME_DEFAULT})` })
      .option('runs', {
        type: 'number',
        describe: 'stop a target after this many executions (repeatable runs)',
      })
      .option('corpus', {
        type: 'string',
        describe: `corpus folder; each target keeps <DIR>/<target> (default ${FUZZ_CORPUS_DIR_DEFAULT})`,
      })
      .option('crash-dir', {
        type: 'string',
        describe: `where crashes and hangs are saved (default ${FUZZ_CRASH_DIR_DEFAULT})`,
      })
      .option('hang-timeout', {
        type: 'string',
        describe: `an input running longer is a hang (default ${FUZZ_HANG_DEFAULT})`,
      })
      .option('batch', {
        type: 'number',
        describe: `inputs per coverage take (default ${FUZZ_BATCH_DEFAULT})`,
      })
      .option('seed', { type: 'string', describe: 'mutation seed: 0 to 2^64-1 (random when absent)' })
      .option('replay', {
        type: 'string',
        describe: 'rerun one saved crash or hang file',
      }) as Argv<FuzzFlags>,
  handler: (flags: ArgumentsCamelCase<FuzzFlags>) => fuzzHandler(flags),
};
